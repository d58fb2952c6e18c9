"""The clip folder scan: what becomes a clip, what is skipped and why, shows, titles and order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.library import is_video_container, scan_library
from tests.clipmaker import truncated_clip

PROJECT = Path(__file__).resolve().parents[2]
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41" + bytes(100)
MKV = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + bytes(100)
TS = (b"\x47\x40\x00\x10" + bytes(184)) * 3


def put(path: Path, data: bytes = MP4) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def found(root: Path) -> tuple[list[tuple[str, str, str | None]], dict[str, str]]:
    """The scan as (relative path, title, show) per clip, in order, and relative path: reason."""
    scan = scan_library(root)
    assert scan.folder == root
    clips = [(c.path.relative_to(root).as_posix(), c.title, c.show) for c in scan.clips]
    return clips, {s.path.relative_to(root).as_posix(): s.reason for s in scan.skipped}


def test_a_mixed_tree_gives_exactly_its_clips_shows_titles_and_skip_reasons(tmp_path: Path) -> None:
    root = tmp_path / "Kids"
    put(root / "intro_movie.mp4")
    put(root / "Peppa_Pig" / "01 - muddy puddles.MP4")
    put(root / "Peppa_Pig" / "02_the.new.car.Mkv", MKV)
    put(root / "Peppa_Pig" / "Season 2" / "deep" / "S02E10 Bubbles.ts", TS)
    put(root / "Peppa_Pig" / ".secret clip.mp4")
    put(root / "Peppa_Pig" / "._01 - muddy puddles.MP4", b"\x00\x05\x16\x07AppleDouble")
    (root / "Peppa_Pig" / "back to top").symlink_to(root, target_is_directory=True)
    put(root / ".stash" / "hidden away.mp4")
    put(root / "new song.mp4.part")
    put(root / "other song.mp4.crdownload")
    put(root / "empty.mp4", b"")
    put(root / "notes.mp4", b"this is not a video, just some words\n" * 20)
    put(root / "noise.avi", bytes(range(256)))
    put(root / "cover.jpg", b"\xff\xd8\xff\xe0")
    put(root / "$RECYCLE.BIN" / "deleted.mp4")
    (root / "gone.mp4").symlink_to(tmp_path / "nowhere.mp4")
    (root / "Favourite.mp4").symlink_to(root / "Peppa_Pig" / "01 - muddy puddles.MP4")
    put(tmp_path / "elsewhere" / "Car wash.webm", MKV)
    (root / "Cars").symlink_to(tmp_path / "elsewhere", target_is_directory=True)

    clips, skipped = found(root)

    assert clips == [
        ("Cars/Car wash.webm", "Car wash", "Cars"),
        ("Favourite.mp4", "Favourite", None),
        ("intro_movie.mp4", "Intro movie", None),
        ("Peppa_Pig/01 - muddy puddles.MP4", "Muddy puddles", "Peppa Pig"),
        ("Peppa_Pig/02_the.new.car.Mkv", "The new car", "Peppa Pig"),
        ("Peppa_Pig/Season 2/deep/S02E10 Bubbles.ts", "S02E10 Bubbles", "Peppa Pig"),
    ]
    assert skipped == {
        "$RECYCLE.BIN": "recycle bin: deleted files are never played",
        ".stash": "hidden folder",
        "cover.jpg": "not a video file type",
        "empty.mp4": "empty file (0 bytes)",
        "gone.mp4": "broken link: what it points to does not exist",
        "new song.mp4.part": "partial download",
        "noise.avi": "not a video: its contents are not a known video container",
        "notes.mp4": "not a video: it holds text, such as a saved web page",
        "other song.mp4.crdownload": "partial download",
        "Peppa_Pig/._01 - muddy puddles.MP4": "macOS AppleDouble file",
        "Peppa_Pig/.secret clip.mp4": "hidden file",
        "Peppa_Pig/back to top": "symlink loop: it leads back to a folder that contains it",
    }
    assert scan_library(root).problem is None


def test_two_links_to_one_folder_scan_it_once_and_say_so(tmp_path: Path) -> None:
    put(tmp_path / "shared" / "clip.mp4")
    root = tmp_path / "lib"
    root.mkdir()
    (root / "A").symlink_to(tmp_path / "shared", target_is_directory=True)
    (root / "B").symlink_to(tmp_path / "shared", target_is_directory=True)
    clips, skipped = found(root)
    assert clips == [("A/clip.mp4", "Clip", "A")]
    assert skipped == {"B": f"same folder as {root / 'A'}, which is already scanned"}


def test_a_file_link_loop_and_a_pipe_are_skipped_without_hanging(tmp_path: Path) -> None:
    put(tmp_path / "ok.mp4")
    (tmp_path / "a.mp4").symlink_to(tmp_path / "b.mp4")
    (tmp_path / "b.mp4").symlink_to(tmp_path / "a.mp4")
    os.mkfifo(tmp_path / "pipe.mp4")
    clips, skipped = found(tmp_path)
    assert clips == [("ok.mp4", "Ok", None)]
    assert skipped == {
        "a.mp4": "symlink loop",
        "b.mp4": "symlink loop",
        "pipe.mp4": "not a regular file (a device, pipe or socket)",
    }


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: put(p, b"not a folder"), "is a file, not a folder"),
        (lambda p: p.mkdir(), "is empty"),
        (lambda p: put(p / "readme.txt", b"hello"), "has no playable clips"),
    ],
    ids=["missing", "file", "empty", "nothing-playable"],
)
def test_an_unusable_folder_is_one_friendly_problem(
    tmp_path: Path, make: Callable[[Path], object], expected: str
) -> None:
    folder = tmp_path / "clips"
    make(folder)
    problem = scan_library(folder).problem
    assert problem is not None
    assert problem.startswith(f"The clip folder {folder} {expected}")
    assert "(mp4, mkv, webm, ...)" in problem
    assert "\n" not in problem


def test_a_relative_folder_is_reported_and_scanned_as_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(tmp_path / "lib" / "a.mp4")
    monkeypatch.chdir(tmp_path)
    scan = scan_library(Path("lib"))
    assert [c.path for c in scan.clips] == [tmp_path / "lib" / "a.mp4"]


def _scan_unprivileged(folder: Path) -> dict[str, object]:
    """The scan as a user without root's power to read anything, as JSON-friendly data."""
    script = (
        "import json, sys; from pathlib import Path; from kiosk.core.library import scan_library;"
        "s = scan_library(Path(sys.argv[1]));"
        "print(json.dumps({'clips': [str(c.path) for c in s.clips], 'problem': s.problem,"
        "'skipped': {str(k.path): k.reason for k in s.skipped}}))"
    )
    command = [sys.executable, "-c", script, str(folder)]
    if os.geteuid() == 0:
        # chmod 000 does not stop root, whose CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH skip
        # permission checks. Drop those two from a child process, which then stays uid 0 but
        # is refused like any other user.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root, where chmod 000 does not deny reads, without setpriv")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    run = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, check=False)
    if run.returncode != 0 and "setpriv" in run.stderr:
        pytest.skip(
            f"running as root and cannot drop root's file-permission override: {run.stderr}"
        )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_unreadable_files_and_folders_are_skipped_and_an_unreadable_root_is_a_problem(
    tmp_path: Path,
) -> None:
    root = tmp_path / "lib"
    put(root / "fine.mp4")
    locked_file = put(root / "locked.mp4")
    locked_folder = root / "Locked show"
    put(locked_folder / "inside.mp4")
    for path in (locked_file, locked_folder, root):
        path.chmod(0o755)
    locked_file.chmod(0)
    locked_folder.chmod(0)
    try:
        result = _scan_unprivileged(root)
        assert result["clips"] == [str(root / "fine.mp4")]
        assert result["skipped"] == {
            str(locked_folder): "cannot be read: permission denied",
            str(locked_file): "cannot be read: permission denied",
        }
        assert result["problem"] is None
        root.chmod(0)
        problem = _scan_unprivileged(root)["problem"]
        assert problem == (
            f"The clip folder {root} cannot be read (permission denied): "
            "choose a folder that this user can read"
        )
    finally:
        for path in (root, locked_file, locked_folder):
            path.chmod(0o755)


UNUSUAL_NAMES = [
    ("Caf\u00e9 song.mp4", "Café song"),  # NFC
    ("Cafe\u0301 dance.mp4", "Café dance"),  # NFD: the title is shown composed
    ("two  spaces here.mp4", "Two spaces here"),
    ("#1 hit.mp4", "#1 hit"),
    ("100% fun.mp4", "100% fun"),
    ("why?.mp4", "Why?"),
    ("\U0001f427 Penguins.mp4", "\U0001f427 Penguins"),
]


def test_unusual_names_are_found_readable_and_openable(tmp_path: Path) -> None:
    folder = tmp_path / "Sh\u00f6w #1 \U0001f680"
    for name, _ in UNUSUAL_NAMES:
        put(folder / name)
    # Not valid UTF-8, as a name copied from an old Latin-1 system can be on Linux.
    put(Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9 latin1.mp4")))
    scan = scan_library(tmp_path)
    titles = {clip.path.name: clip.title for clip in scan.clips}
    assert titles == {
        **dict(UNUSUAL_NAMES),
        os.fsdecode(b"caf\xe9 latin1.mp4"): "Caf\ufffd latin1",
    }
    assert {clip.show for clip in scan.clips} == {"Sh\u00f6w #1 \U0001f680"}
    for clip in scan.clips:
        assert clip.path.read_bytes() == MP4
        assert unicodedata.is_normalized("NFC", clip.title)
    assert scan.skipped == []


def test_clips_come_in_natural_order_by_folder_then_name(tmp_path: Path) -> None:
    names = ["Show 10/1.mp4", "Show 2/10.mp4", "Show 2/2.mp4", "Show/b.mp4", "a 10.mp4", "A 9.mp4"]
    for name in names:
        put(tmp_path / name)
    clips, _ = found(tmp_path)
    assert [c[0] for c in clips] == [
        "A 9.mp4",
        "a 10.mp4",
        "Show/b.mp4",
        "Show 2/2.mp4",
        "Show 2/10.mp4",
        "Show 10/1.mp4",
    ]


@pytest.mark.parametrize(
    ("ext", "codec"),
    [
        ("mp4", "mpeg4"),
        ("m4v", "mpeg4"),
        ("mov", "mpeg4"),
        ("mkv", "mpeg4"),
        ("webm", "libvpx"),
        ("avi", "mpeg4"),
        ("mpg", "mpeg1video"),
        ("mpeg", "mpeg1video"),
        ("ts", "mpeg4"),
    ],
)
def test_what_ffmpeg_writes_passes_the_sniff_even_truncated(
    tmp_path: Path, ext: str, codec: str
) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed: scripts/test installs it with apt-get")
    clip = tmp_path / f"real.{ext}"
    source = ["-f", "lavfi", "-i", "color=c=red:s=32x32:r=25:d=0.4"]
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", *source, "-c:v", codec, str(clip)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    truncated_clip(tmp_path / f"cut.{ext}", clip, keep_fraction=0.5)
    clips, skipped = found(tmp_path)
    assert [c[0] for c in clips] == [f"cut.{ext}", f"real.{ext}"]
    assert skipped == {}


@pytest.mark.parametrize(
    ("head", "is_video"),
    [
        (b"\x00\x00\x00\x08moov" + bytes(8), True),
        (b"\x00\x00\x00\x08mdat" + bytes(8), True),
        (b"\x00\x00\x00\x08wide" + bytes(8), True),
        (b"RIFF\x00\x10\x00\x00AVI LIST", True),
        (b"RIFF\x00\x10\x00\x00WAVEfmt ", False),
        (b"\x00\x00\x01\xba\x44\x00", True),
        (b"\x00\x00\x01\xb3\x02\x00", True),
        (TS, True),
        ((b"\x47" + bytes(187)) * 2, False),  # two packets are not enough to be sure
        (b"G" * 200 + b"\n" * 200, False),  # text with "G" at 0 and 188, but not at 376
        (b"OggS\x00\x02", True),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", False),
    ],
)
def test_is_video_container(head: bytes, is_video: bool) -> None:
    assert is_video_container(head) is is_video


def test_importing_the_library_loads_neither_qt_nor_vlc() -> None:
    script = (
        "import sys, kiosk.core.library, kiosk.core.playlist;"
        "print(sorted(m for m in ('PySide6', 'vlc') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT, check=True
    )
    assert run.stdout.strip() == "[]"

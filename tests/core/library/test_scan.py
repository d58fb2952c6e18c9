"""The clip folder scan: what becomes a clip, what is skipped and why, shows, titles and order,
and what a clips.toml in a folder does to the videos there."""

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

from kiosk.core.clip import Clip
from kiosk.core.library.scan import SkippedFile, is_video_container, scan_library, segments_past_end
from tests.clipmaker import ClipCache, empty_file, text_as_video, truncated_clip

PROJECT = Path(__file__).resolve().parents[3]
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
        "import json, sys; from pathlib import Path; from kiosk.core.library.scan import scan_library;"
        "s = scan_library(Path(sys.argv[1]));"
        "print(json.dumps({'clips': [str(c.path) for c in s.clips], 'problem': s.problem,"
        "'skipped': {str(k.path): k.reason for k in s.skipped},"
        "'sidecar_problems': [str(p) for p in s.sidecar_problems]}))"
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
            str(locked_folder): "cannot be read (permission denied)",
            str(locked_file): "cannot be read (permission denied)",
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


def test_an_unreadable_clips_toml_is_a_problem_and_hides_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    put(root / "fine.mp4")
    sidecar = root / "clips.toml"
    sidecar.write_text('[[clip]]\nfile = "fine.mp4"\nhide = true\n')
    sidecar.chmod(0)
    try:
        result = _scan_unprivileged(root)
    finally:
        sidecar.chmod(0o644)
    assert result["clips"] == []
    assert result["skipped"] == {
        str(root / "fine.mp4"): "hidden until the problem in clips.toml is fixed"
    }
    assert result["sidecar_problems"] == [
        f"{sidecar}: cannot be read (permission denied), so every video in this folder is"
        " hidden: make it a text file this user can read"
    ]


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


def test_real_clips_that_are_odd_but_well_formed_pass_the_scan(
    tmp_path: Path, clip_cache: ClipCache
) -> None:
    """The scan reads names and first bytes only: a clip under a second long, an upper-case
    extension and a file with no video stream all start like a container and are kept. An
    audio-only file never shows a first frame, so the player's watchdog skips it at play time."""
    clip_cache.solid(tmp_path / "Blink.mp4", "red", seconds=0.4)
    clip_cache.solid(tmp_path / "SHOUTING.MP4", "blue", seconds=1)
    clip_cache.audio_only(tmp_path / "Song only.mp4")
    clip_cache.audio_only(tmp_path / "Song.m4a")
    empty_file(tmp_path / "Nothing.mp4")
    text_as_video(tmp_path / "Saved page.mp4")
    truncated_clip(tmp_path / "Half.mp4", tmp_path / "SHOUTING.MP4", keep_fraction=0.5)
    clips, skipped = found(tmp_path)
    assert clips == [
        ("Blink.mp4", "Blink", None),
        ("Half.mp4", "Half", None),
        ("SHOUTING.MP4", "SHOUTING", None),
        ("Song only.mp4", "Song only", None),
    ]
    assert skipped == {
        "Nothing.mp4": "empty file (0 bytes)",
        "Saved page.mp4": "not a video: it holds text, such as a saved web page",
        "Song.m4a": "not a video file type",
    }


PENGUINS_TOML = """\
[[clip]]
file = "Episode 01.mp4"
start = "2:00"
end = "2:30"

[[clip]]
file = "Episode 01.mp4"
start = "1:30"
end = "1:45"
title = "The penguins slide"

[[clip]]
file = "Bloopers.mp4"
hide = true

[[clip]]
file = "Credits.mp4"
title = "The end"

[[clip]]
file = "Episode 02.mp4"
start = 600
"""


def test_a_clips_toml_titles_hides_and_cuts_the_videos_of_its_own_folder(tmp_path: Path) -> None:
    show = tmp_path / "Penguins"
    for name in ("Episode 01.mp4", "Episode 02.mp4", "Episode 03.mp4", "Bloopers.mp4"):
        put(show / name)
    put(show / "Credits.mp4")
    put(show / "Extra" / "Episode 01.mp4")  # a deeper folder: its own, without a clips.toml
    put(tmp_path / "Episode 01.mp4")  # the folder above: not spoken for either
    sidecar = show / "clips.toml"
    sidecar.write_text(PENGUINS_TOML)

    scan = scan_library(tmp_path)

    episode_01, episode_02 = show / "Episode 01.mp4", show / "Episode 02.mp4"
    assert scan.clips == [
        Clip(tmp_path / "Episode 01.mp4", "Episode 01"),
        Clip(show / "Credits.mp4", "The end", "Penguins"),
        Clip(episode_01, "The penguins slide", "Penguins", 90.0, 105.0),
        Clip(episode_01, "Episode 01 (2:00\u20132:30)", "Penguins", 120.0, 150.0),
        Clip(episode_02, "Episode 02 (from 10:00)", "Penguins", 600.0, None),
        Clip(show / "Episode 03.mp4", "Episode 03", "Penguins"),
        Clip(show / "Extra" / "Episode 01.mp4", "Episode 01", "Penguins"),
    ]
    assert scan.skipped == [SkippedFile(show / "Bloopers.mp4", "hidden by clips.toml (line 12)")]
    assert scan.sidecar_problems == []
    assert scan.described == {episode_01, episode_02, show / "Bloopers.mp4", show / "Credits.mp4"}
    assert dict(scan.segment_lines) == {
        scan.clips[2].key: (sidecar, 6),
        scan.clips[3].key: (sidecar, 1),
        scan.clips[4].key: (sidecar, 20),
    }
    assert scan.problem is None


def test_a_clips_toml_name_matches_nfc_nfd_and_then_any_case(tmp_path: Path) -> None:
    put(tmp_path / "Cafe\u0301.mp4")  # stored NFD, as macOS writes names
    put(tmp_path / "Ni\u00f1o.mp4")  # stored NFC
    put(tmp_path / "LOUD.MP4")
    put(tmp_path / "big.mp4")
    put(tmp_path / "Big.mp4")
    (tmp_path / "clips.toml").write_text(
        '[[clip]]\nfile = "Caf\u00e9.mp4"\ntitle = "Coffee"\n'  # written NFC
        '[[clip]]\nfile = "Nin\u0303o.mp4"\ntitle = "Kid"\n'  # written NFD
        '[[clip]]\nfile = "loud.mp4"\ntitle = "Quiet"\n'  # no exact match: any case
        '[[clip]]\nfile = "Big.mp4"\ntitle = "Large"\n'  # an exact match wins over case
    )
    clips, skipped = found(tmp_path)
    assert clips == [
        ("Big.mp4", "Large", None),
        ("big.mp4", "Big", None),
        ("Cafe\u0301.mp4", "Coffee", None),
        ("LOUD.MP4", "Quiet", None),
        ("Ni\u00f1o.mp4", "Kid", None),
    ]
    assert skipped == {}
    assert scan_library(tmp_path).sidecar_problems == []


def test_entries_that_name_no_kept_video_are_problems_at_their_line(tmp_path: Path) -> None:
    put(tmp_path / "Episode 01.mp4")
    put(tmp_path / "empty.mp4", b"")
    put(tmp_path / "notes.txt", b"hello")
    put(tmp_path / "Extra" / "clip.mp4")
    sidecar = tmp_path / "clips.toml"
    sidecar.write_text(
        "[[clip]]\nfile = 'Episod 1.mp4'\nhide = true\n"
        "[[clip]]\nfile = 'zebra.mp4'\n"
        "[[clip]]\nfile = 'empty.mp4'\ntitle = 'Empty'\n"
        "[[clip]]\nfile = 'notes.txt'\n"
        "[[clip]]\nfile = 'Extra'\n"
        "[[clip]]\nfile = 'clips.toml'\n"
    )
    scan = scan_library(tmp_path)
    assert [(p.path, p.line, p.message) for p in scan.sidecar_problems] == [
        (
            sidecar,
            1,
            '"Episod 1.mp4" is not in this folder, so "Episode 01.mp4", the closest name, is'
            " hidden until this is fixed: correct the name, or remove the entry",
        ),
        (
            sidecar,
            4,
            '"zebra.mp4" is not in this folder: name a video in the same folder as clips.toml',
        ),
        (
            sidecar,
            6,
            '"empty.mp4" is skipped by the scan, so this entry is not used: empty file (0 bytes)',
        ),
        (
            sidecar,
            9,
            '"notes.txt" is skipped by the scan, so this entry is not used: not a video file type',
        ),
        (
            sidecar,
            11,
            '"Extra" is not a video, so this entry is not used: name a video in the'
            " same folder as clips.toml",
        ),
        (
            sidecar,
            13,
            '"clips.toml" is not a video, so this entry is not used: name a video in'
            " the same folder as clips.toml",
        ),
    ]
    # A typo in a name hides the video it was surely meant for, rather than let it play.
    assert [c.path.name for c in scan.clips] == ["clip.mp4"]
    assert (
        SkippedFile(
            tmp_path / "Episode 01.mp4", "hidden until the problem in clips.toml at line 1 is fixed"
        )
        in scan.skipped
    )
    assert scan.sidecar_hides == {sidecar: (tmp_path / "Episode 01.mp4",)}
    assert scan.described == {tmp_path / "Episode 01.mp4"}


def test_a_file_with_segments_or_hidden_uses_no_other_entry_for_it(tmp_path: Path) -> None:
    put(tmp_path / "Film.mp4")
    put(tmp_path / "Secret.mp4")
    sidecar = tmp_path / "clips.toml"
    sidecar.write_text(
        "[[clip]]\nfile = 'Film.mp4'\ntitle = 'The whole film'\n"
        "[[clip]]\nfile = 'Film.mp4'\nstart = 60\nend = 90\n"
        "[[clip]]\nfile = 'film.mp4'\nstart = '1:00'\nend = '1:30'\n"
        "[[clip]]\nfile = 'Film.mp4'\nend = 10\n"
        "[[clip]]\nfile = 'Secret.mp4'\nstart = 5\nend = 9\n"
        "[[clip]]\nfile = 'Secret.mp4'\nhide = true\n"
        "[[clip]]\nfile = 'FILM.mp4'\nstart = 0\nend = 10\n"
    )
    scan = scan_library(tmp_path)
    assert [(c.title, c.start_seconds, c.end_seconds) for c in scan.clips] == [
        ("Film (0:00\u20130:10)", None, 10.0),
        ("Film (1:00\u20131:30)", 60.0, 90.0),
    ]
    assert scan.skipped == [SkippedFile(tmp_path / "Secret.mp4", "hidden by clips.toml (line 19)")]
    assert [(p.line, p.message) for p in scan.sidecar_problems] == [
        (
            1,
            '"Film.mp4" is only played as its segments (lines 4 and 12), so this entry'
            " without start or end is not used: give it a start and end, or remove it",
        ),
        (8, '"film.mp4" from 1:00 to 1:30 is already given at line 4: remove one of the two'),
        (15, '"Secret.mp4" is hidden at line 19, so this entry is not used: remove one of the two'),
        (22, '"FILM.mp4" from 0:00 to 0:10 is already given at line 12: remove one of the two'),
    ]


def test_a_broken_clips_toml_hides_its_folder_and_leaves_the_rest_playing(tmp_path: Path) -> None:
    put(tmp_path / "A" / "one.mp4")
    put(tmp_path / "A" / "other.mp4")
    broken = tmp_path / "A" / "clips.toml"
    broken.write_text("[[clip]]\nfile = 'one.mp4'\nhide = true\nstart = 1:30\n")
    put(tmp_path / "B" / "two.mp4")
    (tmp_path / "B" / "clips.toml").write_text("[[clip]]\nfile = 'two.mp4'\ntitle = 'Two'\n")
    clips, skipped = found(tmp_path)
    assert clips == [("B/two.mp4", "Two", "B")]
    hidden = "hidden until the problem in clips.toml at line 4 is fixed"
    assert skipped == {"A/one.mp4": hidden, "A/other.mp4": hidden}
    scan = scan_library(tmp_path)
    assert [(p.path, p.line, p.hides_folder) for p in scan.sidecar_problems] == [(broken, 4, True)]
    assert scan.sidecar_problems[0].message.startswith("not valid TOML")
    assert scan.sidecar_hides == {broken: (tmp_path / "A/one.mp4", tmp_path / "A/other.mp4")}
    assert scan.problem is None


def test_a_clips_toml_with_an_integer_past_the_digit_limit_leaves_the_library_playing(
    tmp_path: Path,
) -> None:
    put(tmp_path / "A" / "one.mp4")
    huge = tmp_path / "A" / "clips.toml"
    huge.write_text("[[clip]]\nfile = 'one.mp4'\nstart = " + "9" * 5000 + "\n")
    put(tmp_path / "B" / "two.mp4")
    scan = scan_library(tmp_path)
    assert scan.problem is None
    assert [clip.path for clip in scan.clips] == [tmp_path / "B/two.mp4"]
    assert [(p.path, p.line) for p in scan.sidecar_problems] == [(huge, None)]
    assert scan.sidecar_problems[0].message.startswith("has a number too long to read")


def test_a_folder_named_clips_toml_is_not_walked_and_hides_its_neighbours(tmp_path: Path) -> None:
    put(tmp_path / "clips.toml" / "inside.mp4")
    put(tmp_path / "beside.mp4")
    put(tmp_path / "Show" / "elsewhere.mp4")
    clips, skipped = found(tmp_path)
    assert clips == [("Show/elsewhere.mp4", "Elsewhere", "Show")]
    assert skipped == {"beside.mp4": "hidden until the problem in clips.toml is fixed"}
    assert [p.message for p in scan_library(tmp_path).sidecar_problems] == [
        "is a folder, so every video in this folder is hidden: rename that folder, or make"
        " clips.toml a text file"
    ]


def test_segments_past_the_end_of_their_file_point_at_their_line(tmp_path: Path) -> None:
    for name in ("Long.mp4", "Short.mp4", "Unknown.mp4", "Whole.mp4"):
        put(tmp_path / name)
    sidecar = tmp_path / "clips.toml"
    sidecar.write_text(
        "[[clip]]\nfile = 'Long.mp4'\nstart = '25:00'\n"
        "[[clip]]\nfile = 'Short.mp4'\nstart = '22:10'\nend = '23:00'\n"
        "[[clip]]\nfile = 'Short.mp4'\nstart = '22:09.5'\nend = '22:20'\n"
        "[[clip]]\nfile = 'Short.mp4'\nend = 30\n"
        "[[clip]]\nfile = 'Unknown.mp4'\nstart = 10\n"
    )
    durations = {"Long.mp4": 1330.0, "Short.mp4": 1330.0, "Unknown.mp4": None, "Whole.mp4": 5.0}
    asked: list[str] = []

    def duration_of(path: Path) -> float | None:
        asked.append(path.name)
        return durations[path.name]

    problems = segments_past_end(scan_library(tmp_path), duration_of)

    assert [(p.path, p.line, p.message) for p in problems] == [
        (sidecar, 1, "start 25:00 is past the end of Long.mp4 (22:10): use a start before 22:10"),
        (sidecar, 4, "start 22:10 is past the end of Short.mp4 (22:10): use a start before 22:10"),
    ]
    assert sorted(asked) == ["Long.mp4", "Short.mp4", "Unknown.mp4"]  # each file once


def test_a_segments_key_writes_both_ends_alike(tmp_path: Path) -> None:
    film = put(tmp_path / "Film.mp4")
    (tmp_path / "clips.toml").write_text(
        "[[clip]]\nfile = 'Film.mp4'\nend = 10\n"
        "[[clip]]\nfile = 'Film.mp4'\nstart = '0:10'\nend = '0:20.5'\n"
        "[[clip]]\nfile = 'Film.mp4'\nstart = 30\n"
    )
    assert [clip.key for clip in scan_library(tmp_path).clips] == [
        f"{film}#0-10",
        f"{film}#10-20.5",
        f"{film}#30-",
    ]


def test_a_file_known_with_the_same_size_and_mtime_is_kept_without_being_read(
    tmp_path: Path,
) -> None:
    # Text under a video's name: read, it is skipped. Known unchanged, it is not read at all.
    known = put(tmp_path / "known.mp4", b"hello, this is not a video at all")
    info = known.stat()
    stamp = (info.st_size, info.st_mtime_ns)
    scan = scan_library(tmp_path, known={str(known): stamp})
    assert [clip.path for clip in scan.clips] == [known]
    assert scan.stamps == {known: stamp}


@pytest.mark.parametrize("change", ["size", "mtime"])
def test_a_known_file_that_changed_is_read_again(tmp_path: Path, change: str) -> None:
    known = put(tmp_path / "known.mp4", b"hello, this is not a video at all")
    info = known.stat()
    size, mtime_ns = info.st_size, info.st_mtime_ns
    stamp = (size + 1, mtime_ns) if change == "size" else (size, mtime_ns - 1_000_000_000)
    scan = scan_library(tmp_path, known={str(known): stamp})
    assert scan.clips == []
    assert [skipped.path for skipped in scan.skipped] == [known]


def test_without_known_every_file_is_read_and_no_stamp_taken(tmp_path: Path) -> None:
    put(tmp_path / "a.mp4")
    put(tmp_path / "text.mp4", b"hello, this is not a video at all")
    scan = scan_library(tmp_path)  # as `kiosk check` scans: it keeps no stamps
    assert [clip.path.name for clip in scan.clips] == ["a.mp4"]
    assert scan.stamps == {}
    first_start = scan_library(tmp_path, known={})
    assert first_start.clips == scan.clips
    assert set(first_start.stamps) == {tmp_path / "a.mp4"}


def test_a_clips_toml_in_another_case_is_the_clips_toml_and_two_hide_the_folder(
    tmp_path: Path,
) -> None:
    put(tmp_path / "One" / "Scary.mp4")
    put(tmp_path / "One" / "Fine.mp4")
    (tmp_path / "One" / "Clips.TOML").write_text("[[clip]]\nfile = 'Scary.mp4'\nhide = true\n")
    put(tmp_path / "Two" / "Scary.mp4")
    (tmp_path / "Two" / "clips.toml").write_text("[[clip]]\nfile = 'Scary.mp4'\nhide = true\n")
    (tmp_path / "Two" / "Clips.toml").write_text("")
    scan = scan_library(tmp_path)
    assert [clip.path.relative_to(tmp_path).as_posix() for clip in scan.clips] == ["One/Fine.mp4"]
    assert [(p.path.name, p.message) for p in scan.sidecar_problems] == [
        (
            "Clips.toml",
            '"Clips.toml" and "clips.toml" are both here and differ only in case, so every video'
            " in this folder is hidden: keep one of them",
        )
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda path: os.mkfifo(path),
            "is not a regular file (a pipe, device or socket), so every video in this folder is"
            " hidden: make it a text file",
        ),
        (
            lambda path: path.symlink_to(path.parent / "gone.toml"),
            "cannot be read (no such file or directory), so every video in this folder is"
            " hidden: make it a text file this user can read",
        ),
        (
            lambda path: path.write_bytes(b"#" * 4_000_001),
            "is 4,000,001 bytes, more than a clips.toml can be (4,000,000), so every video in"
            " this folder is hidden: make it a short text file",
        ),
    ],
    ids=["a pipe, never opened", "a dangling link", "too big to read"],
)
def test_a_clips_toml_that_is_no_text_file_hides_its_folder_without_being_read(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    put(tmp_path / "a.mp4")
    make(tmp_path / "clips.toml")
    scan = scan_library(tmp_path)  # a pipe opened for reading would wait here for ever
    assert scan.clips == []
    assert [(p.line, p.message, p.hides_folder) for p in scan.sidecar_problems] == [
        (None, message, True)
    ]
    assert scan.sidecar_hides == {tmp_path / "clips.toml": (tmp_path / "a.mp4",)}


def test_an_entry_with_a_problem_hides_its_file_not_its_other_segments_only(
    tmp_path: Path,
) -> None:
    put(tmp_path / "Episode.mp4")
    put(tmp_path / "Extra.mp4")
    put(tmp_path / "Other.mp4")
    sidecar = tmp_path / "clips.toml"
    sidecar.write_text(
        "[[clip]]\nfile = 'Episode.mp4'\nstart = 10\nend = 20\n"
        "[[clip]]\nfile = 'Episode.mp4'\nstart = '1:3O'\nend = '2:00'\n"
        # A name close to a video that has entries of its own is only a suggestion.
        "[[clip]]\nfile = 'Episode2.mp4'\nhide = true\n"
        "[[clip]]\nfile = 'Other.mp4'\ntitle = 'Fine'\n"
    )
    scan = scan_library(tmp_path)
    assert [(c.path.name, c.title) for c in scan.clips] == [
        ("Extra.mp4", "Extra"),
        ("Other.mp4", "Fine"),
    ]
    assert (
        SkippedFile(
            tmp_path / "Episode.mp4", "hidden until the problem in clips.toml at line 7 is fixed"
        )
        in scan.skipped
    )
    assert [(p.line, p.message) for p in scan.sidecar_problems] == [
        (7, "start = '1:3O' is not a time: use seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)"),
        (9, '"Episode2.mp4" is not in this folder (did you mean "Episode.mp4"?)'),
    ]
    assert scan.sidecar_hides == {sidecar: (tmp_path / "Episode.mp4",)}


def test_a_folder_that_is_not_there_or_empty_is_unavailable_and_worth_another_look(
    tmp_path: Path,
) -> None:
    """The kiosk looks again every few seconds at an unavailable folder: an unplugged drive,
    or its empty mount point. A folder that holds anything at all is read as it is."""
    assert scan_library(tmp_path / "unplugged").unavailable
    (tmp_path / "mount point").mkdir()
    assert scan_library(tmp_path / "mount point").unavailable
    put(tmp_path / "file.mp4")
    assert scan_library(tmp_path / "file.mp4").unavailable
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("no videos here")
    assert not scan_library(tmp_path / "notes").unavailable
    assert not scan_library(tmp_path).unavailable

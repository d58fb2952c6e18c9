"""`kiosk check` as a parent runs it: exit 0 for a usable setup, 2 with every problem listed."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tests.clipmaker import ClipCache, empty_file, text_as_video
from tests.e2e.kiosk_process import SENTENCE_BREAK, KioskHome, add_clips


def check(home: KioskHome, config: Path | None = None) -> tuple[int, str]:
    args = ("check",) if config is None else ("check", "--config", str(config))
    result = home.run(*args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return result.returncode, output


def test_check_passes_a_good_folder(kiosk_home: KioskHome, clip_cache: ClipCache) -> None:
    add_clips(clip_cache, kiosk_home, ("red", "lime"))
    config = kiosk_home.write_config(minutes=10)

    code, output = check(kiosk_home)

    assert code == 0, output
    assert f"{config} is valid" in output
    assert "2 clips" in output
    assert "Skipped" not in output


def test_check_refuses_a_missing_folder(kiosk_home: KioskHome) -> None:
    kiosk_home.clips = kiosk_home.root / "no such folder"
    kiosk_home.write_config()

    code, output = check(kiosk_home)

    assert code == 2, output
    problem = [line for line in output.splitlines() if "does not exist" in line]
    assert len(problem) == 1, output
    assert str(kiosk_home.clips) in problem[0]


def test_check_lists_every_config_error_at_once(
    kiosk_home: KioskHome, clip_cache: ClipCache, tmp_path: Path
) -> None:
    add_clips(clip_cache, kiosk_home, ("red",))
    config = tmp_path / "elsewhere.toml"
    config.write_text(
        "config_version = 1\n"
        "[library]\n"
        f'folder = "{kiosk_home.clips}"\n'
        'order = "random"\n'
        "[session]\n"
        "minutes = 45\n"
        "minuts = 10\n"
        "[player]\n"
        "volume = 300\n"
    )
    keys = ("library.order", "session.minutes", "session.minuts", "player.volume")

    code, output = check(kiosk_home, config)

    assert code == 2, output
    errors = [
        line.strip() for line in output.splitlines() if line.strip().startswith(f"{config}: ")
    ]
    assert len(errors) == len(keys), output  # every error at once, each naming the file
    prefix = re.escape(f"{config}: ")
    for key in keys:
        about_key = [
            e for e in errors if re.match(rf"{prefix}(unknown key ')?{re.escape(key)}\b", e)
        ]
        assert len(about_key) == 1, f"{key} should have one error line:\n{output}"
        assert not SENTENCE_BREAK.search(about_key[0]), f"not one sentence: {about_key[0]}"
    assert "did you mean 'session.minutes'" in output


def test_check_lists_each_broken_file_with_a_reason(kiosk_home: KioskHome) -> None:
    empty_file(kiosk_home.clips / "empty.mp4")
    text_as_video(kiosk_home.clips / "saved page.mkv")
    (kiosk_home.clips / "noise.webm").write_bytes(bytes(range(256)) * 16)
    kiosk_home.write_config()

    code, output = check(kiosk_home)

    assert code == 2, output
    assert "0 clips" in output
    for name in ("empty.mp4", "saved page.mkv", "noise.webm"):
        lines = [line.strip() for line in output.splitlines() if line.strip().startswith(name)]
        assert len(lines) == 1, f"{name} should be listed once:\n{output}"
        reason = lines[0].removeprefix(f"{name}:").strip()
        assert reason, f"{name} is listed without a reason"


def test_check_does_not_scan_a_folder_it_could_not_read(
    kiosk_home: KioskHome, tmp_path: Path
) -> None:
    config = tmp_path / "broken.toml"
    config.write_text("[session\nminutes = 12\n")

    code, output = check(kiosk_home, config)

    assert code == 2, output
    assert "line 1" in output
    assert "not scanned" in output
    assert "clips in" not in output  # not the bundled demo clips the parent never chose


def test_check_warns_of_clips_toml_problems_with_their_lines(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    add_clips(clip_cache, kiosk_home, ("red", "lime"))
    show = kiosk_home.clips / "Penguins"
    clip_cache.steps(show / "Episode 01.mp4", ["red", "lime", "blue"])
    clip_cache.solid(show / "Bloopers.mp4", "blue", seconds=1)
    (show / "clips.toml").write_text(
        '[[clip]]\nfile = "Episode 01.mp4"\nstart = 0\nend = 2\ntitle = "Red"\n'
        '[[clip]]\nfile = "Episode 01.mp4"\nstart = "0:02"\nend = "0:04"\n'
        '[[clip]]\nfile = "Bloopers.mp4"\nhide = true\n'
        '[[clip]]\nfile = "Episode 01.mp4"\nstart = "0:04"\nend = "0:06"\ntitel = "Blue"\n'
        '[[clip]]\nfile = "Episode 2.mp4"\n'
    )
    kiosk_home.write_config()

    code, output = check(kiosk_home)

    # The entry at fault hides the file it names, segments and all; the rest still plays.
    assert code == 0, output
    assert "2 clips in 0 shows." in output  # both videos of the show are hidden
    lines = [line.strip() for line in output.splitlines()]
    assert "2 problems in clips.toml files:" in lines
    assert [line for line in lines if line.startswith("Penguins/clips.toml")] == [
        "Penguins/clips.toml:17: unknown key 'titel' in this [[clip]] (did you mean 'title'?)",
        'Penguins/clips.toml:18: "Episode 2.mp4" is not in this folder'
        ' (did you mean "Episode 01.mp4"?)',
        "Penguins/clips.toml hides 1 video until its problems are fixed: Episode 01.mp4.",
    ]
    assert "Skipped 2 files:" in lines  # the hidden ones; clips.toml itself is no skipped file
    assert "Penguins/Bloopers.mp4: hidden by clips.toml (line 10)" in lines
    assert (
        "Penguins/Episode 01.mp4: hidden until the problem in clips.toml at line 17 is fixed"
    ) in lines
    assert "The kiosk is ready to use." in lines


def test_check_finds_a_segment_that_starts_past_the_end_of_its_file(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    clip_cache.steps(kiosk_home.clips / "Episode 01.mp4", ["red", "lime", "blue"])  # 6 s
    (kiosk_home.clips / "clips.toml").write_text(
        '[[clip]]\nfile = "Episode 01.mp4"\nstart = 2\nend = 4\n'
        '\n[[clip]]\nfile = "Episode 01.mp4"\nstart = "0:30"\nend = "0:40"\n'
    )
    kiosk_home.write_config()

    code, output = check(kiosk_home)

    assert code == 0, output
    lines = [line.strip() for line in output.splitlines()]
    assert "1 problem in clips.toml files:" in lines
    assert (
        "clips.toml:6: start 0:30 is past the end of Episode 01.mp4 (0:06): use a start before 0:06"
    ) in lines


def test_check_shows_a_name_that_is_not_utf8_under_a_strict_locale(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    add_clips(clip_cache, kiosk_home, ("red",))
    # A name copied from an old Latin-1 system, as Linux keeps it: not valid UTF-8.
    latin1 = os.fsdecode(os.fsencode(kiosk_home.clips) + b"/caf\xe9.mp4")
    empty_file(Path(latin1))
    (kiosk_home.clips / "clips.toml").write_text('[[clip]]\nfile = "cafe.mp4"\nhide = true\n')
    kiosk_home.write_config()
    # What print() does under a UTF-8 locale other than C.UTF-8: refuse what is not UTF-8.
    kiosk_home.extra_env["PYTHONIOENCODING"] = "utf-8:strict"

    code, output = check(kiosk_home)

    assert code == 0, output
    lines = [line.strip() for line in output.splitlines()]
    assert "caf\ufffd.mp4: empty file (0 bytes)" in lines
    assert 'clips.toml:1: "cafe.mp4" is not in this folder (did you mean "caf\ufffd.mp4"?)' in lines

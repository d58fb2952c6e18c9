"""`kiosk check` as a parent runs it: exit 0 for a usable setup, 2 with every problem listed."""

from __future__ import annotations

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

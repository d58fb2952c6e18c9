"""`kiosk install-autostart`: the entry it writes starts the installed kiosk, and --remove undoes it.

The XDG entry is written for real into the test's own XDG_CONFIG_HOME (set by the autouse
fixture in conftest.py). The Windows and macOS files are checked as pure content, since their
format does not depend on the platform the tests run on.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.commands import autostart
from kiosk.commands.autostart import (
    autostart_content,
    autostart_path,
    desktop_entry,
    desktop_exec,
    kiosk_command,
    launch_agent_plist,
    run_install_autostart,
    windows_startup_script,
)
from kiosk.errors import KioskError

_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def parse_exec(value: str) -> list[str]:
    """Split an Exec value back into arguments the way the Desktop Entry spec says a launcher
    must: undo the string escapes, then the quoting, then the doubled `%`."""
    text, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            text.append(_STRING_ESCAPES[value[i + 1]])
            i += 2
        else:
            text.append(value[i])
            i += 1
    line, arguments, i = "".join(text), [], 0
    while i < len(line):
        if line[i] == " ":
            i += 1
            continue
        chars = []
        if line[i] == '"':
            i += 1
            while line[i] != '"':
                if line[i] == "\\":
                    assert line[i + 1] in '"`$\\', f"bad escape in {value!r}"
                    i += 1
                chars.append(line[i])
                i += 1
            i += 1
        else:
            while i < len(line) and line[i] != " ":
                assert line[i] not in "\"'\\><~|&;$*?#()`", f"unquoted reserved char in {value!r}"
                chars.append(line[i])
                i += 1
        arguments.append("".join(chars).replace("%%", "%"))
    return arguments


def read_desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


def desktop_file() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "kiosk-clips.desktop"


def test_install_writes_an_entry_that_starts_the_installed_kiosk(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert not desktop_file().parent.exists()

    assert run_install_autostart(remove=False) == 0

    entry = read_desktop_entry(desktop_file())
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Kiosk Clips"
    assert entry["Terminal"] == "false"
    assert entry["NoDisplay"] == "true"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    command = parse_exec(entry["Exec"])
    program = Path(command[0])
    assert program.is_absolute() and program.is_file() and os.access(program, os.X_OK)
    assert command == [str(Path(sys.executable).with_name("kiosk"))]
    # The entry really starts this kiosk: the same command line answers as `kiosk`.
    result = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and "usage: kiosk" in result.stdout
    out = capsys.readouterr()
    assert out.err == ""
    assert str(desktop_file()) in out.out and "next login" in out.out
    assert out.out.count("\n") == 1


def test_install_again_replaces_the_entry_and_leaves_no_temporary_files() -> None:
    assert run_install_autostart(remove=False) == 0
    desktop_file().write_text("[Desktop Entry]\nExec=/somewhere/old\n", encoding="utf-8")

    assert run_install_autostart(remove=False) == 0

    assert parse_exec(read_desktop_entry(desktop_file())["Exec"]) == kiosk_command()
    assert [p.name for p in desktop_file().parent.iterdir()] == ["kiosk-clips.desktop"]


def test_remove_deletes_the_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_install_autostart(remove=False) == 0
    capsys.readouterr()

    assert run_install_autostart(remove=True) == 0

    assert not desktop_file().exists()
    out = capsys.readouterr().out
    assert out.startswith("Removed ") and str(desktop_file()) in out


def test_remove_without_an_entry_says_there_was_nothing_to_remove(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_install_autostart(remove=True) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_a_folder_that_cannot_be_written_is_one_sentence_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A file where the autostart folder should be: this fails for root as well, unlike chmod.
    desktop_file().parent.write_text("not a folder", encoding="utf-8")

    assert run_install_autostart(remove=False) == 1

    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("kiosk: cannot write ") and str(desktop_file()) in out.err
    assert out.err.count("\n") == 1 and "Traceback" not in out.err


def test_an_entry_that_cannot_be_removed_is_one_sentence_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    desktop_file().mkdir(parents=True)

    assert run_install_autostart(remove=True) == 1

    err = capsys.readouterr().err
    assert err.startswith("kiosk: cannot remove ") and err.count("\n") == 1
    assert desktop_file().is_dir()


@pytest.mark.parametrize(
    "command",
    [
        ["/opt/Kiosk Clips/bin/kiosk"],
        ['/home/zoë/it\'s $HOME/`x`/"q"/back\\slash/100%/kiosk', "-m", "kiosk"],
        ["/tmp/tab\there;semi|pipe&amp/(paren)/#hash/~tilde*?<>/kiosk", ""],
    ],
)
def test_exec_quoting_round_trips_through_the_desktop_entry_rules(command: list[str]) -> None:
    assert parse_exec(desktop_exec(command)) == command
    # The whole file still parses, and the value survives the file format as well.
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "entry.desktop"
    path.write_text(desktop_entry(command), encoding="utf-8")
    assert parse_exec(read_desktop_entry(path)["Exec"]) == command


def test_exec_quotes_only_what_needs_quoting() -> None:
    assert desktop_exec(["/usr/bin/kiosk"]) == "/usr/bin/kiosk"
    assert desktop_exec(["/opt/Kiosk Clips/kiosk"]) == '"/opt/Kiosk Clips/kiosk"'
    assert desktop_exec(["/opt/100%/kiosk"]) == "/opt/100%%/kiosk"


def test_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    for value in ("", "relative/config"):
        path = autostart_path("linux", {"XDG_CONFIG_HOME": value}, tmp_path)
        assert path == tmp_path / ".config" / "autostart" / "kiosk-clips.desktop"
    assert autostart_path("linux", {}, tmp_path).parent == tmp_path / ".config" / "autostart"


def test_a_path_the_entry_cannot_hold_is_a_plain_error() -> None:
    undecodable = os.fsdecode(b"/opt/\xff/kiosk")
    with pytest.raises(KioskError, match="cannot write an autostart entry"):
        autostart_content("linux", [undecodable])
    with pytest.raises(KioskError, match="cannot write an autostart entry"):
        autostart_content("darwin", ["/opt/new\x01line/kiosk"])


def make_program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_command_prefers_the_script_beside_the_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = make_program(tmp_path / "env" / "bin" / "python")
    beside = make_program(tmp_path / "env" / "bin" / "kiosk")
    on_path = make_program(tmp_path / "elsewhere" / "kiosk")
    monkeypatch.setenv("PATH", str(on_path.parent))

    assert kiosk_command("linux", str(python)) == [str(beside)]

    beside.chmod(0o644)  # not executable: not a usable program
    assert kiosk_command("linux", str(python)) == [str(on_path)]

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert kiosk_command("linux", str(python)) == [str(python), "-m", "kiosk"]


def test_command_on_windows_uses_pythonw_so_no_console_stays_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    python = make_program(tmp_path / "venv" / "Scripts" / "python.exe")
    script = make_program(tmp_path / "venv" / "Scripts" / "kiosk.exe")
    assert kiosk_command("win32", str(python)) == [str(script)]

    pythonw = make_program(tmp_path / "venv" / "Scripts" / "pythonw.exe")
    assert kiosk_command("win32", str(python)) == [str(pythonw), "-m", "kiosk"]


def test_windows_entry_is_a_startup_script_that_starts_the_kiosk(tmp_path: Path) -> None:
    appdata = tmp_path / "AppData" / "Roaming"
    path = autostart_path("win32", {"APPDATA": str(appdata)}, tmp_path)
    assert path == appdata / "Microsoft/Windows/Start Menu/Programs/Startup/Kiosk Clips.cmd"
    with pytest.raises(KioskError, match="APPDATA"):
        autostart_path("win32", {}, tmp_path)

    plain = windows_startup_script([r"C:\kiosk\Scripts\pythonw.exe", "-m", "kiosk"])
    assert plain.endswith("\r\n") and "\n" not in plain.replace("\r\n", "")
    lines = plain.split("\r\n")[:-1]
    assert lines[0] == "@echo off"
    assert lines[-1] == r'start "" C:\kiosk\Scripts\pythonw.exe -m kiosk'
    assert "chcp" not in plain


def test_windows_script_quotes_spaces_doubles_percent_and_switches_to_utf8() -> None:
    command = [r"C:\Users\Zoë Ann\100%\Scripts\pythonw.exe", "-m", "kiosk"]
    script = windows_startup_script(command)
    lines = script.split("\r\n")
    assert "chcp 65001 >nul" in lines
    assert lines.index("chcp 65001 >nul") < len(lines) - 2
    assert lines[-2] == r'start "" "C:\Users\Zoë Ann\100%%\Scripts\pythonw.exe" -m kiosk'
    assert autostart_content("win32", command) == script.encode("utf-8")
    with pytest.raises(KioskError, match="double quote"):
        windows_startup_script(['C:\\odd"name\\kiosk.exe'])


def test_macos_entry_is_a_launch_agent_that_runs_at_load(tmp_path: Path) -> None:
    path = autostart_path("darwin", {}, tmp_path)
    assert path == tmp_path / "Library" / "LaunchAgents" / "org.kioskclips.kiosk.plist"

    command = ["/Users/zoë/Kiosk Clips/bin/kiosk"]
    agent = plistlib.loads(launch_agent_plist(command))
    assert agent == {
        "Label": "org.kioskclips.kiosk",
        "ProgramArguments": command,
        "RunAtLoad": True,
    }
    assert autostart_content("darwin", command) == launch_agent_plist(command)


def test_other_platforms_entries_install_and_remove_through_the_same_atomic_path(
    tmp_path: Path,
) -> None:
    path = autostart_path("darwin", {}, tmp_path)
    message = autostart.install_entry(path, launch_agent_plist(["/usr/local/bin/kiosk"]))
    assert str(path) in message
    assert plistlib.loads(path.read_bytes())["RunAtLoad"] is True
    assert autostart.remove_entry(path).startswith("Removed ")
    assert not path.exists()

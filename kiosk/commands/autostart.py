"""`kiosk install-autostart [--remove]`: start the kiosk when this account logs in.

It writes, or removes, one small file in the place the desktop reads at login:
- Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/kiosk-clips.desktop`;
- Windows: `Kiosk Clips.cmd` in the account's Startup folder;
- macOS: the LaunchAgent `~/Library/LaunchAgents/org.kioskclips.kiosk.plist`.

This is the simple option, and the weaker one: the desktop around the kiosk stays reachable.
docs/KIOSK-MODE.md shows the OS-level kiosk modes that close it off. Each file's content is a
pure function of the command line, so every platform's output is tested on any platform.
"""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from kiosk.core.atomic import write_atomically
from kiosk.core.i18n import _
from kiosk.errors import EXIT_FAILURE, EXIT_OK, KioskError

APP_NAME = "Kiosk Clips"
DESKTOP_FILE_NAME = "kiosk-clips.desktop"
WINDOWS_FILE_NAME = "Kiosk Clips.cmd"
LAUNCH_AGENT_LABEL = "org.kioskclips.kiosk"

# Desktop Entry spec, "The Exec key": an argument holding any of these must be double-quoted,
# and inside the quotes these four take a backslash.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = frozenset('"`$\\')
# Characters cmd.exe reads as plain text outside quotes; anything else gets quoted.
_CMD_PLAIN = re.compile(r"[A-Za-z0-9_.:\\/+-]+")


def run_install_autostart(remove: bool) -> int:
    """Install (or with `remove`, delete) this platform's autostart entry; print one sentence."""
    try:
        path = autostart_path(sys.platform, os.environ, _home())
        if remove:
            message = remove_entry(path)
        else:
            message = install_entry(path, autostart_content(sys.platform, kiosk_command()))
    except KioskError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return error.exit_code
    print(message)
    return EXIT_OK


def kiosk_command(platform: str | None = None, executable: str | None = None) -> list[str]:
    """The absolute command line that starts the kiosk installed with this Python.

    The console script beside the interpreter comes first: it belongs to the installation that is
    running now, where one found on PATH might be another. The path is made absolute but not
    resolved, because a virtual environment's python is a symlink whose target knows nothing of
    the environment.
    """
    platform = platform or sys.platform
    executable = executable if executable is not None else sys.executable
    windows = platform == "win32"
    folders: list[Path] = []
    if executable:
        interpreter = Path(os.path.abspath(executable))
        if windows:
            # pythonw.exe has no console, so no console window opens at login, and there is
            # none behind the kiosk that a child could close.
            pythonw = interpreter.with_name("pythonw.exe")
            if pythonw.is_file():
                return [str(pythonw), "-m", "kiosk"]
            folders = [interpreter.parent, interpreter.parent / "Scripts"]
        else:
            folders = [interpreter.parent]
    script_name = "kiosk.exe" if windows else "kiosk"
    for folder in folders:
        candidate = folder / script_name
        if candidate.is_file() and (windows or os.access(candidate, os.X_OK)):
            return [str(candidate)]
    found = shutil.which("kiosk")
    if found:
        return [os.path.abspath(found)]
    if executable:
        return [str(Path(os.path.abspath(executable))), "-m", "kiosk"]
    raise KioskError(
        _(
            "cannot find the kiosk command: it is not beside Python nor on PATH; "
            "install Kiosk Clips with pip and run this again."
        ),
        EXIT_FAILURE,
    )


def autostart_path(platform: str, environ: Mapping[str, str], home: Path) -> Path:
    """Where the autostart entry lives for this platform and account."""
    if platform == "win32":
        appdata = environ.get("APPDATA", "")
        if not appdata:
            raise KioskError(
                _(
                    "cannot find the Startup folder because APPDATA is not set; run this from a"
                    " normal Windows sign-in of the account that should start the kiosk."
                ),
                EXIT_FAILURE,
            )
        startup = Path(appdata, "Microsoft", "Windows", "Start Menu", "Programs", "Startup")
        return startup / WINDOWS_FILE_NAME
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    # XDG Base Directory spec: an unset, empty or relative XDG_CONFIG_HOME means ~/.config.
    configured = environ.get("XDG_CONFIG_HOME", "")
    config_home = Path(configured) if os.path.isabs(configured) else home / ".config"
    return config_home / "autostart" / DESKTOP_FILE_NAME


def autostart_content(platform: str, command: Sequence[str]) -> bytes:
    """The bytes of the autostart entry that runs `command` on this platform."""
    try:
        if platform == "win32":
            return windows_startup_script(command).encode("utf-8")
        if platform == "darwin":
            return launch_agent_plist(command)
        return desktop_entry(command).encode("utf-8")
    except ValueError as error:  # UnicodeEncodeError, or a control character plistlib refuses
        unstorable = _(
            "cannot write an autostart entry for {command}: its path holds characters that the"
            " autostart file cannot store; install Kiosk Clips under a plainly named folder."
        )
        raise KioskError(unstorable.format(command=repr(command[0])), EXIT_FAILURE) from error


def desktop_entry(command: Sequence[str]) -> str:
    """An XDG autostart desktop entry that runs `command` at login, without a terminal."""
    lines = [
        "# Written by `kiosk install-autostart`; `kiosk install-autostart --remove` deletes it.",
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Start the Kiosk Clips player at login",
        f"Exec={desktop_exec(command)}",
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
    ]
    return "\n".join(lines) + "\n"


def desktop_exec(command: Sequence[str]) -> str:
    """`command` as the value of a desktop entry's Exec key, quoted as the spec requires."""
    return " ".join(_exec_argument(argument) for argument in command)


def _exec_argument(argument: str) -> str:
    if argument and not _EXEC_RESERVED.intersection(argument):
        quoted = argument
    else:
        escaped = "".join("\\" + c if c in _EXEC_ESCAPED_IN_QUOTES else c for c in argument)
        quoted = f'"{escaped}"'
    # A `%` starts a field code (%f, %u, ...) whether quoted or not.
    quoted = quoted.replace("%", "%%")
    # Exec is also a string value, and readers undo the string escapes before the quoting, so a
    # backslash from the quoting step must be escaped once more (the spec's "\\\\" for one `\`).
    return (
        quoted.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def windows_startup_script(command: Sequence[str]) -> str:
    """A batch file for the Startup folder that launches `command` and closes at once.

    A .cmd rather than a .vbs: Windows is retiring VBScript (an optional feature since Windows 11
    24H2, to be removed later), while cmd.exe is on every Windows. `start ""` returns as soon as
    the kiosk is launched, so the console of the script itself only flashes at login; the kiosk
    runs under pythonw.exe (see `kiosk_command`), which has no console of its own.
    """
    launch = 'start "" ' + " ".join(_cmd_argument(argument) for argument in command)
    lines = [
        "@echo off",
        "rem Written by kiosk install-autostart; kiosk install-autostart --remove deletes it.",
    ]
    if not launch.isascii():
        # cmd.exe decodes each line of a batch file in the current code page; switching to UTF-8
        # first keeps a path with a non-ASCII user name intact.
        lines.append("chcp 65001 >nul")
    lines.append(launch)
    return "\r\n".join(lines) + "\r\n"


def _cmd_argument(argument: str) -> str:
    if '"' in argument:
        quoted = _(
            "cannot write a Startup script for {argument}: a Windows path cannot contain a"
            " double quote."
        )
        raise KioskError(quoted.format(argument=repr(argument)), EXIT_FAILURE)
    # A batch file expands %NAME% even inside quotes; a doubled % stays a literal one.
    argument = argument.replace("%", "%%")
    return argument if _CMD_PLAIN.fullmatch(argument) else f'"{argument}"'


def launch_agent_plist(command: Sequence[str]) -> bytes:
    """A per-user LaunchAgent that runs `command` once when the account logs in."""
    agent = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": list(command), "RunAtLoad": True}
    return plistlib.dumps(agent)


def install_entry(path: Path, content: bytes) -> str:
    """Write the entry atomically and say where it went."""
    try:
        write_atomically(path, content)
    except OSError as error:
        unwritable = _(
            "cannot write {path} ({reason}); this account needs to be able to create files"
            " in {folder}."
        )
        raise KioskError(
            unwritable.format(path=path, reason=_reason(error), folder=path.parent), EXIT_FAILURE
        ) from error
    return _("Wrote {path}: the kiosk will start at the next login of this account.").format(
        path=path
    )


def remove_entry(path: Path) -> str:
    """Delete the entry if it is there, and say what happened."""
    try:
        path.unlink()
    except (FileNotFoundError, NotADirectoryError):
        return _("There was nothing to remove: {path} does not exist.").format(path=path)
    except OSError as error:
        undeletable = _(
            "cannot remove {path} ({reason}); it must be a file this account may delete."
        )
        raise KioskError(
            undeletable.format(path=path, reason=_reason(error)), EXIT_FAILURE
        ) from error
    return _("Removed {path}: the kiosk will no longer start at login.").format(path=path)


def _home() -> Path:
    try:
        return Path.home()
    except RuntimeError as error:
        raise KioskError(
            _("cannot find this account's home folder; set HOME to it and run this again."),
            EXIT_FAILURE,
        ) from error


def _reason(error: OSError) -> str:
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]

"""Driving the installed `kiosk` command from end-to-end tests.

A `KioskHome` is one user's world: its own XDG folders (config, state, cache, log), a clip folder
and a config. From it the tests run the terminal commands, start the app as a process on an Xvfb
screen (`KioskApp`), and read the app's log, which says what is on screen (`screen: start`,
`screen: feed`, `screen: lock (<reason>)`, `showing clip: <title>`). Waiting means polling that
log for an event, with a deadline; no test sleeps for a time rule to pass.

Fake clocks come from libfaketime, preloaded into the kiosk process (`FakeClock`). What it does
with each clock on this Debian (libfaketime 0.9.10), found by experiment:
- without FAKETIME_DONT_FAKE_MONOTONIC, CLOCK_MONOTONIC, CLOCK_BOOTTIME and CLOCK_MONOTONIC_RAW
  all read the *fake wall clock* (about 1.8e9 s, not seconds since boot), at the fake speed;
- with FAKETIME_DONT_FAKE_MONOTONIC=1 only CLOCK_REALTIME is faked: the monotonic and boot-time
  clocks read the real values, so the kiosk's trusted time does not move with the wall;
- each process starts its fake timeline afresh, at "real now + offset".
With FAKETIME_TIMESTAMP_FILE and FAKETIME_NO_CACHE=1 the offset is read from a file at every
call, so a test moves a running process's wall clock by rewriting it (`WallClockFile`).
So a process with a faked boot clock and one with the real boot clock see two unrelated boot
timelines. The kiosk takes a boot clock reading lower than the saved one as a reboot, and a saved
one far lower as a huge jump forward, which shows up as a wall clock far behind (tamper). Tests
that mix them keep every faked timeline at or behind the real wall clock (see test_time_e2e).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pytest

from tests.clipmaker import ClipCache

KIOSK = Path(sys.executable).with_name("kiosk")
#: A PIN the policy accepts (1234, 0000, runs and repeats are refused as weak).
PIN = "4827"
OTHER_PIN = "5190"
#: The Xvfb screen of the `xvfb_display` fixture.
SCREEN_SIZE = (1080, 1920)
WINDOW_TITLE = "Kiosk Clips"
#: Generous deadlines for events; a healthy run meets them in a fraction of the time.
START_TIMEOUT = 45.0
EVENT_TIMEOUT = 30.0

_LOG_LINE = re.compile(r"^\S+ \S+ (?P<level>[A-Z]+) (?P<logger>[\w.]+): (?P<message>.*)$")
_PIXEL = re.compile(r"\((\d+),(\d+),(\d+)")
# Two sentences run together: an end mark, a space, and a capital.
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def _find_libfaketime() -> Path | None:
    # The multi-threaded build: Qt and libvlc read the clocks from many threads at once.
    for pattern in (
        "/usr/lib/*/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1",
    ):
        found = sorted(glob.glob(pattern))
        if found:
            return Path(found[0])
    return None


LIBFAKETIME = _find_libfaketime()


class ClockSetting(Protocol):
    """How a kiosk process's clocks are faked: the environment that does it."""

    def env(self) -> dict[str, str]: ...


def _preload() -> dict[str, str]:
    if LIBFAKETIME is None:
        pytest.fail("libfaketime is not installed: scripts/test installs it (package faketime)")
    return {"LD_PRELOAD": str(LIBFAKETIME)}


@dataclass(frozen=True)
class FakeClock:
    """A libfaketime setting for one kiosk process: FAKETIME="+0 x40", "-2h", and the like."""

    spec: str
    fake_monotonic: bool = True

    def env(self) -> dict[str, str]:
        env = {**_preload(), "FAKETIME": self.spec}
        if not self.fake_monotonic:
            env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        return env


@dataclass(frozen=True)
class WallClockFile:
    """A wall clock offset kept in a file, which a test rewrites to move a running process's
    wall clock (`move("+2h")`); the monotonic and boot-time clocks stay real."""

    path: Path

    def move(self, spec: str) -> None:
        self.path.write_text(spec + "\n")

    def env(self) -> dict[str, str]:
        if not self.path.exists():
            self.move("+0")
        return {
            **_preload(),
            "FAKETIME_TIMESTAMP_FILE": str(self.path),
            "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        }


def wall_clock_only(spec: str) -> FakeClock:
    """Only the wall clock moves; the monotonic and boot-time clocks stay real."""
    return FakeClock(spec, fake_monotonic=False)


def forget_fake_clock_files(pid: int) -> None:
    """libfaketime keeps a shared-memory segment per process and removes it at a clean exit; after
    a kill it stays, and a later process with the same pid would fail to start under faketime."""
    for name in (f"faketime_shm_{pid}", f"sem.faketime_sem_{pid}"):
        with contextlib.suppress(OSError):
            os.unlink(f"/dev/shm/{name}")


def zone_at(hour: int) -> str:
    """A zone where the local hour is now `hour`: an Etc/GMT zone (their signs are inverted)."""
    offset = (hour - datetime.now(UTC).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def add_clips(clip_cache: ClipCache, home: KioskHome, colours: tuple[str, ...]) -> None:
    """Numbered solid-colour clips of 4 s, so the sequential feed plays them in this order."""
    for number, colour in enumerate(colours, start=1):
        clip_cache.solid(home.clips / f"{number} {colour}.mp4", colour, seconds=4)


def one_sentence(stderr: str) -> str:
    """The one line a refused command prints, checked to be a single plain sentence."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got: {stderr!r}"
    sentence = lines[0].removeprefix("kiosk: ")
    assert sentence.endswith("."), sentence
    assert not SENTENCE_BREAK.search(sentence), f"more than one sentence: {sentence!r}"
    return sentence


def config_text(clips: Path, **session: object) -> str:
    """A config with the clip folder in sequential order and these [session] keys."""
    lines = [
        "config_version = 1",
        "[library]",
        f"folder = {json.dumps(str(clips))}",
        'order = "sequential"',
        "[session]",
    ]
    lines += [f"{key} = {_toml_value(value)}" for key, value in session.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


@dataclass
class KioskHome:
    """One user's folders for the kiosk, and the ways to run it there."""

    root: Path
    clips: Path
    apps: list[KioskApp] = field(default_factory=list)
    #: More environment for every kiosk process of this home (TZ, for one).
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, root: Path, clips: Path | None = None) -> KioskHome:
        for sub in ("config", "data", "cache", "state"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        # No sound card on a test machine: a null ALSA device gives libvlc's audio output (and
        # the chime) somewhere to play instead of failing and retrying. alsa-lib reads
        # $XDG_CONFIG_HOME/alsa/asoundrc.
        alsa = root / "config" / "alsa" / "asoundrc"
        alsa.parent.mkdir(parents=True, exist_ok=True)
        alsa.write_text("pcm.!default { type null }\nctl.!default { type hw card 0 }\n")
        home = cls(root, clips if clips is not None else root / "clips")
        home.clips.mkdir(parents=True, exist_ok=True)
        return home

    # Where things are.

    @property
    def config_file(self) -> Path:
        return self.root / "config" / "kiosk" / "config.toml"

    @property
    def state_file(self) -> Path:
        return self.root / "data" / "kiosk" / "kiosk.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.root / "state" / "kiosk" / "log" / "kiosk.log"

    def env(self, display: str | None = None, clock: ClockSetting | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKETIME", "LD_PRELOAD"))}
        env["XDG_CONFIG_HOME"] = str(self.root / "config")
        env["XDG_DATA_HOME"] = str(self.root / "data")
        env["XDG_CACHE_HOME"] = str(self.root / "cache")
        env["XDG_STATE_HOME"] = str(self.root / "state")
        if display is not None:
            env["DISPLAY"] = display
            env["QT_QPA_PLATFORM"] = "xcb"
        else:
            env.pop("DISPLAY", None)
            env["QT_QPA_PLATFORM"] = "offscreen"
        env.update(self.extra_env)
        if clock is not None:
            env.update(clock.env())
        return env

    def write_config(self, **session: object) -> Path:
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(config_text(self.clips, **session))
        return self.config_file

    def copy_state_from(self, other: KioskHome) -> None:
        """Take over another home's config, setup marker, state and log (not its clips)."""
        for sub in ("config", "data", "state"):
            shutil.copytree(other.root / sub, self.root / sub, dirs_exist_ok=True)
        self.extra_env.update(other.extra_env)

    # Terminal commands.

    def run(
        self,
        *args: str,
        input_text: str | None = None,
        clock: ClockSetting | None = None,
        display: str | None = None,
        timeout: float = 60,
        prefix: Sequence[str] = (),
    ) -> subprocess.CompletedProcess[str]:
        """`kiosk ARGS`; `prefix` is a command it runs under (a new mount namespace, say)."""
        result = subprocess.run(
            [*prefix, str(KIOSK), *args],
            env=self.env(display, clock),
            input=input_text,
            stdin=None if input_text is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def status(
        self, clock: ClockSetting | None = None, prefix: Sequence[str] = ()
    ) -> dict[str, object]:
        result = self.run("status", "--json", clock=clock, prefix=prefix)
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert isinstance(data, dict)
        return data

    def set_pin(
        self, pin: str = PIN, clock: ClockSetting | None = None, prefix: Sequence[str] = ()
    ) -> None:
        """First PIN: also writes the setup marker, so `kiosk` skips the first-run setup."""
        pins = f"{pin}\n{pin}\n"
        result = self.run("pin", "set", "--stdin", input_text=pins, clock=clock, prefix=prefix)
        assert result.returncode == 0, result.stderr

    def unlock(
        self, pin: str, *extra: str, clock: ClockSetting | None = None, prefix: Sequence[str] = ()
    ) -> subprocess.CompletedProcess[str]:
        pins = f"{pin}\n"
        return self.run("unlock", "--stdin", *extra, input_text=pins, clock=clock, prefix=prefix)

    # The app.

    def start_app(
        self,
        display: str | None,
        *args: str,
        clock: ClockSetting | None = None,
        prefix: Sequence[str] = (),
        command: list[str] | None = None,
    ) -> KioskApp:
        """The app on `display` (None: Qt's offscreen platform, for a test that reads only the
        log). `prefix` goes in front of the command (`unshare`, `faketime`); `command` runs
        instead of the installed `kiosk` (a fault injected in Python)."""
        app = KioskApp.start(self, display, args, clock, prefix, command)
        self.apps.append(app)
        return app

    def stop_all(self) -> None:
        """Kill whatever a test left running (a failed assertion must not leave a window up)."""
        for app in self.apps:
            app.kill()
        self.apps.clear()


class KioskLog:
    """The kiosk's log from a given point on: what one run of the app wrote."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def messages(self) -> list[str]:
        try:
            with self.path.open(encoding="utf-8", errors="replace") as handle:
                handle.seek(self.offset)
                text = handle.read()
        except FileNotFoundError:
            return []
        found = []
        for line in text.splitlines():
            match = _LOG_LINE.match(line)
            if match:
                found.append(match["message"])
        return found

    def screens(self) -> list[str]:
        """What came to the front, in order: "start", "feed", "lock (session_over)", ..."""
        return [m.removeprefix("screen: ") for m in self.messages() if m.startswith("screen: ")]


class KioskApp:
    """The `kiosk` app running as a process, its stderr kept in a file (never a pipe that fills)."""

    def __init__(
        self, process: subprocess.Popen[bytes], log: KioskLog, stderr_path: Path, faked: bool
    ) -> None:
        self.process = process
        self.log = log
        self.stderr_path = stderr_path
        self._faked = faked

    @classmethod
    def start(
        cls,
        home: KioskHome,
        display: str | None,
        args: tuple[str, ...],
        clock: ClockSetting | None,
        prefix: Sequence[str] = (),
        command: list[str] | None = None,
    ) -> KioskApp:
        """The app as a process; `prefix` must end by exec-ing the kiosk, so that its pid is
        the kiosk's own."""
        log = KioskLog(home.log_file)
        runs = sorted(home.root.glob("app-*.stderr"))
        stderr_path = home.root / f"app-{len(runs) + 1}.stderr"
        with stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                [*prefix, *(command if command is not None else [str(KIOSK), *args])],
                env=home.env(display, clock),
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        return cls(process, log, stderr_path, clock is not None)

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def wait_for(self, text: str, timeout: float = EVENT_TIMEOUT) -> str:
        """The first log message from this run that contains `text`, waiting for it to appear."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.log.messages():
                if text in message:
                    return message
            if self.process.poll() is not None:
                pytest.fail(
                    f"the kiosk exited ({self.process.returncode}) before {text!r} was logged;"
                    f" log: {self.log.messages()}; output: {self.stderr()[-2000:]}"
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{text!r} was not logged within {timeout:.0f} s; log: {self.log.messages()}"
                )
            time.sleep(0.05)

    def messages_after(self, seconds: float) -> list[str]:
        """The log after watching it for `seconds` more: a bounded look for something that must
        not happen (a screen that must not come up). Not a wait for a time rule to pass."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.1)
        assert self.process.poll() is None, f"the kiosk exited: {self.stderr()[-2000:]}"
        return self.log.messages()

    def first_screen(self, timeout: float = START_TIMEOUT) -> str:
        self.wait_for("screen: ", timeout)
        return self.log.screens()[0]

    def terminate(self, timeout: float = 8.0) -> int:
        """SIGTERM, then the exit code. A kiosk that does not exit is killed and the test fails."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the kiosk was still running {timeout:.0f} s after SIGTERM")
        finally:
            self._forget()

    def kill(self) -> None:
        """SIGKILL, as `kill -9` would: no clean-up in the app runs."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=15)
        self._forget()

    def _forget(self) -> None:
        if self._faked and self.process.returncode is not None:
            forget_fake_clock_files(self.process.pid)


# The X screen: input and pixels.


def xdotool(display: str, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    return result.stdout


def window_geometry(display: str) -> tuple[int, int, int, int]:
    """x, y, width and height of the kiosk's window."""
    out = xdotool(display, "search", "--sync", "--onlyvisible", "--name", f"^{WINDOW_TITLE}$")
    window = out.split()[0]
    shell = xdotool(display, "getwindowgeometry", "--shell", window)
    values = dict(line.split("=", 1) for line in shell.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def window_centre(display: str) -> tuple[int, int]:
    x, y, width, height = window_geometry(display)
    return x + width // 2, y + height // 2


def tap(display: str, x: int, y: int) -> None:
    xdotool(display, "mousemove", str(x), str(y), "click", "1")


def pixel(display: str, x: int, y: int) -> tuple[int, int, int]:
    """The colour on the X screen at (x, y), from a screenshot of the root window."""
    shot = subprocess.run(
        ["import", "-window", "root", "png:-"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        timeout=30,
        check=True,
    ).stdout
    text = subprocess.run(
        ["convert", "png:-", "-crop", f"1x1+{x}+{y}", "-depth", "8", "txt:-"],
        input=shot,
        capture_output=True,
        timeout=30,
        check=True,
    ).stdout.decode()
    match = _PIXEL.search(text.splitlines()[-1])
    assert match, text
    red, green, blue = (int(v) for v in match.groups())
    return red, green, blue


def wait_for_pixel(
    display: str, x: int, y: int, want: tuple[int, int, int], timeout: float = 10.0
) -> tuple[int, int, int]:
    """Screenshots until the pixel is close to `want` (the first frame may still be on its way)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = pixel(display, x, y)
        if colour_close(seen, want) or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def colour_close(seen: tuple[int, int, int], want: tuple[int, int, int], slack: int = 40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(seen, want, strict=True))

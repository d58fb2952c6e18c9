"""Idle screens: the CPU the real `kiosk` spends on each screen while nobody touches it, on a
private Xvfb screen, against a still window in the same run.

A locked kiosk sits on a family PC for hours; every animation and timer it runs then is a warm
laptop and a flat battery. So each screen is brought up in a real `kiosk` process on a real
(virtual) X server, where painting costs what it costs on a screen (Qt's offscreen platform
flushes no pixels), and then left alone:

- start: a set-up kiosk (PIN set) whose session may begin: the play button.
- lock: the same, outside its allowed hours: the night sky with the moon.
- PIN pad: the lock screen after one tap: the "ask a grown-up" pad.
- parent panel: Ctrl+Alt+P on the start screen, the PIN and Enter.
- no clips: a folder of files that start like MP4 but hold no video, and a tap on play: the
  feed tries them, gives up, and shows the resting television.
- lock after a session: `kiosk --demo`, a tap on play, and its one-minute session played to
  the end: the lock, with the feed (and its players) hidden under it. Not in `--quick`.
- still window (peer): a minimal PySide6 app, one full-screen widget painting a gradient once.

Method. Every contender gets fresh XDG folders. Once its screen is up (the kiosk's log says so:
"screen: start", "screen: lock (...)", "feed stopped"), it is left alone for `--settle` seconds
(animations that stop after a few seconds are over by then), and then its CPU time is read from
/proc/PID/stat (utime + stime, all threads) over `--seconds`, and so is the X server's, which
pays for every pixel the app puts on screen. The report gives both as a share of one core, the
first window too ("right after", from the moment the screen is up) so an animation that stops
shows as such. Contenders run one after the other, the peer first and last, so a change of load
during the run shows as a difference between the two peer rows. `--before PATH` measures another
`kiosk` command (an older checkout's) on each screen right after this one.

    .venv/bin/python bench/bench_idle.py            # 10 s settle, 10 s measured, ~3 min
    .venv/bin/python bench/bench_idle.py --quick    # CI smoke: 1 s and 1 s
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from xserver import app_env, cpu_seconds, xvfb

REPO = Path(__file__).resolve().parents[1]
KIOSK = Path(sys.executable).with_name("kiosk")
SCREEN = (1080, 1920)
PIN = "4827"
PATIENCE_S = 45.0
# An "ftyp" box as an encoder writes it, then bytes that are no video at all: the scan keeps
# such a file (it starts like an MP4) and libvlc fails it.
BROKEN_MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + bytes(range(256)) * 16

PEER = """
import sys
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication, QWidget

class Still(QWidget):
    def paintEvent(self, event):
        painter = QPainter(self)
        gradient = QLinearGradient(0, 0, 0, self.height())
        gradient.setColorAt(0.0, QColor(14, 22, 58))
        gradient.setColorAt(1.0, QColor(52, 38, 96))
        painter.fillRect(self.rect(), gradient)
        painter.end()

app = QApplication(sys.argv[:1])
still = Still()
still.setGeometry(app.primaryScreen().geometry())
still.show()
print("ready", flush=True)
app.exec()
"""


@dataclass(frozen=True)
class Measured:
    name: str
    right_after: tuple[float, float]  # (app, X server) share of a core, from the screen's start
    settled: tuple[float, float]  # the same after the settle time


def measure(app_pid: int, server_pid: int, seconds: float) -> tuple[float, float]:
    app0, server0, wall0 = cpu_seconds(app_pid), cpu_seconds(server_pid), time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - wall0
    return (cpu_seconds(app_pid) - app0) / wall, (cpu_seconds(server_pid) - server0) / wall


class Home:
    """One contender's world: XDG folders, a config and a PIN, and its log."""

    def __init__(self, root: Path, display: str, config: str, command: str) -> None:
        self.root = root
        self.command = command
        self.display = display
        self.env = app_env(display, root)
        config_file = root / "config" / "kiosk" / "config.toml"
        config_file.parent.mkdir(parents=True)
        config_file.write_text(config, encoding="utf-8")
        subprocess.run(
            [command, "pin", "set", "--stdin"],
            input=f"{PIN}\n{PIN}\n",
            env=self.env,
            text=True,
            capture_output=True,
            check=True,
        )
        self.log = root / "state" / "kiosk" / "log" / "kiosk.log"

    def logged(self, text: str) -> bool:
        try:
            return text in self.log.read_text(encoding="utf-8")
        except FileNotFoundError:
            return False

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True)


def wait_for(condition: Callable[[], bool], what: str, app: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if app.poll() is not None:
            raise SystemExit(f"the app exited ({app.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {PATIENCE_S:g} s waiting for {what}")
        time.sleep(0.05)


def locked_hours() -> str:
    """Allowed hours that do not hold now (nor in the next hours): the kiosk starts locked."""
    hour = (datetime.now() + timedelta(hours=3)).hour
    return f'allowed_hours = ["{hour:02d}:00-{hour:02d}:30"]'


def config_text(folder: Path, session: str = "") -> str:
    return f'config_version = 1\n[library]\nfolder = "{folder}"\n[session]\n{session}\n'


def bring_up(name: str, home: Home) -> Callable[[subprocess.Popen[bytes]], None]:
    """How to bring screen `name` up in a kiosk that has just been started."""

    def start(app: subprocess.Popen[bytes]) -> None:
        wait_for(lambda: home.logged("screen: start"), "the start screen", app)

    def lock(app: subprocess.Popen[bytes]) -> None:
        wait_for(lambda: home.logged("screen: lock"), "the lock screen", app)

    def pad(app: subprocess.Popen[bytes]) -> None:
        lock(app)
        time.sleep(1.0)  # the window takes input once it is mapped
        home.xdotool("mousemove", "540", "960", "click", "1")

    def panel(app: subprocess.Popen[bytes]) -> None:
        start(app)
        time.sleep(1.0)
        home.xdotool("key", "ctrl+alt+p")
        time.sleep(0.5)
        home.xdotool("type", "--delay", "100", PIN)
        time.sleep(0.5)
        home.xdotool("key", "Return")
        # Older kiosks do not log the panel: for them, a second for the PIN check to pass.
        deadline = time.monotonic() + 5.0
        while not home.logged("screen: parent panel") and time.monotonic() < deadline:
            time.sleep(0.05)

    def tap_play(app: subprocess.Popen[bytes]) -> None:
        start(app)
        while not home.logged("session started"):
            home.xdotool("mousemove", "540", "960", "click", "1")
            wait_until = time.monotonic() + 1.0
            while time.monotonic() < wait_until and not home.logged("session started"):
                time.sleep(0.05)

    def no_clips(app: subprocess.Popen[bytes]) -> None:
        tap_play(app)
        wait_for(lambda: home.logged("feed stopped"), "the no-clips screen", app)

    def lock_after_a_session(app: subprocess.Popen[bytes]) -> None:
        # A one-minute session (--demo's), played to its end: the feed waits under the lock.
        tap_play(app)
        deadline = time.monotonic() + 150.0
        while not home.logged("screen: lock"):
            if app.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the demo session did not end in the lock")
            time.sleep(0.25)

    return {
        "start": start,
        "lock": lock,
        "PIN pad": pad,
        "parent panel": panel,
        "no clips": no_clips,
        "lock after a session": lock_after_a_session,
    }[name]


def run_one(
    name: str,
    root: Path,
    display: str,
    server_pid: int,
    args: argparse.Namespace,
    command: str = str(KIOSK),
) -> Measured:
    demo = REPO / "assets" / "demo"
    broken = root / "broken"
    if name == "still window (peer)":
        root.mkdir(parents=True)
        app = subprocess.Popen(
            [sys.executable, "-c", PEER],
            env=app_env(display, root),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert app.stdout is not None
        app.stdout.readline()
    else:
        folder = demo
        if name == "no clips":
            broken.mkdir(parents=True)
            for index in range(6):
                (broken / f"Broken {index}.mp4").write_bytes(BROKEN_MP4)
            folder = broken
        session = locked_hours() if name in ("lock", "PIN pad") else ""
        home = Home(root / "home", display, config_text(folder, session), command)
        demo = ["--demo"] if name == "lock after a session" else []
        app = subprocess.Popen(
            [command, *demo], env=home.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    try:
        if name != "still window (peer)":
            bring_up(name, home)(app)
        right_after = measure(app.pid, server_pid, args.settle)
        if args.screenshots is not None:
            shot = args.screenshots / f"{name.replace(' ', '-')}-{abs(hash(command))}.png"
            subprocess.run(
                ["import", "-display", display, "-window", "root", str(shot)], check=True
            )
        settled = measure(app.pid, server_pid, args.seconds)
        if app.poll() is not None:
            raise SystemExit(f"{name}: the app exited ({app.returncode}) while measured")
    finally:
        if app.poll() is None:
            app.send_signal(signal.SIGTERM)
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait()
    return Measured(name, right_after, settled)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured window (10)")
    parser.add_argument("--settle", type=float, default=10.0, help="left alone first (10)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1 s settle, 1 s measured")
    parser.add_argument(
        "--screens",
        nargs="*",
        help="only these: start, lock, 'PIN pad', 'parent panel', 'no clips', "
        "'lock after a session'",
    )
    parser.add_argument(
        "--before", help="another kiosk command (an older checkout's) to measure in the same run"
    )
    parser.add_argument(
        "--screenshots", type=Path, help="save a picture of each screen here (needs ImageMagick)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.settle = 1.0, 1.0
    if shutil.which("xdotool") is None:
        parser.error("xdotool is needed to tap and type (Debian: xdotool)")
    if not KIOSK.exists():
        parser.error(f"{KIOSK} is missing: install the project into this Python (pip install -e .)")
    screens = args.screens or [
        "start",
        "lock",
        "PIN pad",
        "parent panel",
        "no clips",
        # A minute and more to bring up: not in the smoke run.
        *([] if args.quick else ["lock after a session"]),
    ]
    commands = {"": str(KIOSK), **({" (before)": args.before} if args.before else {})}
    order = [("still window (peer)", "")]
    for name in screens:
        order += [(name, label) for label in commands]
    order.append(("still window (peer)", ""))
    results: list[Measured] = []
    with xvfb(SCREEN) as screen, tempfile.TemporaryDirectory(prefix="kiosk-bench-idle-") as tmp:
        for index, (name, label) in enumerate(order):
            root = Path(tmp) / f"{index}"
            result = run_one(name, root, screen.display, screen.pid, args, commands[label])
            results.append(Measured(name + label, result.right_after, result.settled))
    print(
        f"Idle screens on Xvfb 1080x1920x24: share of one core, {args.settle:g} s right after the "
        f"screen is up, then {args.seconds:g} s settled; {os.cpu_count()} CPUs"
    )
    print(f"  {'':<31} {'right after':>22} {'settled':>22}")
    print(f"  {'':<31} {'app':>10} {'X server':>11} {'app':>10} {'X server':>11}")
    for result in results:
        (app0, x0), (app1, x1) = result.right_after, result.settled
        print(
            f"  {result.name:<31} {app0 * 100:9.2f}% {x0 * 100:10.2f}% "
            f"{app1 * 100:9.2f}% {x1 * 100:10.2f}%"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

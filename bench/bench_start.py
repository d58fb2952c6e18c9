"""Start to first frame: the kiosk from process start to its first clip on screen, on a private
Xvfb screen, against a minimal PySide6 + libvlc app in the same run.

Method. One Xvfb (1080x1920x24, black root, found with -displayfd) serves the whole run; every
run gets fresh XDG_* folders. The kiosk runs as a family PC starts it every day: set up, with its
PIN set (`kiosk pin set --stdin`, before the clock starts) and the demo clips as its folder; or,
with `--demo`, as `kiosk --demo`, which also hashes its demo PIN and recovery code (two scrypt
hashes, by design) at every start. Either opens on a start screen, and its session, and with it
the feed, begins at the first tap, so a run has two phases:

1. start to start screen: from just before the process is spawned until the screen's pixel at
   (540, 200) turns the start screen's blue. The pixel is read with XGetImage (libX11 through
   ctypes) every 5 ms, so this is the first paint that reached the X server, not a log line.
   The process's CPU time at that moment (/proc) is noted too: it moves less than the wall
   time when other processes load the machine.
2. tap to first frame: at once, xdotool clicks the centre (the play button). From just before
   the click to the time stamp of "showing clip: <title>" in `$XDG_STATE_HOME/kiosk/log/
   kiosk.log` (platformdirs `user_log_dir("kiosk")`): the app logs it on the feed's
   `clip_changed`, when the clip is current and its first frame is in the buffer; the paint
   follows in the next event-loop pass. In between, the kiosk starts the session, makes its
   three players and the feed, and opens the first clip.

The total, 1 + 2, is what a child who taps at once waits. The kiosk then gets SIGTERM; one that
has not exited 5 s later is killed, and the report says so. A click that lands before the window
takes input is repeated after a second; the phase is timed from the click before "session
started by the child".

The peer, alternated run by run on the same screen: a minimal app (PySide6 imports, a
`VlcEngine`, one full-screen QWidget painting the same blue). Phase 1 is timed the same way. On
the same click it makes one `VlcPlayer` of the kiosk's own and cold-opens a demo clip, and
prints the time its first frame is in the buffer, the moment the kiosk logs. So the ratios show
what the kiosk's own start (config, store, limits, screens) and its feed add.

Every process keeps its compiled bytecode in the run's own folder (PYTHONPYCACHEPREFIX), even
where the environment says not to write any, and one untimed round goes first: an installed
kiosk starts from compiled files, and timing the compiler would blame the kiosk for its size.
`--before PATH` times another `kiosk` command (an older checkout's) in the same runs, so a change
is measured against its own past on the same machine at the same moment.

    .venv/bin/python bench/bench_start.py           # 5 runs of each
    .venv/bin/python bench/bench_start.py --quick   # CI smoke
    .venv/bin/python bench/bench_start.py --before /path/to/main/.venv/bin/kiosk
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xserver import Screen, app_env, cpu_seconds, xvfb

REPO = Path(__file__).resolve().parents[1]
SCREEN = (1080, 1920)
KIOSK = Path(sys.executable).with_name("kiosk")
PROBE = (540, 200)  # a pixel of the start screen's sky-blue top
TAP = (540, 960)  # the play button
PATIENCE_S = 30.0
#: How long the kiosk may take to exit after SIGTERM before it is killed.
STOP_S = 5.0
#: The set-up kiosk's PIN (the policy refuses runs and repeats such as 1234).
PIN = "4827"

PEER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget
import PySide6
sys.path.insert(0, sys.argv[1])
from kiosk.core.clip import Clip
from kiosk.media.interface import PlayerListener
from kiosk.media.vlc.engine import VlcEngine
from kiosk.ui.feed.painter import paint_clip
from kiosk.app.gui_thread import GuiThread

class Peer(QWidget):
    def __init__(self):
        super().__init__()
        self.gui_thread, self.engine, self.player = GuiThread(), VlcEngine(), None
        print("versions", f"PySide6 {PySide6.__version__}, libvlc {self.engine.version.split()[0]}")

    def paintEvent(self, event):
        painter = QPainter(self)
        if self.player is not None and self.player.has_frame:
            paint_clip(painter, self.player, QRectF(self.rect()))
        else:
            painter.fillRect(self.rect(), QColor(72, 149, 239))
        painter.end()

    def mouseReleaseEvent(self, event):
        if self.player is None:
            print("tap", time.time(), flush=True)
            self.player = self.engine.new_player(self.gui_thread.post)
            self.player.set_frame_box(self.width(), self.height())
            self.player.listener = PlayerListener(on_first_frame=self.first_frame)
            self.player.load(Clip(Path(sys.argv[2]), "peer"), preload=False)
            self.player.play()

    def first_frame(self):
        print("first_frame", time.time(), flush=True)
        self.update()
        QTimer.singleShot(100, QApplication.quit)

app = QApplication(sys.argv[:1])
peer = Peer()
peer.setGeometry(app.primaryScreen().geometry())
peer.show()
app.exec()
peer.close()
peer.engine.release()
peer.gui_thread.close()
"""


def sky_blue(rgb: tuple[int, int, int]) -> bool:
    red, green, blue = rgb
    return blue > 180 and red < 140 and 100 < green < 200


def wait_for(condition: Callable[[], object], what: str, every_s: float = 0.005) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up after {PATIENCE_S:g} s waiting for {what}")
        time.sleep(every_s)


def click(display: str) -> float:
    """Tap the play button; return the wall time just before the click was sent."""
    env = {**os.environ, "DISPLAY": display}
    tapped = time.time()
    command = ["xdotool", "mousemove", str(TAP[0]), str(TAP[1]), "click", "1"]
    subprocess.run(command, env=env, check=True)
    return tapped


def log_time(log: Path, text: str) -> float | None:
    """The time stamp of the first log line containing `text`, as a Unix time."""
    try:
        lines = log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    for line in lines:
        if text in line:
            stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
            return stamp.timestamp()
    return None


@dataclass(frozen=True)
class Run:
    start_screen: float  # seconds from spawn to the start screen's first pixels
    start_cpu: float  # the process's CPU seconds at that moment
    tap: float  # seconds from the tap to the first clip frame
    exit_code: int | None = 0  # on SIGTERM; None: it had to be killed
    versions: str = ""  # what the peer says it runs on


def set_up(command: str, home: Path, env: dict[str, str]) -> None:
    """A kiosk as a parent left it after setup: the demo clips as its folder, and a PIN."""
    config = home / "config" / "kiosk" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'config_version = 1\n[library]\nfolder = "{REPO / "assets" / "demo"}"\n',
        encoding="utf-8",
    )
    subprocess.run(
        [command, "pin", "set", "--stdin"],
        input=f"{PIN}\n{PIN}\n",
        env=env,
        text=True,
        capture_output=True,
        check=True,
    )


def run_kiosk(
    command: str, display: str, pixel: Screen, home: Path, *, demo: bool, pycache: Path
) -> Run:
    """Phase 1 and 2 of one kiosk run."""
    log = home / "state" / "kiosk" / "log" / "kiosk.log"
    home.mkdir(parents=True)
    env = app_env(display, home, pycache)
    if not demo:
        set_up(command, home, env)
    errors = home / "stderr.txt"
    spawned = time.time()
    with errors.open("w") as error_file:
        app = subprocess.Popen(
            [command, *(["--demo"] if demo else [])],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=error_file,
        )
    try:
        wait_for(lambda: sky_blue(pixel.rgb(*PROBE)) or app.poll() is not None, "the start screen")
        start_screen = time.time()
        start_cpu = cpu_seconds(app.pid)
        taps = [click(display)]
        while log_time(log, "showing clip:") is None and app.poll() is None:
            if log_time(log, "session started") is None and time.time() - taps[-1] > 1.0:
                taps.append(click(display))
            time.sleep(0.01)
        shown, started = log_time(log, "showing clip:"), log_time(log, "session started")
        if shown is None or started is None:
            raise SystemExit(f"{command} stopped early:\n{errors.read_text()}")
        tapped = max(tap for tap in taps if tap <= started + 0.001)
        app.send_signal(signal.SIGTERM)
        try:
            exit_code: int | None = app.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            exit_code = None  # killed below, and reported
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    return Run(start_screen - spawned, start_cpu, shown - tapped, exit_code)


def run_peer(display: str, pixel: Screen, home: Path, clip: Path, pycache: Path) -> Run:
    spawned = time.time()
    app = subprocess.Popen(
        [sys.executable, "-c", PEER, str(REPO), str(clip)],
        env=app_env(display, home, pycache),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: sky_blue(pixel.rgb(*PROBE)) or app.poll() is not None, "the peer window")
        window = time.time()
        start_cpu = cpu_seconds(app.pid)
        click(display)
        out, errors = app.communicate(timeout=PATIENCE_S)
        if app.returncode != 0:
            raise SystemExit(f"the peer app exited {app.returncode}:\n{errors}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    said = {line.split()[0]: line.split(maxsplit=1)[1] for line in out.splitlines() if line}
    tap = float(said["first_frame"]) - float(said["tap"])
    return Run(window - spawned, start_cpu, tap, versions=said["versions"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (5)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1 run of each")
    parser.add_argument("--demo", action="store_true", help="time `kiosk --demo` instead")
    parser.add_argument("--before", help="another kiosk command to time in the same runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if shutil.which("xdotool") is None:
        parser.error("xdotool is needed to tap and type (Debian: xdotool)")
    if not KIOSK.exists():
        parser.error(f"{KIOSK} is missing: install the project into this Python (pip install -e .)")
    demo_clip = sorted((REPO / "assets" / "demo").glob("*.mp4"))[0]
    contenders = {"kiosk": str(KIOSK), **({"before": args.before} if args.before else {})}
    names = [*contenders, "minimal app"]
    runs: dict[str, list[Run]] = {name: [] for name in names}

    with xvfb(SCREEN) as screen, tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as tmp:
        display, pycache = screen.display, Path(tmp) / "pycache"
        pixel = Screen(display)
        try:
            # Round 0 is the untimed warm-up: it compiles and caches every module.
            for run in range(args.runs + 1):
                order = names if run % 2 == 0 else names[::-1]
                for name in order:
                    home = Path(tmp) / f"{name}-{run}".replace(" ", "-")
                    if name in contenders:
                        result = run_kiosk(
                            contenders[name], display, pixel, home, demo=args.demo, pycache=pycache
                        )
                    else:
                        home.mkdir(parents=True)
                        result = run_peer(display, pixel, home, demo_clip, pycache)
                    if run:
                        runs[name].append(result)
                    # The next run starts on a black screen again.
                    wait_for(lambda: not sky_blue(pixel.rgb(*PROBE)), "the screen to clear")
        finally:
            pixel.close()

    def median(name: str, value: Callable[[Run], float]) -> float:
        return statistics.median(value(result) for result in runs[name])

    rows = {
        "start -> start screen painted": lambda r: r.start_screen,
        "  CPU time by then": lambda r: r.start_cpu,
        "tap -> first clip frame": lambda r: r.tap,
        "total (tap at once)": lambda r: r.start_screen + r.tap,
    }
    what = "kiosk --demo" if args.demo else "kiosk, set up (PIN set)"
    print(
        f"Start to first frame on Xvfb {SCREEN[0]}x{SCREEN[1]}: {what}; median of {args.runs} "
        f"run(s) each, alternated; {runs['minimal app'][0].versions}, {os.cpu_count()} CPUs"
    )
    print(
        "  " + " " * 30 + "".join(f"{name:>14}" for name in names) + "   ratios to the minimal app"
    )
    for label, value in rows.items():
        medians = [median(name, value) for name in names]
        peer = medians[-1]
        cells = "".join(f"{m * 1000:11.0f} ms" for m in medians)
        ratios = "  ".join(f"{m / peer:.2f}x" for m in medians[:-1])
        print(f"  {label:<30}{cells}   {ratios}")
    for name in contenders:
        codes = [result.exit_code for result in runs[name]]
        unclean = [code for code in codes if code != 0]
        if unclean:
            killed = sum(code is None for code in unclean)
            print(
                f"  warning: after SIGTERM, {name} was still running {STOP_S:g} s later in "
                f"{killed} of {len(codes)} runs (killed), and exited non-zero in "
                f"{len(unclean) - killed}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

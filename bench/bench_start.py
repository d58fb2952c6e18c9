"""Start to first frame: `kiosk --demo` from process start to its first clip on screen, on a
private Xvfb screen, against a minimal PySide6 + libvlc app in the same run.

Method. One Xvfb (1080x1920x24, black root, found with -displayfd) serves the whole run; every
run gets fresh XDG_* folders. `--demo` opens on a start screen, and its session, and with it the
feed, begins at the first tap, so a run has two phases:

1. start to start screen: from just before the process is spawned until the screen's pixel at
   (540, 200) turns the start screen's blue. The pixel is read with XGetImage (libX11 through
   ctypes) every 5 ms, so this is the first paint that reached the X server, not a log line.
2. tap to first frame: at once, xdotool clicks the centre (the play button). From just before
   the click to the time stamp of "showing clip: <title>" in `$XDG_STATE_HOME/kiosk/log/
   kiosk.log` (platformdirs `user_log_dir("kiosk")`): the app logs it on the feed's
   `clip_changed`, when the clip is current and its first frame is in the buffer; the paint
   follows in the next event-loop pass. In between, the kiosk starts the session, scans the
   demo library, makes its three players and the feed, and opens the first clip.

The total, 1 + 2, is what a child who taps at once waits. The kiosk then gets SIGTERM; one that
has not exited 5 s later is killed, and the report says so. A click that lands before the window takes input is repeated after a second; the phase
is timed from the click before "session started by the child".

The peer, alternated run by run on the same screen: a minimal app (PySide6 imports, a
`VlcEngine`, one full-screen QWidget painting the same blue). Phase 1 is timed the same way. On
the same click it makes one `VlcPlayer` of the kiosk's own and cold-opens a demo clip, and
prints the time its first frame is in the buffer, the moment the kiosk logs. So the ratios show
what the kiosk's own start (config, store, limits, screens) and its feed add.

    .venv/bin/python bench/bench_start.py           # 5 runs of each
    .venv/bin/python bench/bench_start.py --quick   # CI smoke
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from xscreen import SCREEN, ScreenPixel, app_env, xvfb

REPO = Path(__file__).resolve().parents[1]
KIOSK = Path(sys.executable).with_name("kiosk")
PROBE = (540, 200)  # a pixel of the start screen's sky-blue top
TAP = (540, 960)  # the play button
PATIENCE_S = 30.0
#: How long the kiosk may take to exit after SIGTERM before it is killed.
STOP_S = 5.0

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


def run_kiosk(display: str, pixel: ScreenPixel, home: Path) -> tuple[float, float, int | None]:
    """Phase 1 and 2 in seconds, and the exit code on SIGTERM (None: it had to be killed)."""
    log = home / "state" / "kiosk" / "log" / "kiosk.log"
    home.mkdir(parents=True)
    errors = home / "stderr.txt"
    spawned = time.time()
    with errors.open("w") as error_file:
        app = subprocess.Popen(
            [str(KIOSK), "--demo"],
            env=app_env(display, home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=error_file,
        )
    try:
        wait_for(lambda: sky_blue(pixel.rgb(*PROBE)) or app.poll() is not None, "the start screen")
        start_screen = time.time()
        taps = [click(display)]
        while log_time(log, "showing clip:") is None and app.poll() is None:
            if log_time(log, "session started") is None and time.time() - taps[-1] > 1.0:
                taps.append(click(display))
            time.sleep(0.01)
        shown, started = log_time(log, "showing clip:"), log_time(log, "session started")
        if shown is None or started is None:
            raise SystemExit(f"kiosk --demo stopped early:\n{errors.read_text()}")
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
    return start_screen - spawned, shown - tapped, exit_code


def run_peer(display: str, pixel: ScreenPixel, home: Path, clip: Path) -> tuple[float, float, str]:
    spawned = time.time()
    app = subprocess.Popen(
        [sys.executable, "-c", PEER, str(REPO), str(clip)],
        env=app_env(display, home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: sky_blue(pixel.rgb(*PROBE)) or app.poll() is not None, "the peer window")
        window = time.time()
        click(display)
        out, errors = app.communicate(timeout=PATIENCE_S)
        if app.returncode != 0:
            raise SystemExit(f"the peer app exited {app.returncode}:\n{errors}")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    said = {line.split()[0]: line.split(maxsplit=1)[1] for line in out.splitlines() if line}
    return window - spawned, float(said["first_frame"]) - float(said["tap"]), said["versions"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (5)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1 run of each")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    if not KIOSK.exists():
        parser.error(f"{KIOSK} is missing: install the project into this Python (pip install -e .)")
    demo_clip = sorted((REPO / "assets" / "demo").glob("*.mp4"))[0]

    kiosk: list[tuple[float, float]] = []
    peer: list[tuple[float, float]] = []
    versions = ""
    exit_codes: list[int | None] = []
    with xvfb() as screen, tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as tmp:
        display = screen.display
        pixel = ScreenPixel(display)
        try:
            for run in range(args.runs):
                for contender in ("kiosk", "peer") if run % 2 == 0 else ("peer", "kiosk"):
                    home = Path(tmp) / f"{contender}-{run}"
                    if contender == "kiosk":
                        *times, exit_code = run_kiosk(display, pixel, home)
                        kiosk.append((times[0], times[1]))
                        exit_codes.append(exit_code)
                    else:
                        *times, versions = run_peer(display, pixel, home, demo_clip)
                        peer.append((times[0], times[1]))
                    # The next run starts on a black screen again.
                    wait_for(lambda: not sky_blue(pixel.rgb(*PROBE)), "the screen to clear")
        finally:
            pixel.close()

    def medians(runs: list[tuple[float, float]]) -> tuple[float, float, float]:
        return (
            statistics.median(a for a, _ in runs),
            statistics.median(b for _, b in runs),
            statistics.median(a + b for a, b in runs),
        )

    ours, theirs = medians(kiosk), medians(peer)
    print(
        f"Start to first frame on Xvfb {SCREEN[0]}x{SCREEN[1]}, median of {args.runs} run(s) "
        f"each, alternated; {versions}, {os.cpu_count()} CPUs"
    )
    print(f"  {'':<30} {'kiosk --demo':>13} {'minimal app':>12} {'ratio':>7}")
    names = ("start -> start screen painted", "tap -> first clip frame", "total (tap at once)")
    for name, mine, other in zip(names, ours, theirs, strict=True):
        print(f"  {name:<30} {mine * 1000:10.0f} ms {other * 1000:9.0f} ms {mine / other:6.2f}x")
    unclean = [code for code in exit_codes if code != 0]
    if unclean:
        killed = sum(code is None for code in unclean)
        print(
            f"  warning: after SIGTERM, kiosk --demo was still running {STOP_S:g} s later in "
            f"{killed} of {len(exit_codes)} runs (killed), and exited non-zero in "
            f"{len(unclean) - killed}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Swipe latency seen from outside: a key press to the new clip's first pixels on a real X screen,
against a minimal app that swaps two preloaded pictures, the floor that Qt and X set.

Method. A private Xvfb screen (1080x1920x24). The app runs in a subprocess of its own, full
screen; this process drives it only through the X server, as a person would: XTest presses and
releases the Down key, and XGetImage reads a strip of 16 pixels of the screen's bottom row, where
the next clip slides in, until every one of them has the incoming clip's colour (within 40 of
each channel). The clock runs from just before the key press is sent to the first read that
sees it; reads come about every 0.5 ms, each a round trip to the server.

- kiosk: the real `FeedWidget` on three `VlcPlayer`s (the rig in `feed_rig.py`) on Qt's xcb
  platform, over solid-colour 30 fps H.264 clips, each a different colour, in sequential order
  with after_clip="loop", so the clip that comes in is known. Before each press the app says
  on its stdout which clip comes next, once the neighbours hold their first frames and the
  slide before has landed.
- floor: a full-screen QWidget holding two preloaded QImages of the first two clips' colours;
  a key press swaps them and asks for a repaint, which draws the picture with `drawImage`.

The two alternate in blocks (a fresh process each), so both see the same load over the run; the
first two presses of each block are a warm-up and are dropped. p50 and p95 are nearest-rank.

Where the time goes: each app notes when the key press reaches it (an application-wide event
filter) and when the first paint after it is done (the kiosk's last overlay, the floor's paint
event), on the same monotonic clock as the probe, and says both. So a press splits into X to the
app (the server, Qt's event thread, and a GUI thread that may be busy painting a video frame),
the app's handling and paint, and painted to seen (the flush, the server's copy and the probe).

    .venv/bin/python bench/bench_latency.py           # 200 presses each, ~4 min
    .venv/bin/python bench/bench_latency.py --quick   # CI smoke
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stats import percentile
from xserver import Screen, xvfb

COLOURS = ("e02020", "20c040", "2050e0", "e0c020", "c020c0", "20c0c0")
STRIP = 16
TOLERANCE = 40
POLL_S = 0.0005
PATIENCE_S = 30.0
WARM_UP = 2


def rgb_of(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


def make_clips(folder: Path, size: tuple[int, int], seconds: float) -> list[Path]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise SystemExit("ffmpeg is not installed: it makes the test clips")
    clips = []
    for index, colour in enumerate(COLOURS):
        out = folder / f"{index + 1:02d}_{colour}.mp4"
        source = f"color=c=0x{colour}:s={size[0]}x{size[1]}:r=30:d={seconds}"
        subprocess.run(
            [
                *(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source),
                *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)),
            ],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        clips.append(out)
    return clips


# --- the two apps, each in a subprocess on the X screen --------------------------------------


def say(*words: object) -> None:
    print(*words, flush=True)


def stamp_key_presses(app: object) -> Callable[[], None]:
    """Note when a key press reaches the app; return the function that a paint calls when it is
    done, which then says both times (the clock is the probe's: CLOCK_MONOTONIC)."""
    from PySide6.QtCore import QEvent, QObject

    class KeyStamp(QObject):
        key_at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.KeyPress and self.key_at is None:
                self.key_at = time.perf_counter()
            return False

    stamp = KeyStamp()
    app.installEventFilter(stamp)  # type: ignore[attr-defined]

    def painted() -> None:
        if stamp.key_at is not None:
            say("stamps", stamp.key_at, time.perf_counter())
            stamp.key_at = None

    return painted


def run_kiosk_app(clips: list[Path], size: tuple[int, int]) -> None:
    from feed_rig import FeedRig

    from kiosk.core.clip import Clip
    from kiosk.media.pool import Role

    os.environ["QT_QPA_PLATFORM"] = "xcb"
    rig = FeedRig([Clip(path, path.stem) for path in clips], size, after_clip="loop")
    rig.feed.setGeometry(0, 0, *size)
    painted = stamp_key_presses(rig.app)
    rig.feed.add_overlay(lambda painter, area: painted())  # overlays paint last
    rig.show()
    try:
        while True:
            rig.wait_ready(0.0)
            coming = rig.pool.clip(Role.NEXT)
            assert coming is not None
            rig.changes.clear()
            say("next", coming.path.stem.split("_")[1])
            rig.pump.until(lambda: rig.changes, "a swipe", timeout_s=PATIENCE_S * 10)
    except TimeoutError:
        pass
    finally:
        rig.close()


def run_floor_app(clips: list[Path], size: tuple[int, int]) -> None:
    from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter, QPaintEvent
    from PySide6.QtWidgets import QApplication, QWidget

    os.environ["QT_QPA_PLATFORM"] = "xcb"
    app = QApplication([])
    colours = [clip.stem.split("_")[1] for clip in clips[:2]]
    painted = stamp_key_presses(app)

    class Floor(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.pictures = []
            for colour in colours:
                picture = QImage(*size, QImage.Format.Format_RGB32)
                picture.fill(QColor(f"#{colour}"))
                self.pictures.append(picture)
            self.showing = 0
            self.swapped = False

        def paintEvent(self, event: QPaintEvent) -> None:
            painter = QPainter(self)
            painter.drawImage(0, 0, self.pictures[self.showing])
            painter.end()
            if self.swapped:
                self.swapped = False
                painted()
                say("next", colours[1 - self.showing])

        def keyPressEvent(self, event: QKeyEvent) -> None:
            self.showing = 1 - self.showing
            self.swapped = True
            self.update()

    floor = Floor()
    floor.setGeometry(0, 0, *size)
    floor.show()
    say("next", colours[1])
    app.exec()


# --- the probe -------------------------------------------------------------------------------


def looks_like(pixels: list[tuple[int, int, int]], colour: tuple[int, int, int]) -> bool:
    return all(all(abs(a - b) <= TOLERANCE for a, b in zip(p, colour, strict=True)) for p in pixels)


@dataclass(frozen=True)
class Press:
    """One press, on the one monotonic clock: sent, in the app, painted, seen on the screen."""

    sent: float
    key: float
    painted: float
    seen: float


def next_colour(
    app: subprocess.Popen[str], contender: str, stamps: list[tuple[float, float]]
) -> str:
    """Read the app's lines up to its next "next", keeping the stamps of the press before."""
    assert app.stdout is not None
    while True:
        words = app.stdout.readline().split()
        if not words:
            raise SystemExit(f"the {contender} app stopped early")
        if words[0] == "stamps":
            stamps.append((float(words[1]), float(words[2])))
        else:
            return words[1]


def measure_block(
    contender: str, clips: list[Path], size: tuple[int, int], presses: int, screen: Screen
) -> list[Press]:
    """Start the app, press Down `presses` times, and time each press."""
    command = [sys.executable, __file__, "--child", contender, "--size", f"{size[0]}x{size[1]}"]
    app = subprocess.Popen([*command, *map(str, clips)], stdout=subprocess.PIPE, text=True)
    x, y = size[0] // 2 - STRIP // 2, size[1] - 1
    sent_seen: list[tuple[float, float]] = []
    stamps: list[tuple[float, float]] = []
    try:
        screen.move_pointer(size[0] // 2, size[1] // 2)  # focus follows it: no window manager
        coming = rgb_of(next_colour(app, contender, stamps))
        for _ in range(presses):
            if looks_like(screen.row(x, y, STRIP), coming):
                raise SystemExit("the next clip's colour is on screen before the press")
            sent = time.perf_counter()
            screen.press_key("Down")
            while not looks_like(screen.row(x, y, STRIP), coming):
                if time.perf_counter() - sent > PATIENCE_S:
                    raise SystemExit(f"the {contender} app did not show the next clip")
                time.sleep(POLL_S)
            sent_seen.append((sent, time.perf_counter()))
            coming = rgb_of(next_colour(app, contender, stamps))
    finally:
        app.terminate()
        app.wait(timeout=10)
    if len(stamps) != len(sent_seen):
        raise SystemExit(f"the {contender} app stamped {len(stamps)} of {presses} presses")
    timed = [
        Press(sent, key, painted, seen)
        for (sent, seen), (key, painted) in zip(sent_seen, stamps, strict=True)
    ]
    return timed[WARM_UP:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=200, help="measured presses each (200)")
    parser.add_argument("--blocks", type=int, default=5, help="alternating blocks (5)")
    parser.add_argument("--size", default="1080x1920", help="screen and clips (1080x1920)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 6 small presses each")
    parser.add_argument("--child", choices=("kiosk", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("clips", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    size = (int(width), int(height))
    if args.child == "kiosk":
        run_kiosk_app(args.clips, size)
        return 0
    if args.child == "floor":
        run_floor_app(args.clips, size)
        return 0
    if args.quick:
        args.presses, args.blocks, size = 6, 1, (360, 640)
    if args.presses < args.blocks:
        parser.error("--presses must be at least --blocks")
    per_block = math.ceil(args.presses / args.blocks) + WARM_UP
    results: dict[str, list[Press]] = {"kiosk": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-latency-") as tmp, xvfb(size) as server:
        clips = make_clips(Path(tmp), size, 4.0)
        os.environ["DISPLAY"] = server.display
        screen = Screen(server.display)
        try:
            for block in range(args.blocks):
                order = ("kiosk", "floor") if block % 2 == 0 else ("floor", "kiosk")
                for contender in order:
                    results[contender] += measure_block(contender, clips, size, per_block, screen)
        finally:
            screen.close()
    print(
        f"Swipe latency from outside: key press (XTest) to the next clip's colour on the "
        f"screen's bottom row (XGetImage), Xvfb {size[0]}x{size[1]}, {args.blocks} alternating "
        f"block(s), {WARM_UP} warm-up presses dropped per block; {os.cpu_count()} CPUs"
    )
    floor_p95 = percentile([p.seen - p.sent for p in results["floor"]], 95)
    names = {"kiosk": "kiosk feed (slide from the bottom)", "floor": "floor: swap two pictures"}
    print(f"  {'':<34} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/floor':>10}")
    for contender, presses in results.items():
        totals = [p.seen - p.sent for p in presses]
        print(
            f"  {names[contender]:<34} {len(totals):4d} {statistics.median(totals) * 1000:8.1f} "
            f"{percentile(totals, 95) * 1000:8.1f} {max(totals) * 1000:8.1f} "
            f"{percentile(totals, 95) / floor_p95:9.2f}x"
        )
    print("  where it goes, p50 / p95 ms (the apps stamp on the probe's clock):")
    print(f"  {'':<34} {'X to app':>13} {'app to painted':>15} {'painted to seen':>16}")
    for contender, presses in results.items():
        parts = [
            [p.key - p.sent for p in presses],
            [p.painted - p.key for p in presses],
            [p.seen - p.painted for p in presses],
        ]
        cells = [
            f"{statistics.median(part) * 1000:.1f} / {percentile(part, 95) * 1000:.1f}"
            for part in parts
        ]
        print(f"  {names[contender]:<34} {cells[0]:>13} {cells[1]:>15} {cells[2]:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Swipe to first frame: a key press to the new clip's first painted frame, preloaded, against a
cold open of the same clips, in the same run.

Method. Real parts only: a `FeedWidget` on a `PlayerPool` of three `VlcPlayer`s from one
`VlcEngine(["--aout=adummy"])`, with `GuiThread` as the door from libvlc to Qt, shown on Qt's
offscreen platform. The clips are made with ffmpeg: distinct portrait 1080x1920 30 fps H.264
clips (testsrc2, a different hue each, with a tone), in sequential order with
after_clip="loop", so every move is one the benchmark made.

A swipe is a real Key_Down sent with `QTest.keyClick`; the clock starts just before it. To see
what a paint draws, every player's `frame()` is wrapped to note (clip, frames shown so far) when a
paint draws its front buffer, and an overlay, which the feed paints last on every paint, stamps
the time the paint is complete. From those stamps, per swipe:

- picture: the first paint that draws the incoming clip at all. It slides in under the motion
  from the first animation frame, out of the neighbour's preloaded buffer.
- current: the first paint after the feed made it current and emitted `clip_changed` (it emits
  only once the clip's picture is in its buffer). The feed's 220 ms slide is inside this.
- moving: the first paint of a newly decoded frame of that clip: playback has resumed.
- landing to moving: from `clip_changed` to "moving", the wait left after the slide lands.

The next swipe waits until the new neighbour holds its first frame, plus a dwell (300 ms), so
its preload has settled, as for a child who watches for a moment.

The peer, interleaved one to one with the swipes: a cold open of the same clip on a fourth player
of the same engine, `load(clip, preload=False)` then `play()`, painted with the feed's own
`paint_clip` into a widget of the feed's size; the clock runs from `load` to the first paint of
its picture, while the feed's current clip plays, as during a swipe. The engine caches each
file's picture size, as in the app, so neither side probes the file. The first rounds are a
warm-up (the first open in a libvlc instance is the slowest) and are dropped.

    .venv/bin/python bench/bench_swipe.py              # 200 swipes
    .venv/bin/python bench/bench_swipe.py --quick      # CI smoke
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from feed_rig import (
    APP_WATCHDOG_S,
    BENCH_WATCHDOG_S,
    FeedRig,
    PaintProbe,
    make_clips,
    parse_size,
    versions,
)
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget
from stats import percentile

from kiosk.core.clip import Clip
from kiosk.media.interface import PlayerListener
from kiosk.media.pool import Role
from kiosk.media.vlc.player import VlcPlayer
from kiosk.ui.feed.painter import frame_box, paint_clip

WATCHDOG_HELP = f"first-frame watchdog in s ({BENCH_WATCHDOG_S:g}; the app's is {APP_WATCHDOG_S:g})"


@dataclass
class SwipeTimes:
    picture: float
    current: float
    moving: float
    landing_to_moving: float
    #: From landing until the new next neighbour holds its first frame (polled every 5 ms).
    preload: float


def measure_swipe(rig: FeedRig) -> SwipeTimes:
    clip, started, baseline = rig.step()

    def moving() -> float | None:
        landed = rig.landed_at(clip)
        return None if landed is None else rig.probe.first(clip, landed, baseline)

    rig.pump.until(moving, "the new clip to move")
    landed = rig.landed_at(clip)
    picture, current, moved = (
        rig.probe.first(clip, started),
        rig.probe.first(clip, landed or 0.0),
        moving(),
    )
    assert picture is not None and current is not None and moved is not None and landed
    neighbour = rig.pool.player(Role.NEXT)
    rig.pump.until(lambda: neighbour.has_frame, "the next clip to preload")
    preloaded = time.perf_counter()
    return SwipeTimes(
        picture - started, current - started, moved - started, moved - landed, preloaded - landed
    )


class ColdView(QWidget):
    """One player's picture, painted the way the feed paints it."""

    def __init__(self, player: VlcPlayer, probe: PaintProbe) -> None:
        super().__init__()
        self._player = player
        self._probe = probe
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_clip(painter, self._player, QRectF(self.rect()))
        painter.end()
        self._probe.paint_done()


class ColdOpener:
    """The peer: a fourth player of the same engine, opening a clip from nothing each time."""

    def __init__(self, rig: FeedRig) -> None:
        self._rig = rig
        self.player = rig.engine.new_player(rig.gui_thread.post)
        self.player.set_frame_box(*frame_box(rig.feed.size(), rig.feed.devicePixelRatioF()))
        self.probe = PaintProbe()
        self.probe.watch(self.player)
        self.view = ColdView(self.player, self.probe)
        self.view.resize(rig.feed.size())
        self.view.show()
        self.player.listener = PlayerListener(
            on_first_frame=self.view.update, on_frame=self.view.update
        )

    def open(self, clip: Clip) -> float:
        """Seconds from `load` to the first paint of the clip's picture."""
        self.probe.clear()
        started = time.perf_counter()
        self.player.load(clip, preload=False)
        self.player.play()
        self._rig.pump.until(lambda: self.probe.first(clip, started), "a cold first frame")
        painted = self.probe.first(clip, started)
        assert painted is not None
        self.player.stop()
        return painted - started

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()


def report(swipes: list[SwipeTimes], colds: list[float], header: list[str]) -> None:
    cold_p50 = statistics.median(colds)
    rows = [
        ("preloaded: input -> picture", [s.picture for s in swipes]),
        ("preloaded: input -> current", [s.current for s in swipes]),
        ("preloaded: input -> moving", [s.moving for s in swipes]),
        ("preloaded: landing -> moving", [s.landing_to_moving for s in swipes]),
        ("cold: load+play -> picture", colds),
        ("next preload: landing -> held", [s.preload for s in swipes]),
    ]
    print("\n".join(header))
    print(f"  {'':<30} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p50/cold':>9}")
    for name, values in rows:
        p50, p95 = statistics.median(values), percentile(values, 95)
        print(
            f"  {name:<30} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {max(values) * 1000:8.1f}"
            f" {p50 / cold_p50:8.2f}x"
        )
    picture = statistics.median(s.picture for s in swipes)
    landing = statistics.median(s.landing_to_moving for s in swipes)
    print(f"  cold p50 / preloaded input->picture p50: {cold_p50 / picture:.1f}x")
    print(f"  cold p50 / preloaded landing->moving p50: {cold_p50 / landing:.1f}x")
    slow_colds = sum(value > APP_WATCHDOG_S for value in colds)
    slow_preloads = sum(s.preload > APP_WATCHDOG_S for s in swipes)
    print(
        f"  over the app's {APP_WATCHDOG_S:g} s first-frame watchdog: {slow_colds} cold opens, "
        f"{slow_preloads} preloads"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--swipes", type=int, default=200, help="measured swipes (200)")
    parser.add_argument("--warmup", type=int, default=3, help="rounds dropped first (3)")
    parser.add_argument("--clips", type=int, default=6, help="distinct clips, 3 or more (6)")
    parser.add_argument("--seconds", type=float, default=4.0, help="clip length in s (4)")
    parser.add_argument("--clip-size", type=parse_size, default=(1080, 1920), help="1080x1920")
    parser.add_argument("--size", type=parse_size, default=(1080, 1920), help="feed, 1080x1920")
    parser.add_argument("--dwell", type=float, default=0.3, help="s between swipes (0.3)")
    parser.add_argument("--watchdog", type=float, default=BENCH_WATCHDOG_S, help=WATCHDOG_HELP)
    parser.add_argument("--quick", action="store_true", help="CI smoke: 10 small swipes")
    args = parser.parse_args(argv)
    if args.quick:
        args.swipes, args.warmup, args.clips, args.seconds = 10, 1, 3, 2.0
        args.clip_size = args.size = (360, 640)
        args.dwell = 0.05
    if args.swipes < 1 or args.clips < 3:
        parser.error("--swipes must be 1 or more and --clips 3 or more")

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-swipe-") as tmp:
        clips = make_clips(Path(tmp), args.clips, args.seconds, args.clip_size)
        rig = FeedRig(clips, args.size, watchdog_s=args.watchdog)
        rig.show()
        cold = ColdOpener(rig)
        swipes: list[SwipeTimes] = []
        colds: list[float] = []
        try:
            for round_index in range(args.warmup + args.swipes):
                rig.wait_ready(args.dwell)
                swipe = measure_swipe(rig)
                shown = rig.feed.current_clip
                assert shown is not None
                cold_open = cold.open(shown)
                if round_index >= args.warmup:
                    swipes.append(swipe)
                    colds.append(cold_open)
            if len(rig.playlist) < args.clips:
                print(
                    f"warning: the feed skipped {args.clips - len(rig.playlist)} clip(s) as broken"
                )
            header = [
                f"Swipe to first frame: {args.swipes} swipes (+{args.warmup} warm-up) over "
                f"{args.clips} clips {args.clip_size[0]}x{args.clip_size[1]} 30 fps H.264,",
                f"feed {args.size[0]}x{args.size[1]} offscreen, slide 220 ms; {versions(rig.engine)}",
            ]
        finally:
            cold.close()
            rig.close()
    report(swipes, colds, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())

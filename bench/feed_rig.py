"""The benchmarks' test bench for the real feed: clips made with ffmpeg, the event loop, and a
`FeedWidget` on three real `VlcPlayer`s whose paints are recorded.

It is shared by `bench_swipe.py`, `bench_soak.py` and `bench_playback.py`. Importing it puts Qt
on the offscreen platform. To see what a paint draws, every player's `frame()` is wrapped to
note (clip, frames shown so far) when a paint draws its front buffer, and an overlay, which the
feed paints last on every paint, stamps the time the paint is complete.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# This checkout's kiosk, unless a benchmark put another one first (bench_playback.py --baseline).
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import PySide6
from PySide6.QtCore import QEventLoop, QRect, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.app.gui_thread import GuiThread
from kiosk.core.clip import Clip
from kiosk.core.playlist.playlist import Playlist
from kiosk.media.pool import PlayerPool, Role
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.player import VlcPlayer
from kiosk.ui.feed.controller import AfterClip
from kiosk.ui.feed.widget import FeedWidget

#: Real decoding on a shared machine: a wait gives up only after this long.
PATIENCE_S = 15.0
#: The app's own first-frame watchdog. The benchmarks give their players a longer one, so that
#: on a loaded machine a slow first frame is measured instead of skipped as a broken clip.
APP_WATCHDOG_S = 2.0
BENCH_WATCHDOG_S = 10.0


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        message = f"size '{text}' is not WIDTHxHEIGHT, e.g. 1080x1920"
        raise argparse.ArgumentTypeError(message) from None


def make_clips(folder: Path, count: int, seconds: float, size: tuple[int, int]) -> list[Clip]:
    """`count` distinct moving clips with a tone: testsrc2 turned to a different hue each."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise SystemExit("ffmpeg is not installed: it makes the test clips")
    width, height = size
    clips = []
    for index in range(count):
        out = folder / f"{index + 1:02d}_clip.mp4"
        hue = index * 360 // count
        video = f"testsrc2=s={width}x{height}:r=30:d={seconds},hue=h={hue}"
        tone = f"sine=frequency={330 + 55 * index}:duration={seconds}"
        subprocess.run(
            [
                *(ffmpeg, "-hide_banner", "-loglevel", "error", "-y"),
                *("-f", "lavfi", "-i", video, "-f", "lavfi", "-i", tone),
                *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30"),
                *("-c:a", "aac", "-b:a", "48k", "-shortest", str(out)),
            ],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        clips.append(Clip(out, f"clip {index + 1}"))
    return clips


def versions(engine: VlcEngine) -> str:
    return (
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"libvlc {engine.version.split()[0]}, {os.cpu_count()} CPUs"
    )


class Pump:
    """Runs the event loop in 5 ms slices until a condition holds; it sleeps, never spins, and
    its timer runs only while it waits."""

    def __init__(self) -> None:
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._loop.quit)

    def until(
        self, condition: Callable[[], object], what: str, timeout_s: float = PATIENCE_S
    ) -> None:
        deadline = time.monotonic() + timeout_s
        self._timer.start()
        try:
            while not condition():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"gave up after {timeout_s:g} s waiting for {what}")
                self._loop.exec()
        finally:
            self._timer.stop()

    def spin(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        self.until(lambda: time.monotonic() >= deadline, "time", timeout_s=seconds + 1)

    def close(self) -> None:
        self._timer.stop()


@dataclass
class Paint:
    time: float
    #: Each clip this paint drew, with its player's count of frames shown at that moment.
    drawn: dict[Clip, int] = field(default_factory=dict)


class PaintProbe:
    """Records which clips each paint drew, and when the paint was complete."""

    def __init__(self) -> None:
        self.paints: list[Paint] = []
        self._drawing: dict[Clip, int] = {}

    def watch(self, player: VlcPlayer) -> None:
        original = player.frame

        @contextmanager
        def frame() -> Iterator[object]:
            with original() as picture:
                if picture is not None and player.clip is not None:
                    self._drawing[player.clip] = player.frames_shown
                yield picture

        player.frame = frame  # type: ignore[method-assign]

    def paint_done(self, painter: QPainter | None = None, rect: QRect | None = None) -> None:
        self.paints.append(Paint(time.perf_counter(), self._drawing))
        self._drawing = {}

    def first(self, clip: Clip, since: float, after_frames: int = -1) -> float | None:
        """When a paint at or after `since` first drew `clip` past frame count `after_frames`."""
        for paint in self.paints:
            if paint.time >= since and paint.drawn.get(clip, -1) > after_frames:
                return paint.time
        return None

    def clear(self) -> None:
        self.paints.clear()


class FeedRig:
    """The real feed on three real players, offscreen, with its paints recorded; `show()` it."""

    def __init__(
        self,
        clips: list[Clip],
        size: tuple[int, int],
        *,
        watchdog_s: float = BENCH_WATCHDOG_S,
        after_clip: AfterClip = "loop",
    ) -> None:
        if len(clips) < 3:
            raise ValueError("the feed needs 3 distinct clips, so that every role holds its own")
        self.app = QApplication.instance() or QApplication([])
        self.pump = Pump()
        self.gui_thread = GuiThread()
        self.engine = VlcEngine(["--aout=adummy"], first_frame_timeout=watchdog_s)
        players = [self.engine.new_player(self.gui_thread.post) for _ in range(3)]
        self.pool = PlayerPool(players)
        self.playlist = Playlist(clips, "sequential")
        self.feed = FeedWidget(self.playlist, self.pool, after_clip=after_clip)
        self.probe = PaintProbe()
        for player in players:
            self.probe.watch(player)
        self.feed.add_overlay(self.probe.paint_done)
        self.changes: list[tuple[float, Clip]] = []
        self.feed.clip_changed.connect(self._on_clip_changed)
        self.feed.resize(*size)

    def show(self) -> None:
        """Show the feed and wait until its first clip is on screen."""
        self.feed.show()
        self.pump.until(lambda: self.changes, "the first clip")

    def _on_clip_changed(self, clip: Clip) -> None:
        self.changes.append((time.perf_counter(), clip))

    def wait_ready(self, dwell_s: float) -> None:
        """Until the clip on screen and its neighbours (at the start: none before it) hold a
        first frame, and then `dwell_s` more."""
        for role in Role:
            if self.pool.clip(role) is None:
                continue
            player = self.pool.player(role)
            self.pump.until(lambda p=player: p.has_frame, f"the {role.name.lower()} clip")
        self.pump.spin(dwell_s)

    def landed_at(self, clip: Clip) -> float | None:
        return next((when for when, changed in self.changes if changed == clip), None)

    def step(self, key: Qt.Key = Qt.Key.Key_Down) -> tuple[Clip, float, int]:
        """Press `key`; return the clip coming in, when the press began, its frame count."""
        incoming = self.pool.player(Role.NEXT if key == Qt.Key.Key_Down else Role.PREVIOUS)
        clip = incoming.clip
        assert clip is not None
        baseline = incoming.frames_shown
        self.probe.clear()
        self.changes.clear()
        started = time.perf_counter()
        QTest.keyClick(self.feed, key)
        return clip, started, baseline

    def close(self) -> None:
        # Widgets first, then every player and the libvlc instance, then the GUI door.
        self.feed.close()
        self.feed.deleteLater()
        self.engine.release()
        self.gui_thread.close()
        self.pump.close()

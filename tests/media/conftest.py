"""Real libvlc players for the media tests, and a way to wait on the GUI thread.

Waiting: PySide6 6.12.0 on CPython 3.11 drops a reference to `None` each time a method that
returns nothing is called from Python, so `qtbot.waitUntil` (which calls such methods every
10 ms) slowly kills the interpreter ("Fatal Python error: none_dealloc"). `EventPump` waits by
running a `QEventLoop` that a repeating `QTimer` quits from C++, which calls nothing of that
kind, so these tests hold up on that version too. Every wait is for a condition, with a
generous limit; a few spin a number of event-loop slices to show that nothing happens.
"""

from __future__ import annotations

import queue
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app.gui_thread import GuiThread
from kiosk.core.clip import Clip
from kiosk.core.library.thumbnail_cache import ThumbnailCache
from kiosk.media.interface import PlayerListener
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.player import VlcPlayer
from kiosk.media.worker import MediaWorker
from tests.clipmaker import FFMPEG, ClipCache

BOX = (360, 640)
SLICE_MS = 5


class EventPump:
    """Runs the GUI thread's event loop in short slices until a condition holds."""

    def __init__(self) -> None:
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setInterval(SLICE_MS)
        self._timer.timeout.connect(self._loop.quit)
        self._timer.start()

    def until(self, condition: Callable[[], bool], what: str, timeout_s: float = 10.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"gave up after {timeout_s:g} s waiting for {what}")
            self._loop.exec()

    def spin_for(self, seconds: float) -> None:
        """Process events for a while: a window in which to see that nothing happens."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._loop.exec()

    def close(self) -> None:
        self._timer.stop()


def rgb_at(player: VlcPlayer, fx: float = 0.5, fy: float = 0.5) -> tuple[int, int, int] | None:
    """The colour of the front frame at a fraction of its width and height."""
    with player.frame() as frame:
        if frame is None:
            return None
        offset = int(frame.height * fy) * frame.stride + int(frame.width * fx) * 4
        blue, green, red = frame.pixels[offset : offset + 3]
        return red, green, blue


def colour_name(rgb: tuple[int, int, int] | None) -> str:
    """'red', 'green' or 'blue' for a clearly dominant channel, else 'other' (or 'none')."""
    if rgb is None:
        return "none"
    top = max(rgb)
    if top < 90 or sorted(rgb)[1] > top * 0.4:
        return "other"
    return ("red", "green", "blue")[rgb.index(top)]


@dataclass
class Recorder:
    """A listener that writes down what it hears, with each frame's centre colour."""

    player: VlcPlayer
    first_frames: int = 0
    frame_colours: list[str] = field(default_factory=list)
    ends: int = 0
    errors: list[str] = field(default_factory=list)
    slow: int = 0
    missing: int = 0

    def attach(self) -> Recorder:
        self.player.listener = PlayerListener(
            on_first_frame=self._first,
            on_frame=lambda: self.frame_colours.append(colour_name(rgb_at(self.player))),
            on_end=self._end,
            on_error=self.errors.append,
            on_slow=self._slow,
            on_missing=self._missing,
        )
        return self

    def _slow(self) -> None:
        self.slow += 1

    def _missing(self) -> None:
        self.missing += 1

    def _first(self) -> None:
        self.first_frames += 1

    def _end(self) -> None:
        self.ends += 1

    @property
    def frames(self) -> int:
        return len(self.frame_colours)

    @property
    def events(self) -> tuple[int, int, int, int]:
        return self.first_frames, self.frames, self.ends, len(self.errors)


@pytest.fixture
def pump(qapp: QApplication) -> Iterator[EventPump]:
    event_pump = EventPump()
    yield event_pump
    event_pump.close()


@pytest.fixture
def gui_thread(qapp: QApplication) -> Iterator[GuiThread]:
    thread = GuiThread()
    yield thread
    thread.close()


@pytest.fixture
def engine(gui_thread: GuiThread) -> Iterator[VlcEngine]:
    vlc_engine = VlcEngine(["--aout=adummy"])
    yield vlc_engine
    vlc_engine.release()


@pytest.fixture
def new_player(
    engine: VlcEngine, gui_thread: GuiThread
) -> Callable[[], tuple[VlcPlayer, Recorder]]:
    """`player, heard = new_player()`: a real player fitting frames into BOX, recorded."""

    def make() -> tuple[VlcPlayer, Recorder]:
        player = engine.new_player(gui_thread.post)
        player.set_frame_box(*BOX)
        return player, Recorder(player).attach()

    return make


def clip_of(path: Path, **kwargs: float) -> Clip:
    return Clip(path, path.stem, **kwargs)  # type: ignore[arg-type]


def moving_clip(out: Path, colour: str, seconds: float, fps: int = 25) -> Path:
    """A solid clip with a white square that moves every frame in its top-left corner, so every
    frame is a new picture (the player does not repaint a picture identical to the last)."""
    assert FFMPEG is not None, "ffmpeg is not installed"
    graph = (
        f"color=c={colour}:s=180x320:r={fps}:d={seconds}[bg];color=c=white:s=12x12[box];"
        "[bg][box]overlay=x='mod(n*3,60)':y=4:shortest=1"
    )
    subprocess.run(
        [
            *(FFMPEG, "-hide_banner", "-loglevel", "error", "-y", "-filter_complex", graph),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return out


# The media worker's tests (test_media_worker*.py) share what follows: a stand-in for the GUI
# thread, a record of the results, and a worker made on the test's engine and closed after it.


class GuiInbox:
    """Stands in for the GUI thread: `post` queues from any thread, and the test's own thread
    runs what was posted. `gate` holds the worker inside its first post until it is opened,
    which keeps every later job from starting: a test can change files or queue jobs in between.
    `posting` is set once the worker is held there, its first job done."""

    def __init__(self, *, gated: bool = False) -> None:
        self._queue: queue.Queue[Callable[[], None]] = queue.Queue()
        self.gate = threading.Event()
        self.posting = threading.Event()
        if not gated:
            self.gate.set()

    def post(self, fn: Callable[[], None]) -> None:
        self.posting.set()
        self.gate.wait(60)
        self._queue.put(fn)

    def run_until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
            try:
                posted = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            posted()

    def run_posted(self) -> None:
        """Run what was posted so far, without waiting for more."""
        while True:
            try:
                self._queue.get_nowait()()
            except queue.Empty:
                return


class Results:
    """What the worker's callbacks heard, in what order, and on which thread."""

    def __init__(self) -> None:
        self.thumbnails: dict[Clip, Path | None] = {}
        self.durations: dict[Path, float | None] = {}
        self.order: list[Clip | Path] = []
        self.threads: set[int] = set()

    def thumbnail(self, clip: Clip, png: Path | None) -> None:
        self.threads.add(threading.get_ident())
        self.thumbnails[clip] = png
        self.order.append(clip)

    def duration(self, path: Path, seconds: float | None) -> None:
        self.threads.add(threading.get_ident())
        self.durations[path] = seconds
        self.order.append(path)

    @property
    def count(self) -> int:
        return len(self.thumbnails) + len(self.durations)


@pytest.fixture
def new_worker(engine: VlcEngine) -> Iterator[Callable[..., MediaWorker]]:
    """`worker = new_worker(inbox)`: every worker is closed after the test, even one that failed,
    so no worker thread outlives the engine it uses. Keywords go to `MediaWorker`."""
    made: list[MediaWorker] = []

    def make(inbox: GuiInbox, cache: ThumbnailCache | None = None, **options: Any) -> MediaWorker:
        worker = MediaWorker(engine, inbox.post, cache=cache, **options)
        made.append(worker)
        return worker

    yield make
    for worker in made:
        worker.close()


@pytest.fixture
def library(clip_cache: ClipCache, tmp_path: Path) -> list[Clip]:
    """A whole 10 s file (red at 1 s), and two segments of a red/green/blue file."""
    videos = tmp_path / "videos"
    ten_colours = ["blue", "red", "red", *["lime"] * 17]  # 0.5 s each
    ten = clip_cache.steps(videos / "ten.mp4", ten_colours, step_seconds=0.5, fps=20)
    steps = clip_cache.steps(videos / "steps.mp4", ["red", "lime", "blue"])
    return [
        Clip(ten, "ten"),
        Clip(steps, "green part", start_seconds=2.0, end_seconds=4.0),
        Clip(steps, "blue part", start_seconds=4.0),  # its 10% needs the file's length
    ]

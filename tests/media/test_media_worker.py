"""The media worker on real libvlc and real clips: thumbnails made once and then found in the
cache, durations, results on the GUI thread only, files that change under it, cancelling,
closing while a job runs, and a clean exit of a process that quits mid-job."""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.core import paths
from kiosk.core.clip import Clip
from kiosk.core.thumbnail_cache import ThumbnailCache
from kiosk.media.media_worker import WORKER_NICENESS, MediaWorker
from kiosk.media.vlc_engine import VlcEngine
from kiosk.media.vlc_thumbnailer import Picture, VlcThumbnailer
from tests.clipmaker import ClipCache, text_as_video
from tests.media.conftest import colour_name

REPO = Path(__file__).resolve().parents[2]


class GuiInbox:
    """Stands in for the GUI thread: `post` queues from any thread, and the test's own thread
    runs what was posted. `gate` holds the worker inside its first post until it is opened,
    which keeps every later job from starting: a test can change files in between."""

    def __init__(self, *, gated: bool = False) -> None:
        self._queue: queue.Queue[Callable[[], None]] = queue.Queue()
        self.gate = threading.Event()
        if not gated:
            self.gate.set()

    def post(self, fn: Callable[[], None]) -> None:
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
    """What the worker's callbacks heard, and on which thread."""

    def __init__(self) -> None:
        self.thumbnails: dict[Clip, Path | None] = {}
        self.durations: dict[Path, float | None] = {}
        self.threads: set[int] = set()

    def thumbnail(self, clip: Clip, png: Path | None) -> None:
        self.threads.add(threading.get_ident())
        self.thumbnails[clip] = png

    def duration(self, path: Path, seconds: float | None) -> None:
        self.threads.add(threading.get_ident())
        self.durations[path] = seconds

    @property
    def count(self) -> int:
        return len(self.thumbnails) + len(self.durations)


def png_colour(png: Path | None) -> str:
    assert png is not None, "no thumbnail"
    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a picture Qt can read"
    pixel = image.pixelColor(image.width() // 2, image.height() // 2)
    return colour_name((pixel.red(), pixel.green(), pixel.blue()))


@pytest.fixture
def new_worker(engine: VlcEngine) -> Iterator[Callable[..., MediaWorker]]:
    made: list[MediaWorker] = []

    def make(inbox: GuiInbox, cache: ThumbnailCache | None = None) -> MediaWorker:
        worker = MediaWorker(engine, inbox.post, cache=cache)
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


def test_thumbnails_are_made_and_cached_and_the_second_run_does_not_make_them_again(
    new_worker: Callable[..., MediaWorker], library: list[Clip], isolated_dirs: Path
) -> None:
    videos = library[0].path.parent
    before = sorted(os.listdir(videos))
    inbox, first = GuiInbox(), Results()
    worker = new_worker(inbox)
    for clip in library:
        worker.request_thumbnail(clip, first.thumbnail)
    inbox.run_until(lambda: first.count == 3, "three thumbnails")
    assert [png_colour(first.thumbnails[clip]) for clip in library] == ["red", "green", "blue"]
    assert worker.made == 3 and worker.cache_hits == 0
    worker.close()
    stored = {png: png.read_bytes() for png in first.thumbnails.values() if png is not None}
    assert {png.parent for png in stored} == {paths.thumbnail_dir()}
    assert paths.thumbnail_dir().is_relative_to(isolated_dirs / "cache")

    second_inbox, second = GuiInbox(), Results()
    second_run = new_worker(second_inbox)
    for clip in library:
        second_run.request_thumbnail(clip, second.thumbnail)
    second_inbox.run_until(lambda: second.count == 3, "three cached thumbnails")
    assert second.thumbnails == first.thumbnails
    assert second_run.made == 0 and second_run.cache_hits == 3
    assert second_run.probed == 0  # a cache hit needs no libvlc at all
    assert {png: png.read_bytes() for png in stored} == stored
    assert sorted(os.listdir(videos)) == before  # nothing written beside the videos


def test_results_arrive_on_the_gui_thread_only(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    worker.request_duration(library[0].path, heard.duration)
    worker.request_thumbnail(library[1], heard.thumbnail)
    inbox.run_until(lambda: heard.count == 2, "a duration and a thumbnail")
    assert heard.threads == {threading.get_ident()}


def test_durations_of_good_and_broken_files(
    new_worker: Callable[..., MediaWorker], library: list[Clip], tmp_path: Path
) -> None:
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    text = text_as_video(tmp_path / "words.mp4")
    missing = tmp_path / "gone.mp4"
    for path in (library[0].path, library[1].path, text, missing):
        worker.request_duration(path, heard.duration)
    inbox.run_until(lambda: heard.count == 4, "four durations")
    assert heard.durations == {
        library[0].path: pytest.approx(10.0, abs=0.1),
        library[1].path: pytest.approx(6.0, abs=0.1),
        text: None,
        missing: None,
    }


def test_a_file_deleted_between_request_and_job_gives_none(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    worker.request_duration(library[1].path, heard.duration)  # holds the worker in its post
    worker.request_thumbnail(library[0], heard.thumbnail)
    library[0].path.unlink()
    inbox.gate.set()
    inbox.run_until(lambda: heard.count == 2, "both results")
    assert heard.thumbnails == {library[0]: None}
    assert worker.made == 0
    assert list(paths.thumbnail_dir().glob("*")) == []


def test_a_file_replaced_between_request_and_job_gets_the_new_files_thumbnail(
    new_worker: Callable[..., MediaWorker], clip_cache: ClipCache, tmp_path: Path
) -> None:
    clip = Clip(clip_cache.solid(tmp_path / "clip.mp4", "red", seconds=2.0), "clip")
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    worker.request_duration(clip.path, heard.duration)  # holds the worker in its post
    worker.request_thumbnail(clip, heard.thumbnail)
    clip_cache.solid(tmp_path / "clip.mp4", "blue", seconds=3.0)
    inbox.gate.set()
    inbox.run_until(lambda: heard.count == 2, "both results")
    assert png_colour(heard.thumbnails[clip]) == "blue"


def test_a_file_changed_while_its_thumbnail_is_made_is_not_cached(
    new_worker: Callable[..., MediaWorker],
    library: list[Clip],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grab = VlcThumbnailer.grab
    pictures: list[Picture | None] = []

    def grab_then_append(self: VlcThumbnailer, path: Path, at_seconds: float) -> Picture | None:
        pictures.append(grab(self, path, at_seconds))
        with path.open("ab") as appended:  # a copy still in progress
            appended.write(b"\0" * 4096)
        return pictures[-1]

    monkeypatch.setattr(VlcThumbnailer, "grab", grab_then_append)
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    worker.request_thumbnail(library[1], heard.thumbnail)
    inbox.run_until(lambda: heard.count == 1, "the thumbnail's result")
    assert pictures and pictures[0] is not None  # a picture was made, then thrown away
    assert heard.thumbnails == {library[1]: None}
    assert worker.made == 0
    assert list(paths.thumbnail_dir().glob("*")) == []


def test_a_job_that_fails_is_logged_and_the_worker_goes_on(
    new_worker: Callable[..., MediaWorker],
    library: list[Clip],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("")
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox, ThumbnailCache(not_a_folder))
    with caplog.at_level(logging.ERROR, logger="kiosk.media.media_worker"):
        worker.request_thumbnail(library[1], heard.thumbnail)
        worker.request_duration(library[1].path, heard.duration)
        inbox.run_until(lambda: heard.count == 2, "both results")
    assert heard.thumbnails == {library[1]: None}
    assert heard.durations == {library[1].path: pytest.approx(6.0, abs=0.1)}
    assert "a media worker job failed" in caplog.text
    assert worker.running


def test_cancel_pending_drops_queued_jobs_and_undelivered_results(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    worker.request_duration(library[0].path, heard.duration)  # held in its post
    for clip in library:
        worker.request_thumbnail(clip, heard.thumbnail)
    worker.cancel_pending()
    assert worker.pending == 0
    inbox.gate.set()
    worker.request_duration(library[1].path, heard.duration)  # asked after the cancel
    inbox.run_until(lambda: heard.count >= 1, "the new request's result")
    assert heard.durations == {library[1].path: pytest.approx(6.0, abs=0.1)}
    assert heard.thumbnails == {}
    assert worker.made == 0


def test_close_while_jobs_run_stops_the_thread_and_delivers_nothing_more(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    for clip in library * 5:
        worker.request_thumbnail(clip, heard.thumbnail)
        worker.request_duration(clip.path, heard.duration)
    inbox.run_until(lambda: heard.count >= 1, "a first result")
    worker.close()
    assert not worker.running
    inbox.run_posted()
    heard_at_close = heard.count
    worker.request_thumbnail(library[0], heard.thumbnail)  # ignored once closed
    worker.close()  # harmless
    inbox.run_posted()
    assert heard.count == heard_at_close
    assert worker.pending == 0


def test_releasing_the_engine_closes_the_worker_first(
    engine: VlcEngine, library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(), Results()
    worker = MediaWorker(engine, inbox.post)
    for clip in library * 3:
        worker.request_thumbnail(clip, heard.thumbnail)
    inbox.run_until(lambda: heard.count >= 1, "a first result")
    engine.release()
    assert not worker.running


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_worker_thread_runs_at_a_lower_priority(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(), Results()
    new_worker(inbox).request_duration(library[0].path, heard.duration)
    inbox.run_until(lambda: heard.count == 1, "a duration")  # the thread has set its priority
    (thread,) = [t for t in threading.enumerate() if t.name == "kiosk-media-worker"]
    assert thread.native_id is not None
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert os.getpriority(os.PRIO_PROCESS, thread.native_id) == min(19, base + WORKER_NICENESS)


QUIT_MID_JOB = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
from kiosk.core.clip import Clip
from kiosk.media.media_worker import MediaWorker
from kiosk.media.vlc_engine import VlcEngine
from kiosk.ui.gui_thread import GuiThread

app = QGuiApplication([])
gui_thread = GuiThread()
engine = VlcEngine(["--aout=adummy"])
worker = MediaWorker(engine, gui_thread.post)
results = []
def done(clip, png):
    results.append(png)
    app.quit()
for path in sys.argv[1:]:
    for start in range(5):
        worker.request_thumbnail(Clip(Path(path), "c", start_seconds=start * 0.2), done)
code = app.exec()
running = worker.running
# The order of a real exit: quit, then release libvlc with the worker mid-job (never closed
# by hand: the engine closes it first), then drop the GUI hand-off.
engine.release()
gui_thread.close()
print(f"results={len(results)} pending={worker.pending} running={worker.running} code={code}")
"""


def test_quitting_while_thumbnails_are_made_exits_cleanly(
    clip_cache: ClipCache, tmp_path: Path
) -> None:
    clips = [
        str(clip_cache.solid(tmp_path / f"{colour}.mp4", colour, seconds=2.0, size=(720, 1280)))
        for colour in ("red", "lime", "blue", "white")
    ]
    done = subprocess.run(
        [sys.executable, "-c", QUIT_MID_JOB, *clips],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
    )
    assert "Fatal Python error" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert "results=1 pending=0 running=False code=0" in done.stdout, done.stdout

"""Stopping the media worker on real libvlc and real clips: cancelling thumbnails (and never
durations), closing while jobs run, a thread that does not stop in time (libvlc is then left to
it), the engine closing it on release, and a clean exit of a process that quits mid-job."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.media import worker as media_worker
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.worker import MediaWorker
from tests.clipmaker import ClipCache
from tests.media.conftest import GuiInbox, Results

REPO = Path(__file__).resolve().parents[2]


def record_instance_releases(engine: VlcEngine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The libvlc instances released from now on (each still really released)."""
    vlc, _instance = engine.libvlc()
    real_release = vlc.Instance.release
    released: list[object] = []

    def release(instance: object) -> None:
        released.append(instance)
        real_release(instance)

    monkeypatch.setattr(vlc.Instance, "release", release)
    return released


def test_cancelling_thumbnails_drops_queued_ones_and_undelivered_ones(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    worker.request_thumbnail(library[0], heard.thumbnail)
    assert inbox.posting.wait(60), "the first thumbnail was never posted"
    for clip in library:
        worker.request_thumbnail(clip, heard.thumbnail)
    worker.cancel_thumbnails()
    assert worker.pending == 0
    inbox.gate.set()
    worker.request_thumbnail(library[1], heard.thumbnail)  # asked after the cancel
    inbox.run_until(lambda: heard.count >= 1, "the new request's result")
    assert list(heard.thumbnails) == [library[1]]
    assert worker.made == 2  # the one running at the cancel was finished and cached


def test_cancelling_thumbnails_leaves_every_duration_to_come_back(
    new_worker: Callable[..., MediaWorker], library: list[Clip], tmp_path: Path
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    posted_before = library[0].path
    worker.request_duration(posted_before, heard.duration)
    assert inbox.posting.wait(60), "the first duration was never posted"
    queued = [library[1].path, tmp_path / "gone.mp4"]
    for path in queued:
        worker.request_duration(path, heard.duration)
    for clip in library:
        worker.request_thumbnail(clip, heard.thumbnail)
    worker.cancel_thumbnails()  # the library view hides, the service still waits
    assert worker.pending == len(queued)
    inbox.gate.set()
    inbox.run_until(lambda: len(heard.durations) == 3, "all three durations", timeout=30)
    assert heard.durations == {
        posted_before: pytest.approx(10.0, abs=0.1),
        queued[0]: pytest.approx(6.0, abs=0.1),
        queued[1]: None,
    }
    assert heard.thumbnails == {}


def test_cancelling_durations_drops_the_queued_ones_only(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    running = library[0].path
    worker.request_duration(running, heard.duration)
    assert inbox.posting.wait(60), "the first duration was never posted"
    worker.request_duration(library[1].path, heard.duration)
    worker.request_thumbnail(library[1], heard.thumbnail)
    worker.cancel_durations()  # the parent chose another folder
    assert worker.pending == 1  # the thumbnail
    inbox.gate.set()
    inbox.run_until(lambda: len(heard.thumbnails) == 1, "the thumbnail", timeout=30)
    assert heard.durations == {running: pytest.approx(10.0, abs=0.1)}


def test_close_while_jobs_run_stops_the_thread_and_delivers_nothing_more(
    new_worker: Callable[..., MediaWorker], library: list[Clip]
) -> None:
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    for clip in library * 5:
        worker.request_thumbnail(clip, heard.thumbnail)
        worker.request_duration(clip.path, heard.duration)
    inbox.run_until(lambda: heard.count >= 1, "a first result")
    assert worker.close() is True
    assert not worker.running
    inbox.run_posted()
    heard_at_close = heard.count
    worker.request_thumbnail(library[0], heard.thumbnail)  # ignored once closed
    worker.request_duration(library[0].path, heard.duration)  # so is this
    assert worker.close() is True  # harmless
    inbox.run_posted()
    assert heard.count == heard_at_close
    assert worker.pending == 0


def test_close_reports_a_thread_that_did_not_stop_and_the_engine_leaves_libvlc_to_it(
    engine: VlcEngine,
    new_worker: Callable[..., MediaWorker],
    library: list[Clip],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    started, unblock = threading.Event(), threading.Event()

    def stuck_probe(*_args: object, **_kwargs: object) -> float | None:
        # Stands in for a libvlc call stuck in the operating system (a hung network share),
        # which no interrupt reaches.
        started.set()
        unblock.wait(60)
        return None

    monkeypatch.setattr(media_worker, "probe_duration", stuck_probe)
    released = record_instance_releases(engine, monkeypatch)
    _vlc, instance = engine.libvlc()
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox, close_timeout=0.01)
    worker.request_duration(library[0].path, heard.duration)
    assert started.wait(60), "the job never started"
    try:
        assert worker.close() is False
        assert worker.running
        with caplog.at_level(logging.WARNING):
            engine.release()  # calls close again: still stuck
        assert released == []
        assert "left unreleased" in caplog.text
        with pytest.raises(RuntimeError, match="released"):
            engine.libvlc()
    finally:
        unblock.set()
    assert worker.close(timeout=60) is True
    inbox.run_posted()
    assert heard.count == 0
    instance.release()  # only now, with the thread gone: the test process goes on


def test_every_release_hook_runs_even_after_one_whose_thread_did_not_stop(
    engine: VlcEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = record_instance_releases(engine, monkeypatch)
    _vlc, instance = engine.libvlc()
    called: list[str] = []

    def stuck() -> bool:
        called.append("stuck")
        return False

    def stopped() -> bool:
        called.append("stopped")
        return True

    engine.call_before_release(stuck)
    engine.call_before_release(stopped)
    engine.release()
    assert called == ["stuck", "stopped"]
    assert released == []
    instance.release()


def test_releasing_the_engine_closes_the_worker_first(
    engine: VlcEngine, library: list[Clip], monkeypatch: pytest.MonkeyPatch
) -> None:
    released = record_instance_releases(engine, monkeypatch)
    _vlc, instance = engine.libvlc()
    inbox, heard = GuiInbox(), Results()
    worker = MediaWorker(engine, inbox.post)
    for clip in library * 3:
        worker.request_thumbnail(clip, heard.thumbnail)
    inbox.run_until(lambda: heard.count >= 1, "a first result")
    engine.release()
    assert not worker.running
    assert released == [instance]


QUIT_MID_JOB = """
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from kiosk.core.clip import Clip
from kiosk.media.worker import MediaWorker
from kiosk.media.vlc.engine import VlcEngine
from kiosk.app.gui_thread import GuiThread

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

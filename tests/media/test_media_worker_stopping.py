"""Stopping the media worker on real libvlc and real clips: cancelling queued jobs, closing
while jobs run, the engine closing it on release, and a clean exit of a process that quits
mid-job."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.media.media_worker import MediaWorker
from kiosk.media.vlc_engine import VlcEngine
from tests.clipmaker import ClipCache
from tests.media.conftest import GuiInbox, Results

REPO = Path(__file__).resolve().parents[2]


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


QUIT_MID_JOB = """
import sys
from pathlib import Path

import pytest
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

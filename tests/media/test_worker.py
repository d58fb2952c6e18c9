"""The media worker's jobs on real libvlc and real clips: thumbnails made once and then found in
the cache, durations, thumbnails before durations, results on the GUI thread only, files that
change under it or are not named in UTF-8, a failing job, and the worker thread's priority.
Cancelling, closing and quitting are in test_media_worker_stopping.py."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.core import paths
from kiosk.core.clip import Clip
from kiosk.core.library.thumbnail_cache import ThumbnailCache
from kiosk.media.vlc.thumbnailer import VlcThumbnailer
from kiosk.media.worker import WORKER_NICENESS, MediaWorker
from tests.clipmaker import ClipCache, text_as_video
from tests.media.conftest import GuiInbox, Results, colour_name


def png_colour(png: Path | None) -> str:
    assert png is not None, "no thumbnail"
    image = QImage(str(png))
    assert not image.isNull(), f"{png} is not a picture Qt can read"
    pixel = image.pixelColor(image.width() // 2, image.height() // 2)
    return colour_name((pixel.red(), pixel.green(), pixel.blue()))


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


def test_thumbnails_go_before_durations_asked_for_earlier(
    new_worker: Callable[..., MediaWorker], library: list[Clip], tmp_path: Path
) -> None:
    inbox, heard = GuiInbox(gated=True), Results()
    worker = new_worker(inbox)
    first = library[0].path
    worker.request_duration(first, heard.duration)
    assert inbox.posting.wait(60), "the first duration was never posted"
    # The library service's probes queue up while the worker is held in that first post...
    later = [library[1].path, text_as_video(tmp_path / "words.mp4"), tmp_path / "gone.mp4"]
    for path in later:
        worker.request_duration(path, heard.duration)
    # ...and then a parent opens the library view.
    worker.request_thumbnail(library[2], heard.thumbnail)
    worker.request_thumbnail(library[0], heard.thumbnail)
    inbox.gate.set()
    inbox.run_until(lambda: heard.count == 6, "every result")
    assert heard.order == [first, library[2], library[0], *later]
    assert [png_colour(heard.thumbnails[clip]) for clip in library[::-2]] == ["blue", "red"]


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
    assert inbox.posting.wait(60), "the first duration was never posted"
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
    assert inbox.posting.wait(60), "the first duration was never posted"
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
    pictures: list[QImage | None] = []

    def grab_then_append(self: VlcThumbnailer, path: Path, at_seconds: float) -> QImage | None:
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


def test_a_clip_whose_file_name_is_not_utf8_gets_its_thumbnail(
    new_worker: Callable[..., MediaWorker], clip_cache: ClipCache, tmp_path: Path
) -> None:
    try:
        path = clip_cache.solid(tmp_path / os.fsdecode(b"bad\xff.mp4"), "blue", seconds=2.0)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not valid UTF-8")
    assert os.fsencode(path.name) == b"bad\xff.mp4"
    clip = Clip(path, "bad")
    inbox, heard = GuiInbox(), Results()
    worker = new_worker(inbox)
    worker.request_thumbnail(clip, heard.thumbnail)
    inbox.run_until(lambda: heard.count == 1, "the thumbnail's result")
    assert png_colour(heard.thumbnails[clip]) == "blue"
    assert worker.made == 1


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
    with caplog.at_level(logging.ERROR, logger="kiosk.media.worker"):
        worker.request_thumbnail(library[1], heard.thumbnail)
        worker.request_duration(library[1].path, heard.duration)
        inbox.run_until(lambda: heard.count == 2, "both results")
    assert heard.thumbnails == {library[1]: None}
    assert heard.durations == {library[1].path: pytest.approx(6.0, abs=0.1)}
    assert "a media worker job failed" in caplog.text
    assert worker.running


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

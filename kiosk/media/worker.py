"""Clip durations and thumbnails, made on one low-priority background thread for the library
service and the library view, so that neither the GUI thread nor the feed ever waits for them.

Jobs run one at a time from two queues, oldest first in each. Thumbnails go first: a parent is
looking at them, while the service may have queued ten thousand duration probes at first start.
Each result goes back to the GUI thread through `post`. The view cancels thumbnails it no longer
shows (`cancel_thumbnails`); durations cannot be cancelled, because the service waits for every
one: each request gets exactly one callback (a value or None) unless the worker is closed first.
After `close` no callback runs at all (checked again on the GUI thread). A job never raises out of
the thread: a missing, changed or broken file gives None, and any other error is logged and gives
None too. The thread makes its own libvlc player for thumbnails and releases it itself, before
the engine releases the instance (see `close`): libvlc threads that call into Python while the
interpreter shuts down abort the process.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kiosk.core.clip import Clip
from kiosk.core.library.thumbnail_cache import ThumbnailCache, frame_time, needs_file_duration
from kiosk.media.interface import PostToGui
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.probe import Interrupt, playable_stat, probe_duration
from kiosk.media.vlc.thumbnailer import THUMBNAIL_BOX, VlcThumbnailer, encode_png

log = logging.getLogger(__name__)

#: Added to the worker thread's nice value (on Linux, where it is per thread). The threads libvlc
#: starts to play a thumbnail's file (input, decoders, video output) inherit it, so decoding a
#: thumbnail yields to the feed; libvlc's parser threads, a few ms a file, do not (seen in /proc).
WORKER_NICENESS = 10
CLOSE_TIMEOUT_SECONDS = 10.0


Result = TypeVar("Result")


@dataclass(frozen=True)
class _Job:
    # The thumbnail generation the job was asked in, or None for a duration (never cancelled).
    thumbnail_generation: int | None
    # Runs on the worker thread and returns what to run on the GUI thread; it never raises.
    run: Callable[[], Callable[[], None]]


class MediaWorker:
    """One daemon thread that makes cached thumbnails and probes durations, thumbnails first.

    Make one for the app's life: the engine keeps hold of it (to close it first in `release()`).
    """

    def __init__(
        self,
        engine: VlcEngine,
        post: PostToGui,
        *,
        cache: ThumbnailCache | None = None,
        box: tuple[int, int] = THUMBNAIL_BOX,
        close_timeout: float = CLOSE_TIMEOUT_SECONDS,
    ) -> None:
        self._engine = engine
        self._post = post
        self._box = box
        self._cache = cache or ThumbnailCache(variant=f"{box[0]}x{box[1]}")
        self._close_timeout = close_timeout
        self._interrupt = Interrupt()
        self._wakeup = threading.Condition()
        self._thumbnail_jobs: deque[_Job] = deque()
        self._duration_jobs: deque[_Job] = deque()
        self._thumbnail_generation = 0
        self._closed = False
        self._thumbnailer: VlcThumbnailer | None = None  # made and released on the thread
        #: Thumbnails made (not found in the cache), durations probed, and cache hits.
        self.made = 0
        self.probed = 0
        self.cache_hits = 0
        self._thread = threading.Thread(target=self._run, name="kiosk-media-worker", daemon=True)
        self._thread.start()
        engine.call_before_release(self.close)

    # --- the GUI thread --------------------------------------------------------------------------

    def request_duration(self, path: Path, on_done: Callable[[Path, float | None], None]) -> None:
        """Probe the file's playing time; `on_done(path, seconds or None)` on the GUI thread.

        Always answered, however many thumbnails are cancelled meanwhile: only
        `cancel_durations` (before it starts) or `close` stops it.
        """
        self._enqueue(
            thumbnail=False,
            work=lambda: self._probe(path),
            deliver=lambda seconds: on_done(path, seconds),
        )

    def request_thumbnail(self, clip: Clip, on_done: Callable[[Clip, Path | None], None]) -> None:
        """Find or make the clip's thumbnail; `on_done(clip, png path or None)` on the GUI thread,
        unless `cancel_thumbnails` or `close` comes first. Runs before any queued duration."""
        self._enqueue(
            thumbnail=True,
            work=lambda: self._thumbnail(clip),
            deliver=lambda png: on_done(clip, png),
        )

    def cancel_thumbnails(self) -> None:
        """Drop every thumbnail job not yet started and every thumbnail not yet delivered (the
        view that asked is gone). A running job finishes, and its thumbnail is still cached.
        Durations are left alone: the library service waits for each of them."""
        with self._wakeup:
            self._thumbnail_generation += 1
            self._thumbnail_jobs.clear()

    def cancel_durations(self) -> None:
        """Drop every duration job not yet started: the parent chose another folder, and the
        new one's lengths must not wait behind the old one's. They are not answered; a probe
        already running still is, and its asker decides whether it still wants it."""
        with self._wakeup:
            self._duration_jobs.clear()

    def close(self, timeout: float | None = None) -> bool:
        """Stop the thread: drop queued jobs, cut the running one short, release its libvlc
        player and wait for it (`close_timeout` seconds unless told). Safe to call more than once;
        the engine calls it first thing in `release()`, so libvlc's instance outlives the
        worker's use of it. Returns whether the thread has stopped: False tells the engine that
        the thread may still be inside libvlc, so the instance must not be freed under it."""
        with self._wakeup:
            self._closed = True
            self._thumbnail_jobs.clear()
            self._duration_jobs.clear()
            self._wakeup.notify_all()
        self._interrupt.set()
        if threading.current_thread() is self._thread:
            return False  # it cannot wait for itself, and its thumbnailer is not yet released
        wait_seconds = self._close_timeout if timeout is None else timeout
        self._thread.join(wait_seconds)
        if self._thread.is_alive():
            # Every wait here is cut short by the interrupt, so only a libvlc call stuck in
            # the operating system (a hung network share) can get here.
            log.warning("the media worker did not stop within %g s", wait_seconds)
            return False
        return True

    @property
    def running(self) -> bool:
        """Whether the worker thread is still alive (it ends only in `close`)."""
        return self._thread.is_alive()

    @property
    def pending(self) -> int:
        """Jobs of both kinds that wait to start (for tests and diagnostics)."""
        with self._wakeup:
            return len(self._thumbnail_jobs) + len(self._duration_jobs)

    def _enqueue(
        self,
        *,
        thumbnail: bool,
        work: Callable[[], Result | None],
        deliver: Callable[[Result | None], None],
    ) -> None:
        def run() -> Callable[[], None]:
            try:
                result = work()
            except Exception:
                log.exception("a media worker job failed")
                result = None
            return lambda: deliver(result)

        with self._wakeup:
            if self._closed:
                return
            if thumbnail:
                self._thumbnail_jobs.append(_Job(self._thumbnail_generation, run))
            else:
                self._duration_jobs.append(_Job(None, run))
            self._wakeup.notify()

    def _is_current(self, job: _Job) -> bool:
        with self._wakeup:
            if self._closed:
                return False
            generation = job.thumbnail_generation
            return generation is None or generation == self._thumbnail_generation

    def _deliver(self, job: _Job, delivery: Callable[[], None]) -> None:
        # Checked again here, on the GUI thread: a cancel may have come after the post.
        if self._is_current(job):
            delivery()

    # --- the worker thread -----------------------------------------------------------------------

    def _run(self) -> None:
        _lower_priority()
        try:
            while (job := self._next_job()) is not None:
                delivery = job.run()
                if not self._is_current(job):
                    continue
                try:
                    self._post(functools.partial(self._deliver, job, delivery))
                except Exception:
                    log.exception("the media worker could not hand a result to the GUI thread")
        finally:
            if self._thumbnailer is not None:
                self._thumbnailer.release()
                self._thumbnailer = None

    def _next_job(self) -> _Job | None:
        with self._wakeup:
            while not (self._thumbnail_jobs or self._duration_jobs or self._closed):
                self._wakeup.wait()
            if self._closed:
                return None
            return (self._thumbnail_jobs or self._duration_jobs).popleft()

    def _probe(self, path: Path) -> float | None:
        self.probed += 1
        return probe_duration(self._engine, path, interrupt=self._interrupt)

    def _thumbnail(self, clip: Clip) -> Path | None:
        before = playable_stat(clip.path)
        if before is None:
            return None
        size, mtime_ns = before.st_size, before.st_mtime_ns
        hit = self._cache.cached(clip, size, mtime_ns)
        if hit is not None:
            self.cache_hits += 1
            return hit
        picture = None
        file_seconds = self._probe(clip.path) if needs_file_duration(clip) else None
        at_seconds = frame_time(clip, file_seconds)
        if at_seconds is not None:
            picture = self._get_thumbnailer().grab(clip.path, at_seconds)
        if picture is None or self._interrupt.is_set():
            return None
        after = playable_stat(clip.path)
        if after is None or (after.st_size, after.st_mtime_ns) != (size, mtime_ns):
            return None  # changed while we read it: the picture may be of neither version
        png = encode_png(picture)
        stored = self._cache.store(clip, size, mtime_ns, png)
        self.made += 1
        return stored

    def _get_thumbnailer(self) -> VlcThumbnailer:
        if self._thumbnailer is None:
            self._thumbnailer = VlcThumbnailer(
                self._engine, box=self._box, interrupt=self._interrupt
            )
        return self._thumbnailer


def _lower_priority() -> None:
    """Raise this thread's nice value only. On Linux a thread id names just that thread; other
    systems have no per-thread nice value, and a thread id there could name another process."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), current + WORKER_NICENESS)

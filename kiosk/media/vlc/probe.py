"""How long a clip file plays, read by libvlc's own parser, and the waits that go with it.

Made for the media worker thread: nothing here touches Qt or the GUI thread, and every wait is
on a `threading.Event` that libvlc's parser sets from its own thread, with a bound, and that an
`Interrupt` can cut short when the app closes. libvlc's callbacks only set that event: libvlc is
not re-entrant, so every libvlc call is made on the calling thread after the wait. It never
imports `vlc`: the module object comes from the `VlcEngine`.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.media.vlc.engine import VlcEngine

PROBE_TIMEOUT_SECONDS = 5.0
# libvlc times the parse out itself and reports it; our own, slightly longer bound is only for
# an event that never comes.
_EVENT_GRACE_SECONDS = 1.0


class Interrupt:
    """Lets another thread cut short the libvlc waits of a worker (the app is closing).

    Once set it stays set, and every later wait returns at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._set = False
        self._waits: set[threading.Event] = set()

    def is_set(self) -> bool:
        with self._lock:
            return self._set

    def set(self) -> None:
        with self._lock:
            self._set = True
            waits = list(self._waits)
        for event in waits:
            event.set()

    def wait(self, event: threading.Event, timeout: float) -> bool:
        """Wait up to `timeout` seconds for `event`. True if it came and no interrupt did."""
        with self._lock:
            if self._set:
                return False
            self._waits.add(event)
        try:
            event.wait(max(0.0, timeout))
        finally:
            with self._lock:
                self._waits.discard(event)
        return event.is_set() and not self.is_set()


def playable_stat(path: Path) -> os.stat_result | None:
    """The file's stat if libvlc may open it: a regular file that is not empty.

    A FIFO or a device named like a clip would block libvlc's parser thread in open() for ever,
    and the instance could then never be released; so they never reach libvlc.
    """
    try:
        result = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(result.st_mode) or result.st_size == 0:
        return None
    return result


def parse_media(vlc: ModuleType, media: Any, timeout: float, interrupt: Interrupt) -> bool:
    """Parse a media's local file (its tracks and length) and wait for the result.

    True if libvlc finished parsing; False on a failure, a timeout or an interrupt. Call it on
    any thread but a libvlc callback, and only once per media (libvlc parses a media once).
    """
    parsed = threading.Event()
    # Memoized by python-vlc on the media wrapper, which holds the ctypes trampoline.
    events = media.event_manager()
    events.event_attach(vlc.EventType.MediaParsedChanged, lambda event: parsed.set())
    try:
        timeout_ms = max(1, round(timeout * 1000))  # 0 would mean "no timeout" to libvlc
        if media.parse_with_options(vlc.MediaParseFlag.local, timeout_ms) != 0:
            return False
        finished = interrupt.wait(parsed, timeout + _EVENT_GRACE_SECONDS)
    finally:
        # libvlc 3 sends events under the lock that detach takes: once this returns, our
        # callback is not running and will not run again.
        events.event_detach(vlc.EventType.MediaParsedChanged)
    if not finished:
        media.parse_stop()
        return False
    return bool(media.get_parsed_status() == vlc.MediaParsedStatus.done)


def probe_duration(
    engine: VlcEngine,
    path: Path,
    timeout: float = PROBE_TIMEOUT_SECONDS,
    *,
    interrupt: Interrupt | None = None,
) -> float | None:
    """The file's playing time in seconds, from libvlc's parser; None for a missing, empty,
    unreadable or broken file, or when parsing takes longer than `timeout` seconds.

    Blocks until then, so call it on a worker thread, never the GUI thread.
    """
    if playable_stat(path) is None:
        return None
    vlc, instance = engine.libvlc()
    # Bytes, not str: a file name that is not valid UTF-8 still opens.
    media = instance.media_new_path(os.fsencode(path))
    if media is None:
        return None
    try:
        if not parse_media(vlc, media, timeout, interrupt or Interrupt()):
            return None
        duration_ms = media.get_duration()
    finally:
        media.release()
    # A text file or a truncated MP4 parses "done" with a length of 0 (or -1 when unknown).
    return duration_ms / 1000 if duration_ms > 0 else None

"""One picture of a clip at a given time, made by libvlc on a worker thread, and its PNG file:
the thumbnails of the parent's library view.

It plays the file from that time, muted and without even decoding the sound, into a
`frames.FrameSink` (the feed's own video callbacks), takes the first picture libvlc shows,
and stops. libvlc starts a file at `:start-time` by seeking to the key frame before it and then
decoding, without showing, up to the time asked, so the picture is the one at that time and not
at the key frame. One libvlc player is made and reused for every picture: it is used from one
thread only, the worker's. libvlc's callbacks only set an event; every libvlc call is made on
that thread. It never imports `vlc`: the module object comes from the `VlcEngine`.

The picture is a `QImage`, and Qt's own writer makes the PNG. Both `QImage` and `QBuffer` are
reentrant (Qt's docs: any thread may use its own instances; only `QPixmap` belongs to the GUI
thread), so this runs on the worker thread and no Qt object is shared with another thread.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.vlc.frames import FrameSink
from kiosk.media.vlc.probe import Interrupt, parse_media, playable_stat

#: Thumbnails fit in this box, aspect kept; small sources are never scaled up.
THUMBNAIL_BOX = (320, 320)
GRAB_TIMEOUT_SECONDS = 5.0
# What libvlc need not do for a still picture: no sound is decoded, no subtitle is drawn.
_MEDIA_OPTIONS = (":no-audio", ":no-spu")


class VlcThumbnailer:
    """Grabs one picture at a time from clip files. Use it from one thread, then `release`."""

    def __init__(
        self,
        engine: VlcEngine,
        *,
        box: tuple[int, int] = THUMBNAIL_BOX,
        interrupt: Interrupt | None = None,
    ) -> None:
        self._vlc, self._instance = engine.libvlc()
        self._box = box
        self._interrupt = interrupt or Interrupt()
        # The sink holds the ctypes video callbacks: it lives as long as this object.
        self._sink = FrameSink(self._vlc)
        self._sink.on_display = self._on_display
        self._woken = threading.Event()
        self._player: Any = self._instance.media_player_new()
        self._sink.attach(self._player)
        self._player.audio_set_mute(True)
        # python-vlc keeps the ctypes event trampoline on this wrapper: keep the wrapper.
        self._events = self._player.event_manager()
        self._events.event_attach(self._vlc.EventType.MediaPlayerEndReached, self._on_stopped)
        self._events.event_attach(self._vlc.EventType.MediaPlayerEncounteredError, self._on_stopped)
        self._released = False

    def grab(
        self, path: Path, at_seconds: float, timeout: float = GRAB_TIMEOUT_SECONDS
    ) -> QImage | None:
        """The picture `at_seconds` into the file, fitted in the box; None if the file is
        missing, broken or has no video, if that time is past its end, or after `timeout`
        seconds. Blocks until then: call it on a worker thread, never the GUI thread."""
        if self._released:
            raise RuntimeError("this thumbnailer was released")
        deadline = time.monotonic() + timeout
        if playable_stat(path) is None:
            return None
        media = self._instance.media_new_path(os.fsencode(path))
        if media is None:
            return None
        try:
            media.add_option(f":start-time={max(0.0, at_seconds):.3f}")
            for option in _MEDIA_OPTIONS:
                media.add_option(option)
            if not parse_media(self._vlc, media, timeout, self._interrupt):
                return None
            # The decoder's size is padded (1088 for 1080), so read the true one before the
            # video output opens; a file without it has no picture to take.
            source = self._sink.read_source_size(media)
            if source is None:
                return None
            return self._play_to_first_picture(media, source, deadline)
        finally:
            media.release()

    def release(self) -> None:
        """Stop and free the libvlc player. Safe to call more than once."""
        if self._released:
            return
        self._released = True
        self._player.stop()
        self._events.event_detach(self._vlc.EventType.MediaPlayerEndReached)
        self._events.event_detach(self._vlc.EventType.MediaPlayerEncounteredError)
        self._player.release()

    def _play_to_first_picture(
        self, media: Any, source: tuple[int, int], deadline: float
    ) -> QImage | None:
        fits = source[0] <= self._box[0] and source[1] <= self._box[1]
        self._sink.source_size = source
        self._sink.box = (0, 0) if fits else self._box
        self._sink.epoch += 1  # a picture left from the last file is never taken
        woken = threading.Event()
        self._woken = woken
        self._player.set_media(media)
        try:
            if self._player.play() != 0:
                return None
            self._interrupt.wait(woken, deadline - time.monotonic())
            if self._interrupt.is_set():
                return None
            return self._copy_front()
        finally:
            # Synchronous: joins libvlc's input and video threads, so no callback of this file
            # runs after it, and the next grab's event cannot be set by this one.
            self._player.stop()

    def _copy_front(self) -> QImage | None:
        with self._sink.frame() as frame:
            if frame is None:
                return None  # the file ended or failed before showing a picture
            # The image wraps the locked buffer, which libvlc reuses for the next file: copy it
            # while the lock is held, so the picture owns its pixels.
            wrapped = QImage(
                frame.pixels, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32
            )
            return wrapped.copy()

    # --- libvlc's video output and event threads: only set the event, never call libvlc ------

    def _on_display(self, changed: bool) -> None:
        self._woken.set()

    def _on_stopped(self, event: Any) -> None:
        self._woken.set()


def encode_png(picture: QImage) -> bytes:
    """The picture as the bytes of a PNG file (8-bit RGB, lossless)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stubs ask for the format as bytes, but at run time it must be a str.
    if not picture.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ValueError(
            f"Qt could not write a {picture.width()}x{picture.height()} picture as PNG"
        )
    return bytes(data.data())

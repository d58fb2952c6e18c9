"""The pictures of libvlc's video callbacks: `FrameSink`, two RV32 buffers per player that libvlc
fills on its video output thread and the GUI paints, with the size arithmetic (`fit_in_box`) and
the read of a parsed clip's true picture size. It is apart from the player because it is the
only code that shares memory with libvlc's threads, and so the one place its locking rules live.
It never imports `vlc`: the module object is handed in by `VlcEngine`.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from kiosk.media.interface import Frame


def fit_in_box(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with the source's aspect that fits the box (the source if no box)."""
    source_width, source_height = max(1, source[0]), max(1, source[1])
    box_width, box_height = box
    if box_width <= 0 or box_height <= 0:
        return source_width, source_height
    scale = min(box_width / source_width, box_height / source_height)
    width = min(box_width, max(1, round(source_width * scale)))
    height = min(box_height, max(1, round(source_height * scale)))
    return width, height


# python-vlc declares the chroma argument as c_char_p, which ctypes hands to Python as an
# immutable bytes copy. We must write "RV32" into it, so we declare it as a char pointer and
# cast the callback to python-vlc's type when we register it.
_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(ctypes.c_char),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)


def _load_memcmp() -> Any:
    library = ctypes.cdll.msvcrt if sys.platform == "win32" else ctypes.CDLL(None)
    function = library.memcmp
    function.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    function.restype = ctypes.c_int
    return function


_memcmp = _load_memcmp()
_ROTATED_ORIENTATIONS = frozenset(range(4, 8))  # libvlc_video_orient_t values that swap axes
_ALIGN = 64  # libvlc wants planes aligned on 32 bytes; ctypes only guarantees malloc's 16.


class _Buffer:
    """One RV32 picture in memory that libvlc may write into."""

    def __init__(self, stride: int, height: int) -> None:
        # One spare row: SIMD converters may write a little past the last pixel.
        size = stride * (height + 1)
        self._raw = (ctypes.c_ubyte * (size + _ALIGN))()
        offset = -ctypes.addressof(self._raw) % _ALIGN
        self.address = ctypes.addressof(self._raw) + offset
        self.view = memoryview(self._raw).cast("B")[offset : offset + stride * height]


class FrameSink:
    """Two RV32 buffers that libvlc's video callbacks fill and the GUI paints.

    The lock callback hands libvlc the back buffer, and the display callback makes the picture
    it was given the front one, under `_mutex`. Painting holds the same mutex through `frame()`,
    so it never reads a buffer that is being written. The callbacks run on libvlc's video
    output thread: they touch nothing but this object and `on_display`, which must only post.
    """

    def __init__(self, vlc: ModuleType) -> None:
        self._vlc = vlc
        self._mutex = threading.Lock()
        self._buffers: list[_Buffer] = []
        self._size = (0, 0)
        self._stride = 0
        self._front = -1
        self._front_epoch = -1
        #: Bumped by the player for each clip: frames of an earlier clip are never shown.
        self.epoch = 0
        #: The size to fit frames into; read when libvlc opens a video output.
        self.box = (0, 0)
        #: The clip's true picture size. libvlc's format callback only sees the decoder's
        #: padded size (1088x1922 for a 1080x1920 H.264 clip), which would skew the aspect.
        self.source_size: tuple[int, int] | None = None
        #: New pictures shown so far, over every clip (for tests and the benchmark).
        self.displayed = 0
        #: Called on the video output thread after each display, with whether the picture
        #: differs from the one before. It must only post.
        self.on_display: Callable[[bool], None] = lambda changed: None
        #: Read on the video output thread: whether libvlc is meant to be playing. While it
        #: plays, each picture is a new one and is not compared with the one before.
        self.playing: Callable[[], bool] = lambda: False
        # ctypes callbacks are freed with their Python objects, and libvlc would then call into
        # freed memory. They live as long as this sink, which lives as long as its player.
        self._format_cb = _FormatCb(self._on_format)
        self._format_cb_for_vlc = ctypes.cast(self._format_cb, vlc.VideoFormatCb)
        self._cleanup_cb = vlc.CallbackDecorators.VideoCleanupCb(self._on_cleanup)
        self._lock_cb = vlc.CallbackDecorators.VideoLockCb(self._on_lock)
        self._unlock_cb = vlc.CallbackDecorators.VideoUnlockCb(self._on_unlock)
        self._display_cb = vlc.CallbackDecorators.VideoDisplayCb(self._on_display)

    def read_source_size(self, media: Any) -> tuple[int, int] | None:
        """The displayed size of a parsed media's first video track, or None if it has none."""
        return _video_size(self._vlc, media)

    def attach(self, media_player: Any) -> None:
        """Render `media_player`'s video into this sink."""
        media_player.video_set_callbacks(self._lock_cb, self._unlock_cb, self._display_cb, None)
        media_player.video_set_format_callbacks(self._format_cb_for_vlc, self._cleanup_cb)

    @contextmanager
    def frame(self) -> Iterator[Frame | None]:
        """The front picture of the current clip, locked against a swap; None before one."""
        with self._mutex:
            if self._front < 0 or self._front_epoch != self.epoch:
                yield None
                return
            width, height = self._size
            pixels = self._buffers[self._front].view
            yield Frame(pixels=pixels, width=width, height=height, stride=self._stride)

    # Everything below runs on libvlc's video output thread. libvlc is not re-entrant: never
    # call it from here.

    def _on_format(
        self,
        opaque: Any,
        chroma: Any,
        width: Any,
        height: Any,
        pitches: Any,
        lines: Any,
    ) -> int:
        source = self.source_size or (width[0], height[0])
        out_width, out_height = fit_in_box(source, self.box)
        ctypes.memmove(chroma, b"RV32", 4)  # X8R8G8B8 in a 32-bit word: Qt's Format_RGB32
        width[0], height[0] = out_width, out_height
        stride = -(-out_width * 4 // _ALIGN) * _ALIGN
        pitches[0], lines[0] = stride, out_height
        with self._mutex:
            if (out_width, out_height) != self._size or stride != self._stride:
                self._buffers = [_Buffer(stride, out_height), _Buffer(stride, out_height)]
                self._size, self._stride, self._front = (out_width, out_height), stride, -1
        return 1  # one picture in libvlc's pool: lock, unlock and display strictly alternate

    def _on_cleanup(self, opaque: Any) -> None:
        # Keep the buffers: the next clip usually has the same size, and a restarted clip keeps
        # showing its last frame until the first new one.
        pass

    def _on_lock(self, opaque: Any, planes: Any) -> int:
        back = 1 if self._front == 0 else 0
        planes[0] = self._buffers[back].address
        return back + 1  # the picture id libvlc gives back to display; never NULL

    def _on_unlock(self, opaque: Any, picture: Any, planes: Any) -> None:
        pass

    def _on_display(self, opaque: Any, picture: Any) -> None:
        # The id says which buffer holds this picture, so a repeated display of the same
        # picture cannot flip the front back to an older one.
        shown = int(picture or 1) - 1
        with self._mutex:
            changed = self._front_epoch != self.epoch or self._front < 0 or not self._same(shown)
            if changed:
                self._front, self._front_epoch = shown, self.epoch
                self.displayed += 1
        self.on_display(changed)

    def _same(self, shown: int) -> bool:
        # Paused, libvlc 3 re-shows its picture every ~80 ms (23 times in 1.5 s, measured), and
        # a held frame repeats too: neither is a new frame worth a repaint. A compare scans up
        # to the first difference, all 8 MB of a 1080x1920 picture when a clip's top stays
        # still (a cartoon's sky), so it is made only when a repeat is likely: not while the
        # clip plays. A re-show while playing (a clip slower than 12.5 fps) is repainted then,
        # which costs what showing a new picture costs.
        if shown == self._front:
            return True
        if self.playing():
            return False
        front, other = self._buffers[self._front], self._buffers[shown]
        return bool(_memcmp(front.address, other.address, len(front.view)) == 0)


def _video_size(vlc: ModuleType, media: Any) -> tuple[int, int] | None:
    """The displayed size of the media's first video track, or None if it has none."""
    # python-vlc's media.tracks_get() reads the wrong field (libvlc_media_track_t holds one
    # union pointer where python-vlc declares three) and never frees the array, so read it here.
    tracks = ctypes.POINTER(ctypes.POINTER(vlc.MediaTrack))()
    count = vlc.libvlc_media_tracks_get(
        media, ctypes.cast(ctypes.pointer(tracks), ctypes.POINTER(ctypes.POINTER(vlc.MediaTrack)))
    )
    try:
        for index in range(count):
            track = tracks[index].contents
            if track.type != vlc.TrackType.video:
                continue
            video = ctypes.cast(track.audio, ctypes.POINTER(vlc.VideoTrack)).contents
            width, height = video.width, video.height
            if video.sar_num and video.sar_den and video.sar_num != video.sar_den:
                width = round(width * video.sar_num / video.sar_den)
            if video.orientation.value in _ROTATED_ORIENTATIONS:
                width, height = height, width
            if width > 0 and height > 0:
                return width, height
        return None
    finally:
        if count:
            vlc.libvlc_media_tracks_release(tracks, count)

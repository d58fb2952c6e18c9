"""libvlc itself, below the playback logic: loading the library, the one libvlc instance, and
the frame sink that each player renders into through libvlc's video callbacks.

Together with `vlc_player.py` this is the only code that touches libvlc. `import vlc` happens
when a `VlcEngine` is made, not when this module is imported, so a machine without libvlc gets
a `MediaUnavailable` with one plain sentence instead of an import-time crash.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.media.interface import Frame, PostToGui
from kiosk.media.vlc_player import VlcPlayer

_INSTALL_HINT = "install VLC 3, or on Debian and Ubuntu the packages libvlc5 and vlc-plugin-base"

#: Always passed to libvlc. The title would otherwise be drawn into the child's video, and a
#: subtitle file lying next to a clip would be picked up and drawn too.
BASE_ARGS = ("--quiet", "--no-video-title-show", "--no-osd", "--no-sub-autodetect-file")

#: First frame or it is broken: a product rule from DESIGN.md ("Media pipeline").
FIRST_FRAME_TIMEOUT_SECONDS = 2.0


class MediaUnavailable(Exception):
    """libvlc cannot be used on this machine. The message is one plain sentence for a parent."""


def load_libvlc() -> ModuleType:
    """Import python-vlc and check that it found a usable libvlc 3."""
    try:
        import vlc
    except (ImportError, OSError, NotImplementedError, SystemExit) as error:
        # python-vlc raises NotImplementedError when it finds no libvlc, OSError when the
        # library is broken, and calls sys.exit(1) when PYTHON_VLC_LIB_PATH names a missing
        # file. None of these may end the kiosk with a traceback.
        raise MediaUnavailable(f"libvlc is not installed: {_INSTALL_HINT}.") from error
    try:
        version = vlc.libvlc_get_version().decode(errors="replace")
    except (AttributeError, NameError, OSError) as error:
        # The library that loaded is not libvlc (python-vlc raises NameError for a missing
        # symbol), or python-vlc found none at all.
        raise MediaUnavailable(f"libvlc is not installed: {_INSTALL_HINT}.") from error
    if not version.startswith("3."):
        raise MediaUnavailable(f"libvlc {version.split()[0]} is installed: {_INSTALL_HINT}.")
    _quiet_alsa()
    return vlc  # type: ignore[no-any-return]


# alsa-lib prints every failed open to stderr itself, bypassing libvlc's log: on a machine with no
# sound card that is thousands of lines a minute into the session log. libvlc still reports the
# failure in its own log, and the clip plays on without sound.
_ALSA_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_silencer: Any = None


def _quiet_alsa() -> None:
    global _alsa_silencer
    if _alsa_silencer is not None or not sys.platform.startswith("linux"):
        return
    try:
        asound = ctypes.CDLL("libasound.so.2")
    except OSError:
        return
    # Kept for the life of the process: alsa-lib may call it from any libvlc audio thread.
    _alsa_silencer = _ALSA_ERROR_HANDLER(lambda *_: None)
    asound.snd_lib_error_set_handler(_alsa_silencer)


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
        # a held frame repeats too: neither is a new frame worth a repaint. Comparing 0.9 MB
        # (360x640) costs ~50 us, far less than the repaint it saves.
        if shown == self._front:
            return True
        front, other = self._buffers[self._front], self._buffers[shown]
        return bool(_memcmp(front.address, other.address, len(front.view)) == 0)


class VlcEngine:
    """One libvlc instance and every player made from it."""

    def __init__(
        self,
        extra_args: Sequence[str] = (),
        *,
        first_frame_timeout: float = FIRST_FRAME_TIMEOUT_SECONDS,
    ) -> None:
        self._vlc = load_libvlc()
        try:
            instance = self._vlc.Instance([*BASE_ARGS, *extra_args])
        except (self._vlc.VLCException, NameError, OSError) as error:
            raise MediaUnavailable(f"libvlc could not start: {_INSTALL_HINT}.") from error
        if instance is None:
            # libvlc_new returns NULL when its plugins are missing or an argument is unknown.
            raise MediaUnavailable(f"libvlc could not start: {_INSTALL_HINT}.")
        self._instance: Any = instance
        self._first_frame_timeout = first_frame_timeout
        self._players: list[VlcPlayer] = []
        self._sounds: list[Any] = []
        # Picture sizes by file, so reloading a clip (looping, swiping back) skips the probe.
        self._source_sizes: dict[tuple[str, int, int], tuple[int, int]] = {}

    @property
    def version(self) -> str:
        """libvlc's version, e.g. "3.0.21 Vetinari"."""
        return str(self._vlc.libvlc_get_version().decode(errors="replace"))

    def new_player(self, post: PostToGui) -> VlcPlayer:
        """A player whose callbacks reach the GUI thread through `post`. Reuse it across clips."""
        if self._instance is None:
            raise RuntimeError("the media engine was released")
        sink = FrameSink(self._vlc)
        player = VlcPlayer(
            self._vlc,
            self._instance,
            sink,
            post,
            source_sizes=self._source_sizes,
            first_frame_timeout=self._first_frame_timeout,
        )
        self._players.append(player)
        return player

    def new_sound(self, path: Path, volume: int) -> Callable[[], None]:
        """A short sound (the warning chime) as a function that plays it from the start.

        It is an audio-only player with no callbacks into Python, so it needs no GUI hand-off.
        """
        if self._instance is None:
            raise RuntimeError("the media engine was released")
        player = self._instance.media_player_new()
        player.set_media(self._instance.media_new_path(str(path)))
        player.audio_set_volume(max(0, min(100, volume)))
        self._sounds.append(player)

        def play() -> None:
            if self._instance is not None:
                player.stop()
                player.play()

        return play

    def release(self) -> None:
        """Stop and release every player, then the instance. Safe to call more than once."""
        players, self._players = self._players, []
        for player in players:
            player.release()
        sounds, self._sounds = self._sounds, []
        for sound in sounds:
            sound.stop()
            sound.release()
        if self._instance is not None:
            self._instance.release()
            self._instance = None


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

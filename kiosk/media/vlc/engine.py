"""libvlc itself, below the playback logic: loading the library and the one libvlc instance that
makes every player (with the `frames.FrameSink` it renders into) and every sound.

The `kiosk.media.vlc` modules are the only code that touches libvlc, and this one is the only
one that imports it; the others are handed the module object. `import vlc` happens when a
`VlcEngine` is made, not when this module is imported, so a machine without libvlc gets a
`MediaUnavailable` with one plain sentence instead of an import-time crash.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from kiosk.core.i18n import N_, _
from kiosk.media.interface import PostToGui
from kiosk.media.vlc.frames import FrameSink
from kiosk.media.vlc.player import VlcPlayer

log = logging.getLogger(__name__)

#: Always passed to libvlc. The title would otherwise be drawn into the child's video, and a
#: subtitle file lying next to a clip would be picked up and drawn too.
BASE_ARGS = ("--quiet", "--no-video-title-show", "--no-osd", "--no-sub-autodetect-file")

#: First frame or it is broken: a product rule from DESIGN.md ("Media pipeline").
FIRST_FRAME_TIMEOUT_SECONDS = 2.0

#: Why the kiosk cannot play: no libvlc, or one that does not start.
LIBVLC_MISSING = N_(
    "libvlc is not installed: install VLC 3, or on Debian and Ubuntu the packages libvlc5"
    " and vlc-plugin-base."
)
LIBVLC_CANNOT_START = N_(
    "libvlc could not start: install VLC 3, or on Debian and Ubuntu the packages libvlc5"
    " and vlc-plugin-base."
)


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
        raise MediaUnavailable(_(LIBVLC_MISSING)) from error
    try:
        version = vlc.libvlc_get_version().decode(errors="replace")
    except (AttributeError, NameError, OSError) as error:
        # The library that loaded is not libvlc (python-vlc raises NameError for a missing
        # symbol), or python-vlc found none at all.
        raise MediaUnavailable(_(LIBVLC_MISSING)) from error
    if not version.startswith("3."):
        wrong_version = _(
            "libvlc {version} is installed: install VLC 3, or on Debian and Ubuntu the packages"
            " libvlc5 and vlc-plugin-base."
        )
        raise MediaUnavailable(wrong_version.format(version=version.split()[0]))
    _quiet_alsa()
    _keep_big_buffers_out_of_the_heap()
    return vlc  # type: ignore[no-any-return]


# alsa-lib prints every failed open to stderr itself, bypassing libvlc's log: on a machine with no
# sound card that is thousands of lines a minute into the session log. libvlc still reports the
# failure in its own log, and the clip plays on without sound.
_ALSA_ERROR_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
_alsa_silencer: Any = None
# Instances a release hook said a thread may still be using: held for the life of the process,
# so that not even a finaliser frees one under that thread.
_leaked_instances: list[Any] = []


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


#: glibc's own starting value for `M_MMAP_THRESHOLD`: blocks this big or bigger get their own
#: mapping, which goes back to the system the moment they are freed.
_MMAP_THRESHOLD_BYTES = 128 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


def _keep_big_buffers_out_of_the_heap() -> None:
    """Fix glibc's mmap threshold, so libvlc's picture buffers never stay behind in its heaps.

    glibc raises the threshold to the size of each large block that is freed (up to 32 MiB),
    so after the first player stops, picture buffers of a few hundred KiB to a few MiB come
    from the per-thread heaps instead. Each load runs on new libvlc threads, and the freed
    buffers stay behind there as holes: over swipes the kiosk grew from 120 MiB to about
    350 MiB and stayed there (bench_soak.py, docs/PERFORMANCE.md). Setting the threshold
    turns that adjustment off; the soak then stays near 150 MiB. Elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return  # not glibc (musl has no mallopt): its allocator has no such threshold
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)


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
            raise MediaUnavailable(_(LIBVLC_CANNOT_START)) from error
        if instance is None:
            # libvlc_new returns NULL when its plugins are missing or an argument is unknown.
            raise MediaUnavailable(_(LIBVLC_CANNOT_START))
        self._instance: Any = instance
        self._first_frame_timeout = first_frame_timeout
        self._players: list[VlcPlayer] = []
        self._sounds: list[Any] = []
        self._max_volume = 100
        # Picture sizes by file, so reloading a clip (looping, swiping back) skips the probe.
        self._source_sizes: dict[tuple[str, int, int], tuple[int, int]] = {}
        self._release_hooks: list[Callable[[], bool]] = []

    @property
    def version(self) -> str:
        """libvlc's version, e.g. "3.0.21 Vetinari"."""
        return str(self._vlc.libvlc_get_version().decode(errors="replace"))

    def libvlc(self) -> tuple[ModuleType, Any]:
        """The `vlc` module and the live instance, for the other `kiosk.media.vlc` modules that
        make their own libvlc objects (the probe, the thumbnailer). Raises once released."""
        if self._instance is None:
            raise RuntimeError("the media engine was released")
        return self._vlc, self._instance

    def call_before_release(self, hook: Callable[[], bool]) -> None:
        """Run `hook` first in `release()`, before any player or the instance goes.

        A thread that uses libvlc objects of its own (the media worker) registers its `close`
        here, so that it has stopped and freed them whichever of the two the app closes first:
        libvlc threads calling back into Python during interpreter shutdown abort the process.
        The hook returns whether its thread stopped. If one did not (stuck in a libvlc call),
        the instance is leaked rather than freed under that call, which could crash the exit.
        """
        self._release_hooks.append(hook)

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
            max_volume=self._max_volume,
        )
        self._players.append(player)
        return player

    @property
    def max_volume(self) -> int:
        return self._max_volume

    def set_max_volume(self, percent: int) -> None:
        """The loudest any player or sound of this engine plays (`player.max_volume`).

        The config already refuses a volume above it; this is the second wall, so that no
        path to a player (the feed, a preview, the chime) can play louder than the parent
        allowed. It holds at once for the players made before, too.
        """
        self._max_volume = min(100, max(0, int(percent)))
        for player in self._players:
            player.set_max_volume(self._max_volume)

    def new_sound(self, path: Path, volume: int) -> Callable[[], None]:
        """A short sound (the warning chime) as a function that plays it from the start, at
        `volume` and never above the engine's `max_volume`.

        It is an audio-only player with no callbacks into Python, so it needs no GUI hand-off.
        """
        if self._instance is None:
            raise RuntimeError("the media engine was released")
        player = self._instance.media_player_new()
        player.set_media(self._instance.media_new_path(os.fsencode(path)))
        self._sounds.append(player)

        def play() -> None:
            if self._instance is not None:
                # At each play, so a cap lowered since the sound was made holds for it too.
                player.audio_set_volume(max(0, min(self._max_volume, volume)))
                player.stop()
                player.play()

        return play

    def release(self) -> None:
        """Stop and release every player, then the instance (unless a hook's thread did not
        stop). Safe to call more than once."""
        hooks, self._release_hooks = self._release_hooks, []
        stopped = [hook() for hook in hooks]  # a list, not all(...): every hook must run
        players, self._players = self._players, []
        for player in players:
            player.release()
        sounds, self._sounds = self._sounds, []
        for sound in sounds:
            sound.stop()
            sound.release()
        if self._instance is None:
            return
        if all(stopped):
            self._instance.release()
        else:
            log.warning("a thread may still be inside libvlc: its instance is left unreleased")
            _leaked_instances.append(self._instance)
        self._instance = None

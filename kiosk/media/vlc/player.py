"""Playback of one clip at a time on one reusable libvlc media player: loading, preloading to a
held first frame, segments, and what the feed reads back (progress, the frame). The first-frame
watchdog, the picture-size probe and turning libvlc's events into `PlayerListener` calls on the
GUI thread are in the base class, `vlc_watch.PlayerWatch`.

Threads: every public method runs on the GUI thread and may call libvlc. libvlc's event and
video callbacks, and the watchdog timer, run on other threads and reach the player only through
`PlayerWatch`, which says what they may touch.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kiosk.core.clip import Clip
from kiosk.media.interface import Frame, PlayerListener, PostToGui
from kiosk.media.vlc.watch import PlayerWatch

if TYPE_CHECKING:
    # Re-exported (see __getattr__ at the bottom): the whole door to libvlc imports from here.
    from kiosk.media.vlc.engine import MediaUnavailable as MediaUnavailable
    from kiosk.media.vlc.engine import VlcEngine as VlcEngine
    from kiosk.media.vlc.frames import FrameSink


class VlcPlayer(PlayerWatch):
    """A `kiosk.media.interface.Player` on libvlc. Made by `VlcEngine.new_player`."""

    def __init__(
        self,
        vlc: ModuleType,
        instance: Any,
        sink: FrameSink,
        post: PostToGui,
        *,
        source_sizes: dict[tuple[str, int, int], tuple[int, int]],
        first_frame_timeout: float,
    ) -> None:
        self.listener = PlayerListener()
        self._vlc = vlc
        self._instance = instance
        self._sink = sink
        self._post = post
        self._source_sizes = source_sizes
        self._first_frame_timeout = first_frame_timeout
        self._media_player = instance.media_player_new()
        sink.attach(self._media_player)
        sink.on_display = self._on_display
        # python-vlc keeps the ctypes event trampoline on this wrapper: keep the wrapper.
        self._events = self._media_player.event_manager()
        self._events.event_attach(vlc.EventType.MediaPlayerEndReached, self._on_end_reached)
        self._events.event_attach(vlc.EventType.MediaPlayerEncounteredError, self._on_error)
        self._media = None
        self._media_events = None
        self._clip = None
        self._released = False
        self._run = 0
        self._run_has_frame = False
        self._repaint_pending = False
        self._watchdog = None
        self._reset_clip_state()

    # --- what the feed reads -----------------------------------------------------------------

    @property
    def clip(self) -> Clip | None:
        return self._clip

    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def has_frame(self) -> bool:
        return self._has_frame

    @property
    def released(self) -> bool:
        return self._released

    @property
    def is_muted(self) -> bool:
        """Whether libvlc has this player muted (it is, from load until play)."""
        return not self._released and self._media_player.audio_get_mute() == 1

    @property
    def frames_shown(self) -> int:
        """Pictures libvlc has handed over so far, counted on its own thread."""
        return self._sink.displayed

    def frame(self) -> AbstractContextManager[Frame | None]:
        # Hold it only to paint: never call into libvlc while it is held (the video thread
        # waits on it inside libvlc, so that would deadlock).
        return self._sink.frame()

    def progress(self) -> float:
        if self._ended:
            return 1.0 if self._clip is not None and not self._released else 0.0
        span = self._playing_span()
        if span is None:
            return 0.0
        start_ms, now_ms, end_ms = span
        return float(min(1.0, max(0.0, (now_ms - start_ms) / (end_ms - start_ms))))

    def seconds_left(self) -> float | None:
        if self._ended:
            return 0.0 if self._clip is not None and not self._released else None
        span = self._playing_span()
        if span is None:
            return None
        _start_ms, now_ms, end_ms = span
        return max(0.0, (end_ms - now_ms) / 1000)

    def _playing_span(self) -> tuple[float, float, float] | None:
        """(start, now, end) of the clip or segment in ms, or None while libvlc cannot say."""
        if self._clip is None or self._released:
            return None
        start_ms = (self._clip.start_seconds or 0.0) * 1000
        if self._clip.end_seconds is not None:
            end_ms = self._clip.end_seconds * 1000
        else:
            if self._length_ms <= 0:
                self._length_ms = self._media_player.get_length()
            end_ms = self._length_ms
        now_ms = self._media_player.get_time()
        if end_ms <= start_ms or now_ms < 0:
            return None
        return start_ms, float(now_ms), float(end_ms)

    # --- what the feed does ------------------------------------------------------------------

    def set_frame_box(self, width: int, height: int) -> None:
        self._sink.box = (max(0, width), max(0, height))

    def set_volume(self, percent: int) -> None:
        self._check_alive()
        self._media_player.audio_set_volume(min(100, max(0, int(percent))))

    def load(self, clip: Clip, *, preload: bool) -> None:
        self._check_alive()
        self._halt()
        self._drop_media()
        self._sink.epoch += 1
        self._clip = clip
        self._reset_clip_state()
        # Bytes, so a file name that is not valid UTF-8 still opens.
        media = self._instance.media_new_path(os.fsencode(clip.path))
        if clip.start_seconds is not None:
            media.add_option(f":start-time={clip.start_seconds:.3f}")
        if clip.end_seconds is not None:
            media.add_option(f":stop-time={clip.end_seconds:.3f}")
        self._media = media
        self._media_player.set_media(media)
        # Silent until play(): a preload decodes a few frames, with their sound, before the
        # asynchronous pause takes hold.
        self._media_player.audio_set_mute(True)
        self._probe_source_size(clip)
        self._preloading = preload
        if preload:
            self._request_start()

    def play(self) -> None:
        self._check_alive()
        if self._clip is None:
            return
        if self._ended or self._failed:
            self.restart()
            return
        self._preloading = False
        self._playing = True
        self._media_player.audio_set_mute(False)
        if self._started:
            self._media_player.set_pause(0)
            if not self._run_has_frame:
                self._arm_watchdog()
        else:
            self._request_start()

    def pause(self) -> None:
        self._check_alive()
        self._playing = False
        if self._preloading:
            return  # the preload pauses on its first frame anyway
        self._start_requested = False
        self._disarm_watchdog()
        if self._started:
            self._media_player.set_pause(1)

    def restart(self) -> None:
        self._check_alive()
        if self._clip is None:
            return
        # libvlc cannot seek once a clip has ended, so restart the input: it starts again at
        # the segment's :start-time. The last frame stays in the buffer until a new one comes.
        self._halt()
        self._ended = self._failed = self._preloading = False
        self._playing = True
        self._media_player.audio_set_mute(False)
        self._request_start()

    def stop(self) -> None:
        self._check_alive()
        self._halt()
        self._drop_media()
        self._sink.epoch += 1
        self._clip = None
        self._reset_clip_state()

    def release(self) -> None:
        if self._released:
            return
        # Flag first: callbacks that race with the stop below see it and post nothing.
        self._released = True
        self._halt()
        self._events.event_detach(self._vlc.EventType.MediaPlayerEndReached)
        self._events.event_detach(self._vlc.EventType.MediaPlayerEncounteredError)
        self._drop_media()
        self._media_player.release()
        self._clip = None
        self._has_frame = self._playing = False

    # --- GUI-thread internals ----------------------------------------------------------------

    def _check_alive(self) -> None:
        if self._released:
            raise RuntimeError("this player was released")

    def _reset_clip_state(self) -> None:
        self._has_frame = False
        self._playing = False
        self._preloading = False
        self._probed = True
        self._start_requested = False
        self._started = False
        self._ended = False
        self._failed = False
        self._length_ms = 0

    def _halt(self) -> None:
        """Stop libvlc and orphan everything already posted. Returns with no callback running."""
        self._disarm_watchdog()
        if self._started:
            self._media_player.stop()  # synchronous: joins libvlc's input and video threads
        self._started = False
        self._start_requested = False
        self._run += 1
        self._run_has_frame = False
        self._repaint_pending = False

    def _drop_media(self) -> None:
        if self._media is not None:
            # The player holds its own reference until the next set_media. The event wrapper
            # (and its ctypes trampoline) must outlive our release, which may cancel a probe.
            self._media.release()
        self._media = self._media_events = None

    def _request_start(self) -> None:
        self._start_requested = True
        self._arm_watchdog()
        if self._probed:
            self._begin()

    def _begin(self) -> None:
        self._start_requested = False
        self._started = True
        if self._media_player.play() != 0:
            self._fail("libvlc could not open this file")

    def _fail(self, reason: str) -> None:
        self._halt()
        self._failed = True
        self._playing = self._preloading = False
        self.listener.on_error(reason)


def __getattr__(name: str) -> Any:
    # The engine makes players, so it imports this module; importing it back lazily keeps
    # `from kiosk.media.vlc.player import VlcEngine, MediaUnavailable` working without a cycle.
    if name in ("VlcEngine", "MediaUnavailable"):
        from kiosk.media.vlc import engine as vlc_engine

        return getattr(vlc_engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Playback of one clip at a time on one reusable libvlc media player: loading, preloading to a
held first frame, segments, and what the feed reads back (progress, the frame); and what libvlc
tells the player, or fails to tell: its video and event callbacks (first frame, new frame, end,
error), the first-frame watchdog that reports a clip libvlc stays silent about as slow (not
broken: a busy PC may be all that is wrong with it), and the probe of a
clip's true picture size before it opens.

Threads: every public method runs on the GUI thread and may call libvlc. libvlc's event and
video callbacks, and the watchdog timer, run on other threads: the methods at the bottom of the
class are the only ones they call, and those only read a few plain attributes and `post`. Each
handed-over callable carries the player's `run`, so work that arrives late for a clip that is
gone, or for a released player, is dropped. The pictures themselves go into a
`frames.FrameSink`. Nothing here imports `vlc`: `VlcEngine` hands the module object in.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from types import ModuleType
from typing import Any

from kiosk.core.clip import Clip
from kiosk.media.interface import Frame, PlayerListener, PostToGui
from kiosk.media.vlc.frames import FrameSink

_PROBE_TIMEOUT_MS = 1000


class VlcPlayer:
    """A `kiosk.media.interface.Player` on libvlc. Made by `VlcEngine.new_player`."""

    # The clip's state on the GUI thread, set afresh for each clip by `_reset_clip_state`.
    _has_frame: bool  # the clip's first frame was shown (stays through a restart)
    _playing: bool  # play() was asked and neither pause, end nor error came since
    _preloading: bool  # hold the first frame: pause and seek back when it shows
    _probed: bool  # the picture size is known (or unknowable), so libvlc may start
    _start_requested: bool  # start as soon as the probe is done
    _started: bool  # libvlc was told to play since the last stop
    _ended: bool
    _failed: bool
    _length_ms: int  # the file's length, once libvlc knows it

    def __init__(
        self,
        vlc: ModuleType,
        instance: Any,
        sink: FrameSink,
        post: PostToGui,
        *,
        source_sizes: dict[tuple[str, int, int], tuple[int, int]],
        first_frame_timeout: float,
        max_volume: int = 100,
    ) -> None:
        self.listener = PlayerListener()
        self._volume = 100  # as asked for; libvlc gets it capped at `_max_volume`
        self._max_volume = _percent(max_volume)
        self._vlc = vlc
        self._instance = instance
        self._sink = sink
        self._post = post
        self._source_sizes = source_sizes
        self._first_frame_timeout = first_frame_timeout
        self._media_player: Any = instance.media_player_new()
        sink.attach(self._media_player)
        sink.on_display = self._on_display
        sink.playing = lambda: self._playing
        # python-vlc keeps the ctypes event trampoline on this wrapper: keep the wrapper.
        self._events = self._media_player.event_manager()
        self._events.event_attach(vlc.EventType.MediaPlayerEndReached, self._on_end_reached)
        self._events.event_attach(vlc.EventType.MediaPlayerEncounteredError, self._on_error)
        self._media: Any = None
        self._media_events: Any = None
        self._clip: Clip | None = None
        self._released = False
        self._run = 0  # bumped by every load, restart, stop and release
        self._run_has_frame = False  # set on the video thread, reset while libvlc is stopped
        self._repaint_pending = False
        self._adjusting = False  # libvlc's colour filter is on (see `set_saturation`)
        self._watchdog: threading.Timer | None = None
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
        start_ms = self._clip_start_seconds() * 1000
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

    @property
    def volume(self) -> int:
        """The volume libvlc plays at: the one asked for, capped at the maximum."""
        return min(self._volume, self._max_volume)

    def set_volume(self, percent: int) -> None:
        self._check_alive()
        self._volume = _percent(percent)
        self._media_player.audio_set_volume(self.volume)

    def set_max_volume(self, percent: int) -> None:
        """The loudest this player may play (`player.max_volume`). It holds at once, also for
        a clip playing now; a volume asked for later is capped too."""
        if self._released:
            return
        self._max_volume = _percent(percent)
        self._media_player.audio_set_volume(self.volume)

    def set_saturation(self, saturation: float) -> None:
        """libvlc's "adjust" filter takes the colour out in the decoder's chain, on the frames'
        YUV planes: measured here at 0.04 to 0.06 of a core more for 1080x1920 at 30 fps, where
        Qt's greyscale conversion took about 30 ms for each painted frame. Off (no filter at all)
        at full colour; it stays set across clips, as libvlc keeps it on the media player."""
        self._check_alive()
        level = min(1.0, max(0.0, float(saturation)))
        adjust = self._vlc.VideoAdjustOption
        if level >= 1.0:
            if self._adjusting:
                self._media_player.video_set_adjust_int(adjust.Enable, 0)
                self._adjusting = False
            return
        if not self._adjusting:
            self._media_player.video_set_adjust_int(adjust.Enable, 1)
            self._adjusting = True
        self._media_player.video_set_adjust_float(adjust.Saturation, level)

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

    def rest(self) -> None:
        self._check_alive()
        if self._started:
            # libvlc 3 redisplays a paused picture about 14 times a second, converting it each
            # time: a paused player under the lock screen kept about 0.13 of a core busy.
            self._give_up()

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

    def _clip_start_seconds(self) -> float:
        return (self._clip.start_seconds or 0.0) if self._clip is not None else 0.0

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
        self._give_up()
        if self._file_is_gone():
            self.listener.on_missing()
        else:
            self.listener.on_error(reason)

    def _give_up(self) -> None:
        """Stop this run of the clip; `play` or `restart` starts it afresh."""
        self._halt()
        self._failed = True
        self._playing = self._preloading = False

    def _file_is_gone(self) -> bool:
        # Asked only once a clip failed: a file that is gone (a drive unplugged, its folder
        # renamed) is no broken clip. os.path.exists is False for an I/O error too, as on a
        # pulled drive.
        return self._clip is not None and not os.path.exists(self._clip.path)

    def _probe_source_size(self, clip: Clip) -> None:
        """Learn the picture's true size before libvlc opens its video output (see FrameSink)."""
        try:
            stat = os.stat(clip.path)
        except OSError:
            self._sink.source_size = None
            return  # libvlc will report the missing file
        key = (str(clip.path), stat.st_mtime_ns, stat.st_size)
        self._sink.source_size = self._source_sizes.get(key)
        if self._sink.source_size is not None:
            return
        self._probed = False
        media = self._media
        self._media_events = media.event_manager()
        self._media_events.event_attach(
            self._vlc.EventType.MediaParsedChanged,
            lambda event: self._hand_over(lambda: self._probe_done(media, key)),
        )
        media.parse_with_options(self._vlc.MediaParseFlag.local, _PROBE_TIMEOUT_MS)

    def _probe_done(self, media: Any, key: tuple[str, int, int]) -> None:
        # Keyed by the media, not the run: a restart while probing still waits for this.
        if media is not self._media or self._probed or self._released:
            return
        self._probed = True
        size = self._sink.read_source_size(media)
        if size is not None:
            self._source_sizes[key] = size
        self._sink.source_size = size
        if self._start_requested:
            self._begin()

    def _arm_watchdog(self) -> None:
        if self._watchdog is not None or self._run_has_frame:
            return
        # A sleeping timer thread, not polling: it costs nothing until it fires or is cancelled.
        timer = threading.Timer(self._first_frame_timeout, self._watchdog_fired, args=(self._run,))
        timer.daemon = True
        self._watchdog = timer
        timer.start()

    def _disarm_watchdog(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    # What libvlc's callbacks come to, once handed over to the GUI thread. Each checks its run:
    # a late one for a clip that is gone, or for a released player, does nothing.

    def _first_display(self, run: int) -> None:
        if run != self._run or self._released:
            return
        self._disarm_watchdog()
        if self._preloading:
            # Hold the clip at its start: pause (asynchronous, so a few more frames show), then
            # seek back while paused. libvlc then shows the start frame and stays there, so
            # play() resumes with sound from the very start.
            self._preloading = False
            self._media_player.set_pause(1)
            self._media_player.set_time(int(self._clip_start_seconds() * 1000))
        if not self._has_frame:
            self._has_frame = True
            self.listener.on_first_frame()

    def _repaint(self, run: int) -> None:
        self._repaint_pending = False
        if run == self._run and not self._released:
            self.listener.on_frame()

    def _ended_reached(self, run: int) -> None:
        if run != self._run or self._released or self._ended or self._failed:
            return
        if not self._run_has_frame:
            # A broken file can end without ever reporting an error.
            self._fail("the file ended before showing a picture")
            return
        self._disarm_watchdog()
        self._ended = True
        self._playing = False
        self.listener.on_end()

    def _error_reported(self, run: int) -> None:
        if run == self._run and not self._released and not self._failed:
            self._fail("libvlc could not play this file")

    def _watchdog_check(self, run: int) -> None:
        if run != self._run or self._released or self._run_has_frame:
            return
        self._watchdog = None
        if self._failed or self._ended or not (self._playing or self._preloading):
            return
        # libvlc said nothing is wrong: the clip may be healthy on a busy PC. It stops here
        # (freeing the CPU it took), and whoever listens decides when to try it again.
        self._give_up()
        if self._file_is_gone():
            self.listener.on_missing()
        else:
            self.listener.on_slow()

    # --- other threads: libvlc's video and event threads, the watchdog timer ------------------
    # libvlc is not re-entrant: never call it from these; only read plain attributes and post.

    def _hand_over(self, work: Callable[[], None]) -> None:
        if not self._released:
            self._post(work)

    def _on_display(self, changed: bool) -> None:
        run = self._run
        if not self._run_has_frame:
            # Even an unchanged picture proves the clip decodes (a restart of a still clip).
            self._run_has_frame = True
            self._hand_over(lambda: self._first_display(run))
        # One repaint in flight at most: if the GUI falls behind, it paints the newest frame.
        if changed and not self._repaint_pending:
            self._repaint_pending = True
            self._hand_over(lambda: self._repaint(run))

    def _on_end_reached(self, event: Any) -> None:
        run = self._run
        self._hand_over(lambda: self._ended_reached(run))

    def _on_error(self, event: Any) -> None:
        run = self._run
        self._hand_over(lambda: self._error_reported(run))

    def _watchdog_fired(self, run: int) -> None:
        self._hand_over(lambda: self._watchdog_check(run))


def _percent(value: int) -> int:
    return min(100, max(0, int(value)))

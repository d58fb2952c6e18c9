"""What libvlc tells a `VlcPlayer`, and what it fails to tell: the reactions to its video and
event callbacks (first frame, new frame, end, error), the first-frame watchdog that fails a clip
libvlc stays silent about, and the probe of a clip's true picture size before it opens.

This is `VlcPlayer`'s base class, apart from the player's commands (load, play, pause, stop) so
that every path from another thread into the player is in one place. Those threads (libvlc's
video and event threads, the watchdog timer) only read a few plain attributes and `post`; each
handed-over callable carries the player's `run`, so work that arrives late for a clip that is
gone, or for a released player, is dropped. It never imports `vlc`: the module object is handed
in by `VlcEngine`.
"""

from __future__ import annotations

import os
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kiosk.core.clip import Clip
from kiosk.media.interface import PlayerListener, PostToGui

if TYPE_CHECKING:
    from kiosk.media.vlc.frames import FrameSink

_PROBE_TIMEOUT_MS = 1000


class PlayerWatch:
    """The libvlc-facing half of `VlcPlayer`, on the state that `VlcPlayer.__init__` sets up."""

    listener: PlayerListener
    _vlc: ModuleType
    _media_player: Any
    _media: Any
    _media_events: Any
    _sink: FrameSink
    _post: PostToGui
    _source_sizes: dict[tuple[str, int, int], tuple[int, int]]
    _first_frame_timeout: float
    _clip: Clip | None
    _released: bool
    _run: int  # bumped by every load, restart, stop and release
    _run_has_frame: bool  # set on the video thread, reset while libvlc is stopped
    _repaint_pending: bool
    _watchdog: threading.Timer | None

    # Per-clip state on the GUI thread, reset by `VlcPlayer._reset_clip_state`.
    _has_frame: bool  # the clip's first frame was shown (stays through a restart)
    _playing: bool  # play() was asked and neither pause, end nor error came since
    _preloading: bool  # hold the first frame: pause and seek back when it shows
    _probed: bool  # the picture size is known (or unknowable), so libvlc may start
    _start_requested: bool  # start as soon as the probe is done
    _started: bool  # libvlc was told to play since the last stop
    _ended: bool
    _failed: bool
    _length_ms: int

    def _begin(self) -> None:
        raise NotImplementedError  # `VlcPlayer` starts libvlc

    def _fail(self, reason: str) -> None:
        raise NotImplementedError  # `VlcPlayer` stops libvlc and reports the error

    # --- on the GUI thread ---------------------------------------------------------------------

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
        self._media.parse_with_options(self._vlc.MediaParseFlag.local, _PROBE_TIMEOUT_MS)

    def _probe_done(self, media: Any, key: tuple[str, int, int]) -> None:
        # Keyed by the media, not the run: a restart while probing still waits for this.
        if media is not self._media or self._probed or self._released:
            return
        self._probed = True
        size = self._sink.read_source_size(self._media)
        if size is not None:
            self._source_sizes[key] = size
        self._sink.source_size = size
        if self._start_requested:
            self._begin()

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

    def _clip_start_seconds(self) -> float:
        return (self._clip.start_seconds or 0.0) if self._clip is not None else 0.0

    def _arm_watchdog(self) -> None:
        if self._watchdog is not None or self._run_has_frame:
            return
        run = self._run
        # A sleeping timer thread, not polling: it costs nothing until it fires or is cancelled.
        timer = threading.Timer(self._first_frame_timeout, self._watchdog_fired, args=(run,))
        timer.daemon = True
        self._watchdog = timer
        timer.start()

    def _disarm_watchdog(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None

    def _watchdog_check(self, run: int) -> None:
        if run != self._run or self._released or self._run_has_frame:
            return
        self._watchdog = None
        if self._failed or self._ended or not (self._playing or self._preloading):
            return
        self._fail(f"no picture within {self._first_frame_timeout:g} seconds")

    # --- other threads: libvlc's video and event threads, the watchdog timer --------------------
    # libvlc is not re-entrant: never call it from these; only read plain attributes and post.

    def _hand_over(self, work: Any) -> None:
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

    def _error_reported(self, run: int) -> None:
        if run == self._run and not self._released and not self._failed:
            self._fail("libvlc could not play this file")

    def _watchdog_fired(self, run: int) -> None:
        self._hand_over(lambda: self._watchdog_check(run))

"""The swipe feed: one clip fills the widget, and a drag, flick, wheel or key moves to the next.

`FeedWidget` puts the parts together and is the feed's public face for the app. The
`FeedController` decides what plays; `FeedInput` turns raw input into actions; `SlideMotion`
moves the content; `painter` and `screens` paint it. During a drag or a slide the
current clip and the neighbour coming in are both painted, offset by the motion; the neighbour
shows the first frame its player holds. Overlays (the time ring) are painted last, over it all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QEvent, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.core.clip import Clip
from kiosk.core.config.schema import AfterClip
from kiosk.core.i18n import N_
from kiosk.core.playlist.playlist import Playlist
from kiosk.media.pool import PlayerPool
from kiosk.ui.accessible import ensure_installed
from kiosk.ui.feed.controller import FeedController
from kiosk.ui.feed.gestures import NEXT, PREVIOUS, Release
from kiosk.ui.feed.input import EventInterceptor, FeedInput
from kiosk.ui.feed.motion import EDGE_RESISTANCE, SPRING_BACK_MS, SlideMotion
from kiosk.ui.feed.painter import EMPTY, frame_box, paint_clip, paint_progress
from kiosk.ui.feed.screens import paint_no_clips, paint_pause_icon
from kiosk.ui.feed.views import ViewRecorder
from kiosk.ui.language import Words

#: Paints over the feed, in widget coordinates: the painter and the widget's whole rectangle.
OverlayPainter = Callable[[QPainter, QRect], None]

#: The feed hidden this long, its players stop decoding (each clip starts over when it plays next).
REST_AFTER_MS = 10_000
_HIDDEN = "hidden"
_LOCKED = "locked"


class FeedWidget(QWidget):
    """The feed, filling whatever size it is given."""

    #: What assistive technology calls it: a moving picture.
    accessible_role = QAccessible.Role.Animation

    #: A new clip is on screen (it became current and its picture is there), including the
    #: first one. Emitted on the GUI thread only.
    clip_changed = Signal(object)
    #: Nothing can be played (empty library, or five broken clips in a row); the "no clips"
    #: screen is showing.
    all_broken = Signal()
    #: After `finish_current_clip`, the clip on screen has played to its end.
    last_clip_finished = Signal()
    #: A clip's file is gone (Clip), as when the clip drive is unplugged: it left the feed, and
    #: comes back when the library finds it again (`add_clips`).
    clip_missing = Signal(object)

    def __init__(
        self,
        playlist: Playlist,
        pool: PlayerPool,
        *,
        after_clip: AfterClip = "next",
        volume: int = 70,
        loading: bool = False,
        views: ViewRecorder | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ensure_installed()
        self.words = Words(self, FeedWidget.update)
        self.words.name(self, N_("Clips"))
        self.words.description(
            self,
            N_(
                "Swipe up or press the Down arrow for the next clip, and tap or press Space to pause."
            ),
        )
        self._controller = FeedController(
            playlist,
            pool,
            after_clip=after_clip,
            volume=volume,
            loading=loading,
            views=views,
            parent=self,
        )
        self._controller.clip_changed.connect(self.clip_changed)
        self._controller.all_broken.connect(self.all_broken)
        self._controller.last_clip_finished.connect(self.last_clip_finished)
        self._controller.clip_missing.connect(self.clip_missing)
        self._controller.changed.connect(self.update)
        self._controller.advance_requested.connect(self._advance_after_clip)
        # Nothing plays before the feed is first on screen.
        self._controller.hold(_HIDDEN)
        self._motion = SlideMotion(self)
        self._motion.changed.connect(self.update)
        self._input = FeedInput(self, self)
        self._overlays: list[OverlayPainter] = []
        self._wind_down = 0.0
        # Hidden for this long (the lock, the start screen, the parent panel), the players stop
        # decoding: a paused libvlc player keeps redrawing its picture.
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._rest_timer.setInterval(REST_AFTER_MS)
        self._rest_timer.timeout.connect(self._controller.rest)
        # Every pixel is painted each time, so Qt need not clear the background first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # The app's API.

    @property
    def current_clip(self) -> Clip | None:
        return self._controller.current_clip

    def playlist_clips(self) -> tuple[Clip, ...]:
        """Every clip the feed may still play, in the library's order."""
        return self._controller.clips

    @property
    def is_paused(self) -> bool:
        """Paused by the child (tap, click or Space); the pause sign is showing."""
        return self._controller.user_paused

    @property
    def shows_no_clips(self) -> bool:
        return self._controller.out_of_clips

    def pause_feed(self) -> None:
        """Pause playback and ignore all input, e.g. under the lock screen."""
        # Held first, so a slide that lands below does not start its clip even for a moment.
        self._controller.hold(_LOCKED)
        self._input.cancel()
        self._input.enabled = False
        self._motion.land()

    def resume_feed(self) -> None:
        """Undo `pause_feed`; a clip the child had paused stays paused."""
        self._input.enabled = True
        self._controller.release(_LOCKED)

    def finish_current_clip(self) -> None:
        """The soft landing: swiping stops, and the clip on screen may play out to its end."""
        self._motion.land()
        self._controller.finish_current()
        self._input.cancel()

    @property
    def is_finishing(self) -> bool:
        return self._controller.finishing

    def stop_finishing(self) -> None:
        """Undo `finish_current_clip` for a new session: swiping works again."""
        self._controller.stop_finishing()

    @property
    def current_view(self) -> int | None:
        """The number of the view on screen, new with each clip shown (see `FeedController`)."""
        return self._controller.current_view

    def set_wind_down(self, level: float) -> None:
        """The bedtime wind-down at `level` (0..1): the picture loses its colour, fully grey at
        1.0, and the sound falls to half."""
        level = min(1.0, max(0.0, level))
        if level == self._wind_down:
            return
        self._wind_down = level
        self._controller.set_wind_down(level)

    @property
    def wind_down(self) -> float:
        return self._wind_down

    def current_clip_seconds_left(self) -> float | None:
        """How long the clip on screen still plays; None while that is unknown."""
        return self._controller.current_seconds_left()

    def add_clips(self, clips: Iterable[Clip]) -> None:
        """Clips the background scan found: they join the feed (see `FeedController`)."""
        self._controller.add_clips(clips)

    def remove_clips(self, clips: Iterable[Clip]) -> None:
        """Clips hidden by the parent or gone from the disk: they leave the feed at once."""
        self._controller.remove_clips(clips)

    def finish_loading(self) -> None:
        """The scan is over; with no clip at all, the "no clips" screen shows."""
        self._controller.finish_loading()

    def start_session(self) -> None:
        """A new session began: each show may fill its share of it again."""
        self._controller.start_session()

    def end_view(self) -> None:
        """The feed is put away: the watch history closes the view of the clip on screen."""
        self._controller.end_view()

    def add_overlay(self, paint: OverlayPainter) -> None:
        """Paint `paint` over the feed on every repaint; call `update()` when it changes."""
        self._overlays.append(paint)
        self.update()

    def remove_overlay(self, paint: OverlayPainter) -> None:
        self._overlays.remove(paint)
        self.update()

    def add_input_interceptor(self, intercept: EventInterceptor) -> None:
        """Offer every input event to `intercept` first; it returns True to claim the event."""
        self._input.interceptors.append(intercept)

    # What input asks for (the FeedActions protocol), also usable by the app.

    def step(self, direction: int) -> None:
        """Slide one clip towards `direction` (+1 next, -1 previous), or bump at an edge."""
        if direction not in (NEXT, PREVIOUS):
            raise ValueError(f"direction {direction} is not +1 (next) or -1 (previous)")
        self._motion.land()
        if self._controller.out_of_clips:
            return
        if self._controller.can_move(direction):
            self._slide_and_move(direction)
        else:
            self._motion.bump(direction, self.height())
        # Paint the motion's first step now, inside the input's own handling: an update() waits
        # for Qt's update request, behind the video's queued repaints, and on a full-HD screen
        # that cost about 3 ms more at the median between the key and its first paint.
        self.repaint()

    def toggle_pause(self) -> None:
        self._motion.land()
        self._controller.toggle_pause()

    def press_began(self) -> None:
        self._motion.land()

    def drag_moved(self, offset: float) -> None:
        if self._controller.out_of_clips:
            return
        direction = NEXT if offset > 0 else PREVIOUS
        if not self._controller.can_move(direction):
            offset *= EDGE_RESISTANCE
        height = float(self.height())
        self._motion.follow(max(-height, min(height, offset)))

    def drag_released(self, release: Release) -> None:
        direction = release.direction
        if direction and self._controller.can_move(direction):
            self._slide_and_move(direction)
        else:
            self._motion.slide_to(0.0, duration_ms=SPRING_BACK_MS)

    # Qt.

    def event(self, event: QEvent) -> bool:
        # Qt sends events while __init__ is still setting up, before the input exists.
        feed_input: FeedInput | None = getattr(self, "_input", None)
        if feed_input is not None and feed_input.handle(event):
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Frames of clips loaded from now on arrive at the size they are shown.
        self._controller.set_frame_box(*frame_box(event.size(), self.devicePixelRatioF()))
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()
        self._controller.set_frame_box(*frame_box(self.size(), self.devicePixelRatioF()))
        self._rest_timer.stop()
        self._controller.release(_HIDDEN)
        self._controller.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # An unseen feed makes no sound: another screen is in front of it.
        self._controller.hold(_HIDDEN)
        self._rest_timer.start()
        self._input.cancel()
        self._motion.land()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        if self._controller.out_of_clips:
            paint_no_clips(painter, area)
        else:
            self._paint_clips(painter, area)
        for paint in self._overlays:
            painter.save()
            paint(painter, self.rect())
            painter.restore()
        painter.end()

    def _paint_clips(self, painter: QPainter, area: QRectF) -> None:
        offset = self._motion.offset
        current_area = area.translated(0, -offset)
        if self._controller.current_player is None:
            painter.fillRect(area, EMPTY)
            return
        paint_clip(painter, self._controller.current_player, current_area)
        if offset:
            direction = NEXT if offset > 0 else PREVIOUS
            neighbour_area = current_area.translated(0, direction * area.height())
            paint_clip(painter, self._controller.neighbour_player(direction), neighbour_area)
        paint_progress(painter, current_area, self._controller.progress())
        if self._controller.user_paused:
            paint_pause_icon(painter, current_area)

    def _advance_after_clip(self) -> None:
        # A finger on the glass owns the motion; sliding away under it would fight the drag.
        if self._input.tracker.active:
            self._controller.restart_current()
        else:
            self.step(NEXT)

    def _slide_and_move(self, direction: int) -> None:
        self._motion.slide_to(direction * float(self.height()), partial(self._land, direction))

    def _land(self, direction: int) -> None:
        self._motion.reset()
        self._controller.move(direction)

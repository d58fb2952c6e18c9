"""Which screen is in front, decided once a second from what the time rules say.

The flow holds no time rule: once a second it tells `Limits` which clip is on screen, takes the
`Tick` that comes back, and shows it: the start button, the feed with its ring (or its clip
dots), warnings and chime, the wind-down's grey, the clip playing out at zero or as the clip
budget's last, or the lock with the child's raised hand. It ticks once more the moment a new
clip shows, so the clip budget counts a clip's seconds up to the swipe. The parent's way in (the
held corner or Ctrl+Alt+P, then the PIN, then the panel) sits over whatever was in front and
returns to it; an answer to the child's ask given on the lock screen is carried out here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QRect, QRectF, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.config.load import Config
from kiosk.core.limits.ledger import AskAnswer
from kiosk.core.limits.limits import Limits
from kiosk.core.limits.tick import NO_CLIP, ClipOnScreen, Tick
from kiosk.core.pin.guard import AttemptResult, PinGuard
from kiosk.ui.language import follow_language
from kiosk.ui.lock import ANSWER_CLIPS, ANSWER_MINUTES, LockScreen
from kiosk.ui.parent.actions import KioskParentActions
from kiosk.ui.parent.gate import ParentCorner
from kiosk.ui.pin_pad.pad import PinPad
from kiosk.ui.screens import StartScreen
from kiosk.ui.time_ring import TimeRing
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    # The feed comes from the host, and the panel loads when a parent first opens it: the first
    # screen (start or lock) needs neither, and the start is quicker without them.
    from kiosk.ui.feed.widget import FeedWidget
    from kiosk.ui.library.view import LibraryActions
    from kiosk.ui.parent.panel import ParentPanel
    from kiosk.ui.parent.week import WeekActions

log = logging.getLogger(__name__)

TICK_MS = 1000


class FlowHost(Protocol):
    """What the flow needs from the app around it."""

    @property
    def config(self) -> Config: ...

    @property
    def config_path(self) -> Path: ...

    @property
    def limits(self) -> Limits: ...

    @property
    def guard(self) -> PinGuard: ...

    def attempt_pin(self, pin: str) -> AttemptResult: ...

    def make_feed(self) -> FeedWidget: ...

    def forget_feed(self) -> None:
        """The feed `make_feed` gave is being deleted: nothing may reach it any more."""
        ...

    def chime(self) -> None: ...

    def ask_sound(self) -> None:
        """The soft sound that answers the child's raised hand."""
        ...

    def record_event(self, kind: str, detail: Mapping[str, object]) -> None: ...

    def parent_note(self, tick: Tick) -> str: ...

    def panel_notice(self) -> str | None:
        """Why the kiosk cannot save now, for the parent panel; None while it can."""
        ...

    def apply_config(self, config: Config) -> None: ...

    @property
    def library_actions(self) -> LibraryActions | None:
        """The parent's library view, or None for a kiosk without one."""
        ...

    @property
    def week_actions(self) -> WeekActions | None:
        """The parent's week page, or None for a kiosk without one."""
        ...

    def rescan_library(self) -> None: ...

    def leave(self) -> None: ...


class KioskFlow(QObject):
    """Start screen, feed and lock, switched by the time rules; the parent's panel over them."""

    def __init__(self, window: KioskWindow, host: FlowHost, *, pin_hint: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.start_screen = StartScreen()
        self.start_screen.start_requested.connect(self._on_start_requested)
        self.lock_screen = LockScreen(host.attempt_pin, host.guard.seconds_to_wait, hint=pin_hint)
        self.lock_screen.unlocked.connect(self._open_panel)
        self.lock_screen.ask_requested.connect(self._on_ask)
        self.lock_screen.answered.connect(self._on_answer)
        self.lock_screen.answer_shown.connect(self.tick)
        self.parent_pad = PinPad(
            host.attempt_pin, host.guard.seconds_to_wait, hint=pin_hint, can_cancel=True
        )
        self.parent_pad.accepted.connect(self._open_panel)
        self.parent_pad.cancelled.connect(self._close_parent_access)
        self.panel: ParentPanel | None = None
        self.feed: FeedWidget | None = None
        self.ring = TimeRing(self._repaint_feed, self)
        self.corner: ParentCorner | None = None
        self._parent_open = False
        # What the rules said at the last tick; the parent panel shows its numbers.
        self.last_tick: Tick | None = None
        self._actions: KioskParentActions | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        # The parent's note on the lock in a new language at once, not at the next tick.
        follow_language(self, KioskFlow._word_lock_note)

    @property
    def actions(self) -> KioskParentActions:
        """What a parent does with the PIN, on the panel or on the lock screen. Made on first
        use: before setup is done no time record may be written."""
        if self._actions is None:
            host = self.host
            self._actions = KioskParentActions(
                host.limits,
                lambda: self.last_tick,
                host.record_event,
                host.leave,
                host.panel_notice,
            )
        return self._actions

    def _word_lock_note(self) -> None:
        tick = self.last_tick
        if (
            self._timer.isActive()
            and tick is not None
            and tick.status.state not in ("in_session", "ready")
        ):
            self.lock_screen.set_parent_note(self.host.parent_note(tick))

    def start(self) -> None:
        """Show the right screen at once (a locked kiosk never shows a frame), then tick."""
        self.tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.host.limits.close()

    # The loop.

    def tick(self) -> None:
        """Tell the rules what is on screen, and show what they say."""
        on_screen = self._clip_on_screen()
        tick = self.last_tick = self.host.limits.tick(on_screen)
        if tick.status.state == "in_session":
            self._show_time(tick)
            if tick.finish_clip and self.feed is not None:
                log.info(
                    "time is up; the clip on screen may finish (%.0f s left)",
                    on_screen.seconds_left or 0.0,
                )
                self.feed.finish_current_clip()
        self._show_for(tick)

    def _clip_on_screen(self) -> ClipOnScreen:
        if self.feed is None:
            return NO_CLIP
        # A feed under the parent's pad or panel shows no clip: none counts meanwhile.
        view = self.feed.current_view if self.feed.isVisible() else None
        if self.feed.is_finishing:
            return ClipOnScreen(finishing=True, view=view)
        return ClipOnScreen(self.feed.current_clip_seconds_left(), view=view)

    def _show_time(self, tick: Tick) -> None:
        """The session's side of a tick: a new session for the feed, warnings, the ring (or
        the dots), the wind-down."""
        if tick.new_session and self.feed is not None:
            self.feed.start_session()
        # The ring first, so that a warning speaks of the time left now.
        self._update_ring(tick)
        if tick.warnings_due:
            self.ring.warn()
        if tick.chime:
            self.host.chime()
        if self.feed is not None:
            self.feed.set_wind_down(tick.wind_down)

    def _show_for(self, tick: Tick) -> None:
        if self._parent_open:
            return
        status = tick.status
        if self.lock_screen.holds_front:
            return  # the child sees the answer's picture first
        if status.state == "in_session":
            self._show_feed(tick)
        elif status.state == "ready":
            self._bring_to_front(self.start_screen, "start")
        else:
            self.lock_screen.set_parent_note(self.host.parent_note(tick))
            self.lock_screen.set_ask(may_ask=tick.may_ask, asked=tick.asked_at is not None)
            if self.window.currentWidget() is not self.lock_screen:
                self.lock_screen.show_moon()
            self._bring_to_front(self.lock_screen, f"lock ({status.lock_reason})")

    def _bring_to_front(self, screen: QWidget, name: str) -> None:
        if self.window.currentWidget() is not screen:
            # The log says what a parent (or an end-to-end test) would see on screen.
            log.info("screen: %s", name)
        self.window.show_screen(screen)

    def _on_last_clip_finished(self) -> None:
        """The clip that played out in the grace ended: so does the session."""
        self.host.limits.end_session()
        self.tick()

    def _on_start_requested(self) -> None:
        if self.host.limits.start_session():
            log.info("session started by the child")
        self.tick()

    def _on_new_clip(self) -> None:
        """A new clip shows: the seconds until now were the last clip's, for the clip budget.
        Later, not inside the feed's own call that announced it."""
        QTimer.singleShot(0, self, self._tick_if_running)

    def _tick_if_running(self) -> None:
        if self._timer.isActive():
            self.tick()

    # The child's ask, and a parent's answer on the lock screen.

    def _on_ask(self) -> None:
        if self.host.limits.ask_for_more():
            log.info("the child asked for more")
            self.host.ask_sound()
        self.tick()

    def _on_answer(self, answer: AskAnswer) -> None:
        log.info("a parent answered on the lock screen: %s", answer)
        if answer == "minutes":
            self.actions.add_minutes(ANSWER_MINUTES)
        elif answer == "clip":
            self.actions.grant_clips(ANSWER_CLIPS)
        else:
            self.actions.answer_not_today()
        self.tick()

    # The feed and its ring.

    def _show_feed(self, tick: Tick) -> None:
        if (
            self.feed is not None
            and self.feed.is_finishing
            and not tick.in_grace
            and not tick.last_clip
        ):
            # More time or clips (a new session, or the parent added some): the feed moves on.
            self.feed.stop_finishing()
        if self.feed is None:
            self.feed = self.host.make_feed()
            self.feed.add_overlay(self._paint_overlays)
            self.feed.last_clip_finished.connect(self._on_last_clip_finished)
            self.feed.clip_changed.connect(self._on_new_clip)
            self.corner = ParentCorner(self.feed)
            self.corner.requested.connect(self.open_parent_access)
            self.feed.add_input_interceptor(self.corner.intercept)
            self.ring.attach(self.feed)
            self._update_ring(tick)
        self._bring_to_front(self.feed, "feed")

    def _paint_overlays(self, painter: QPainter, rect: QRect) -> None:
        self.ring.paint(painter, QRectF(rect))
        if self.corner is not None:
            self.corner.paint(painter, rect)

    def _update_ring(self, tick: Tick) -> None:
        self.ring.show_numbers = self.host.config.session.show_numbers
        self.ring.update_time(
            seconds_left=tick.session_seconds_left,
            session_seconds=tick.session_seconds_total,
            warn_levels=tick.warn_at_seconds,
        )
        self.ring.update_clips(clips_left=tick.clips_left, clips_total=tick.clips_total)
        self.ring.set_wind_down(tick.wind_down)

    def _repaint_feed(self) -> None:
        if self.feed is not None:
            self.feed.update(self.ring.bounds(QRectF(self.feed.rect())).toAlignedRect())

    # The parent's way in.

    def open_parent_access(self) -> None:
        """The held corner or Ctrl+Alt+P: the PIN pad over whatever is in front."""
        if self._parent_open or self.window.currentWidget() is self.lock_screen:
            if self.window.currentWidget() is self.lock_screen:
                self.lock_screen.show_pad()
            return
        self._parent_open = True
        self.parent_pad.reset()
        self.window.show_screen(self.parent_pad)

    def _close_parent_access(self) -> None:
        self._parent_open = False
        self.tick()

    def _open_panel(self) -> None:
        self._parent_open = True
        if self.panel is None:
            from kiosk.ui.parent.panel import ParentPanel

            self.panel = ParentPanel(
                self.actions,
                self.host.guard,
                self.host.config,
                self.host.config_path,
                library=self.host.library_actions,
                week=self.host.week_actions,
            )
            self.panel.closed.connect(self._close_panel)
            self.panel.settings_saved.connect(self._on_settings_saved)
        self.panel.set_config(self.host.config)
        self._bring_to_front(self.panel, "parent panel")
        self.panel.refresh()

    def _close_panel(self) -> None:
        # Files may have been copied in while the parent was here: what the child sees next
        # comes from a fresh look at the folder.
        self.host.rescan_library()
        self._close_parent_access()

    def _on_settings_saved(self, config: Config) -> None:
        before = self.host.config
        self.host.apply_config(config)
        if self.feed is not None and (
            config.library != before.library or config.player != before.player
        ):
            self._retire_feed()

    def _retire_feed(self) -> None:
        """A new folder, order or player setting: the next feed is built from it afresh."""
        feed, self.feed, self.corner = self.feed, None, None
        if feed is not None:
            self.host.forget_feed()
            feed.pause_feed()
            feed.end_view()
            self.window.removeWidget(feed)
            feed.deleteLater()

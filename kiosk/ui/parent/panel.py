"""The parent panel, shown full-window over the kiosk once the PIN is accepted.

It owns the pages a parent moves between (the numbers and actions, the week and the library
when the app gives them, settings, change PIN, and "are you sure?") and two timers: one
refreshes the numbers each second while the panel is on screen, the other closes the panel
after a minute with no input, so a panel left open does not hand a child the parent's powers. It decides nothing about time: it calls `ParentActions`, which
the composition root implements on top of the time-limit rules.

Recording. Every action a parent takes here reaches exactly one call the app records:

    +5 / +10 / +15 min        actions.add_minutes(n)            the action records itself
    +1 / +2 / +3 clips        actions.grant_clips(n)            (and answers the child's ask)
    Not today                 actions.answer_not_today()        (only while the child's ask waits)
    End the session now       actions.end_session_now()         (after "are you sure?")
    Start a new session now   actions.start_new_session_now()
    Leave the kiosk           actions.leave_kiosk()             (after "are you sure?")
    Trust the system clock    actions.trust_wall_clock()        (after "are you sure?")
    Change the PIN            guard.set_pin(...)                the guard reports pin_set / pin_wrong
    Save settings             actions.record_event("settings_saved", {"changed": [keys]})
    Back to the kiosk         actions.record_event("parent_panel_closed", {"reason": "back"})
    no input for a minute     actions.record_event("parent_panel_closed", {"reason": "timeout"})
    Library: hide / show      library.set_clip_hidden(...) / library.set_show_hidden(...)
    Library: approve new      library.approve(paths)            `LibraryActions` records these
                                                                itself; a preview is not recorded
    This week                 week.week()                       reads only; nothing recorded

A preview playing in the library counts as activity: the inactivity timer is held while it
plays, and runs again from a full minute once it is paused, ends or is closed.

By keyboard (`keys`), each page gives the focus to its first control when it comes to the front,
and Esc goes one step back: from a page to the first page (forgetting what was typed, as its Back
button does), a preview to the library, and from the first page back to the kiosk.

After add / grant / not today / end / new / leave the panel closes itself, so the kiosk shows what the rules now say.
Each close hides the panel and emits `closed()` once; the app then shows the kiosk screen that
`limits` calls for. Whatever was typed (PINs, a recovery code, unsaved settings) is forgotten on
every close, and a preview playing in the library stops.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.core.config.load import SETTINGS, Config
from kiosk.core.config.schema import SCHEDULE
from kiosk.core.i18n import _
from kiosk.core.pin.guard import PinGuard
from kiosk.ui.language import follow_language
from kiosk.ui.library.view import LibraryActions, LibraryView
from kiosk.ui.parent.home import ConfirmPage, HomePage
from kiosk.ui.parent.inactivity import InactivityWatch
from kiosk.ui.parent.keys import focus_first
from kiosk.ui.parent.pin import ChangePinPage
from kiosk.ui.parent.settings import SettingsPage
from kiosk.ui.parent.theme import apply_parent_theme, centred
from kiosk.ui.parent.week import WeekActions, WeekPage
from kiosk.ui.parent.widgets import FolderChooser, close_dialogs

DEFAULT_INACTIVITY_MS = 60_000
REFRESH_MS = 1_000


class ParentActions(Protocol):
    """What the panel asks of the kiosk. Called on the GUI thread; none of them should raise."""

    def session_seconds_left(self) -> float | None:
        """Seconds left in the running session, or None when no session is running."""
        ...

    def used_today_seconds(self) -> float: ...

    def session_clips_left(self) -> int | None:
        """Clips left in the running session; None without a session or a clip limit."""
        ...

    def can_grant_clips(self) -> bool:
        """False while a session with no clip limit runs: it has no clips to add."""
        ...

    def asked_at(self) -> datetime | None:
        """When the child asked for more, while no parent has answered; else None."""
        ...

    def time_zone(self) -> tzinfo:
        """The household's zone: every time the panel shows is told in it."""
        ...

    def zone_note(self) -> str | None:
        """A sentence when the system is set to another zone than the household's, or None."""
        ...

    def clock_note(self) -> str | None:
        """A sentence when the system clock runs ahead of the time the kiosk can prove, or None.

        Only then does the panel offer to trust the system clock.
        """
        ...

    def trust_wall_clock(self) -> None: ...

    def notice(self) -> str | None:
        """One sentence for the parent when the kiosk cannot save (a full disk), or None."""
        ...

    def add_minutes(self, minutes: int) -> None: ...

    def grant_clips(self, clips: int) -> None: ...

    def answer_not_today(self) -> None: ...

    def end_session_now(self) -> None: ...

    def start_new_session_now(self) -> None: ...

    def leave_kiosk(self) -> None: ...

    def record_event(self, kind: str, detail: dict[str, object]) -> None:
        """Store an event for the parent's report (only for panel actions with no call above)."""
        ...


class ParentPanel(QWidget):
    """The parent's full-window panel. See the module docstring for what each button calls."""

    closed = Signal()
    settings_saved = Signal(object)  # Config

    def __init__(
        self,
        actions: ParentActions,
        guard: PinGuard,
        config: Config,
        config_path: Path,
        *,
        inactivity_ms: int = DEFAULT_INACTIVITY_MS,
        choose_folder: FolderChooser | None = None,
        library: LibraryActions | None = None,
        week: WeekActions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ParentPanel")
        apply_parent_theme(self)
        self._actions = actions
        self._config = config
        self._pending_confirm: str | None = None

        self.home = HomePage(show_library=library is not None, show_week=week is not None)
        self.settings = SettingsPage(config, config_path, choose_folder=choose_folder)
        self.pin = ChangePinPage(guard, actions.time_zone)
        self.confirm = ConfirmPage()
        #: The library page, when the app gave the panel `library` actions.
        self.library = LibraryView(library) if library is not None else None
        #: The week page, when the app gave the panel `week` actions.
        self.week = WeekPage(week) if week is not None else None
        self.pages = QStackedWidget()
        for page in (self.home, self.settings, self.pin, self.confirm, self.library, self.week):
            if page is not None:
                self.pages.addWidget(page)
        self.setLayout(centred(self.pages))

        self.home.add_minutes.connect(self._add_minutes)
        self.home.grant_clips.connect(self._grant_clips)
        self.home.not_today.connect(self._not_today)
        self.home.new_session.connect(self._start_new_session)
        self.home.end_session.connect(lambda: self._ask("end"))
        self.home.leave_kiosk.connect(lambda: self._ask("leave"))
        self.home.trust_clock.connect(lambda: self._ask("trust"))
        self.home.open_settings.connect(lambda: self._go(self.settings))
        self.home.change_pin.connect(lambda: self._go(self.pin))
        self.home.back_to_kiosk.connect(lambda: self.close_panel("back"))
        self.settings.back.connect(self._go_home)
        self.settings.saved.connect(self._on_settings_saved)
        self.pin.back.connect(self._go_home)
        self.confirm.confirmed.connect(self._confirmed)
        self.confirm.cancelled.connect(self._go_home)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.inactivity = InactivityWatch(inactivity_ms, self)
        self.inactivity.timed_out.connect(lambda: self.close_panel("timeout"))
        if self.library is not None:
            view = self.library
            self.home.open_library.connect(lambda: self._go(view))
            view.closed.connect(self._go_home)
            view.preview_playing_changed.connect(self.inactivity.set_held)
        if self.week is not None:
            self.home.open_week.connect(self._open_week)
            self.week.back.connect(self._go_home)
        # Each page words its own texts again; the panel words what it was told and asked.
        follow_language(self, ParentPanel._retranslate)

    @property
    def config(self) -> Config:
        return self._config

    def set_config(self, config: Config) -> None:
        """The config in force, when it changes elsewhere; shown the next time settings open."""
        self._config = config
        self.settings.load(config)

    def refresh(self) -> None:
        """Read the numbers again from the actions."""
        actions = self._actions
        self.home.show_numbers(actions.session_seconds_left(), actions.used_today_seconds())
        self.home.show_clips_and_ask(
            actions.session_clips_left(),
            can_grant_clips=actions.can_grant_clips(),
            asked_at=actions.asked_at(),
        )
        self.home.show_zone_note(self._actions.zone_note())
        self.home.show_clock_note(self._actions.clock_note())
        self.home.show_notice(self._actions.notice())

    def _retranslate(self) -> None:
        """The notes, and an open question, in the new language (the pages word the rest)."""
        if self.isVisible():
            self.refresh()
        if self._pending_confirm is not None:
            self._word_question(self._pending_confirm)

    def close_panel(self, reason: str = "back") -> None:
        """Hide the panel and emit `closed()`; `reason` "back" or "timeout" is recorded."""
        if reason in ("back", "timeout"):
            self._actions.record_event("parent_panel_closed", {"reason": reason})
        self.hide()
        self.closed.emit()

    def go_back(self) -> None:
        """Esc: one step back, from a page to the first page, and from there to the kiosk."""
        if self.pages.currentWidget() is self.home:
            self.close_panel("back")
        else:
            self._go_home()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.go_back()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # The window gives the panel the keyboard when it opens: the page's first control has it.
        super().focusInEvent(event)
        page = self.pages.currentWidget()
        if page is not None:
            focus_first(page)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._forget()
        self.refresh()
        self._refresh_timer.start()
        self.inactivity.start()

    def hideEvent(self, event: QHideEvent) -> None:
        if self.library is not None:
            self.library.close_preview()
        self._refresh_timer.stop()
        self.inactivity.stop()
        close_dialogs(self)
        self._forget()
        super().hideEvent(event)

    def _forget(self) -> None:
        """Back to the first page with nothing typed left behind."""
        self.pin.reset()
        self.settings.load(self._config)
        self._pending_confirm = None
        self._go(self.home)

    def _go(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        focus_first(page)

    def _go_home(self) -> None:
        self._forget()
        self.refresh()

    def _open_week(self) -> None:
        assert self.week is not None  # connected only when there is one
        self.week.load()
        self._go(self.week)

    def _add_minutes(self, minutes: int) -> None:
        self._actions.add_minutes(minutes)
        self.close_panel("action")

    def _grant_clips(self, clips: int) -> None:
        self._actions.grant_clips(clips)
        self.close_panel("action")

    def _not_today(self) -> None:
        self._actions.answer_not_today()
        self.close_panel("action")

    def _start_new_session(self) -> None:
        self._actions.start_new_session_now()
        self.close_panel("action")

    def _ask(self, action: str) -> None:
        self._pending_confirm = action
        self._go(self.confirm)  # first: the question then gives "Cancel" the focus
        self._word_question(action)
        self.confirm.no.setFocus(Qt.FocusReason.OtherFocusReason)

    def _word_question(self, action: str) -> None:
        if action == "end":
            self.confirm.ask(
                _("End the session now?"),
                _(
                    "The time's-up screen appears at once. A new session starts after the"
                    " cooldown, or when you start one here."
                ),
                _("End the session"),
            )
        elif action == "trust":
            self.confirm.ask(
                _("Trust the system clock?"),
                _(
                    "Do this only if the system clock shows the right time now: the kiosk then"
                    " counts from it, and forgets that it was ahead."
                ),
                _("Trust the system clock"),
            )
        else:
            self.confirm.ask(
                _("Leave the kiosk?"),
                _("The kiosk closes. The time limits apply again the next time it starts."),
                _("Leave the kiosk"),
            )

    def _confirmed(self) -> None:
        action, self._pending_confirm = self._pending_confirm, None
        if action == "end":
            self._actions.end_session_now()
        elif action == "leave":
            self._actions.leave_kiosk()
        elif action == "trust":
            self._actions.trust_wall_clock()
        else:
            self._go_home()
            return
        self.close_panel("action")

    def _on_settings_saved(self, config: Config) -> None:
        old = self._config
        self._config = config
        changed = [
            setting.key
            for setting in SETTINGS
            if getattr(getattr(old, setting.section), setting.name)
            != getattr(getattr(config, setting.section), setting.name)
        ]
        if old.schedule != config.schedule:
            changed.append(SCHEDULE)
        self._actions.record_event("settings_saved", {"changed": changed})
        self.settings_saved.emit(config)

"""The first page of the parent panel: the session's numbers and one big button per action.

It only shows and asks. The numbers come from the panel's `ParentActions` on each `refresh()`,
and each button only emits a signal; the panel decides what to call. While the child's ask for
more waits, a card at the top says when it came, with "Not today" beside the minutes and clips
that answer it too. The two actions that cannot
be taken back at a tap, ending the session and leaving the kiosk, are asked again on a
`ConfirmPage` first.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.dates import time_of_day
from kiosk.core.durations import countdown_clock, hours_and_minutes
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.limits.settings import CLIP_GRANTS, EXTENSION_MINUTES
from kiosk.ui.language import Text, Words
from kiosk.ui.parent.theme import button, card, label, row, scrolling, titled_page


class HomePage(QWidget):
    """Time left, use today, and the actions. Signals carry what the parent tapped."""

    add_minutes = Signal(int)
    grant_clips = Signal(int)
    not_today = Signal()
    end_session = Signal()
    new_session = Signal()
    open_settings = Signal()
    open_library = Signal()
    open_week = Signal()
    change_pin = Signal()
    leave_kiosk = Signal()
    trust_clock = Signal()
    back_to_kiosk = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, show_library: bool = False, show_week: bool = False
    ) -> None:
        super().__init__(parent)
        self.words = words = Words(self, HomePage._retranslate)
        # What the numbers said last, worded again in a new language.
        self._numbers: tuple[float | None, float] = (None, 0.0)
        self._asked_at: datetime | None = None
        self._clips_left: int | None = None
        self.time_left = label("", "big", wrap=False)
        self.time_left.setObjectName("time_left")
        self.time_left_caption = label("")
        self.used_today = label("")
        self.used_today.setObjectName("used_today")
        # Why nothing is saved (a full disk), above everything else while it lasts.
        self.notice = label("", "error")
        self.notice.setObjectName("notice")
        self.notice.setVisible(False)
        # Shown only when the system's zone is not the household's, or its clock runs ahead.
        self.zone_note = label("")
        self.zone_note.setObjectName("zone_note")
        self.clock_note = label("")
        self.clock_note.setObjectName("clock_note")
        self.trust_button = words.text(button("", name="trust_clock"), N_("Trust the system clock"))
        self.trust_button.clicked.connect(self.trust_clock)
        self.clips_left = label("")
        self.clips_left.setObjectName("clips_left")
        status = card(
            self.notice,
            self.time_left_caption,
            self.time_left,
            self.used_today,
            self.clips_left,
            self.zone_note,
            self.clock_note,
            self.trust_button,
        )
        self.show_zone_note(None)
        self.show_clock_note(None)

        self.asked = label("", "heading")
        self.asked.setObjectName("asked")
        self.not_today_button = words.text(button("", name="not_today"), N_("Not today"))
        self.not_today_button.clicked.connect(self.not_today)
        self.asked_card = card(
            self.asked,
            words.text(label(), N_("Minutes or clips added below answer it too.")),
            self.not_today_button,
        )
        self.asked_card.hide()

        self.add_buttons: dict[int, QWidget] = {}
        for minutes in EXTENSION_MINUTES:
            extra = button("", "primary", name=f"add_{minutes}")
            words.text(extra, _add_text(minutes))
            words.name(extra, _add_name(minutes))
            extra.clicked.connect(lambda _=False, m=minutes: self.add_minutes.emit(m))
            self.add_buttons[minutes] = extra
        self.clip_buttons: dict[int, QWidget] = {}
        for clips in CLIP_GRANTS:
            extra = button("", "primary", name=f"grant_{clips}")
            words.text(extra, _grant_text(clips))
            words.name(extra, _grant_name(clips))
            extra.clicked.connect(lambda _=False, c=clips: self.grant_clips.emit(c))
            self.clip_buttons[clips] = extra
        clip_line = row(*self.clip_buttons.values())
        clip_line.setContentsMargins(0, 0, 0, 0)
        self.clip_row = QWidget()
        self.clip_row.setLayout(clip_line)
        more_time = card(
            words.text(label("", "heading"), N_("More time")),
            row(*self.add_buttons.values()),
            self.clip_row,
        )

        self.end_button = words.text(
            button("", "danger", name="end_session"), N_("End the session now")
        )
        self.new_button = words.text(button("", name="new_session"), N_("Start a new session now"))
        session = card(
            words.text(label("", "heading"), N_("Session")), self.end_button, self.new_button
        )

        # Only when the app can list the library; otherwise the button would lead nowhere.
        self.library_button = words.text(button("", name="open_library"), N_("Library"))
        words.name(self.library_button, N_("Library: hide, show, approve and preview clips"))
        self.library_button.setVisible(show_library)
        self.week_button = words.text(button("", name="open_week"), N_("This week"))
        words.name(
            self.week_button,
            N_("This week: minutes per day, today's sessions, the shows watched and the events"),
        )
        self.week_button.setVisible(show_week)
        self.settings_button = words.text(button("", name="open_settings"), N_("Settings"))
        self.pin_button = words.text(button("", name="change_pin"), N_("Change the PIN"))
        self.leave_button = words.text(
            button("", "danger", name="leave_kiosk"), N_("Leave the kiosk")
        )
        parent_card = card(
            words.text(label("", "heading"), N_("Parent")),
            self.week_button,
            self.library_button,
            row(self.settings_button, self.pin_button),
            self.leave_button,
        )

        for source, signal in (
            (self.end_button, self.end_session),
            (self.new_button, self.new_session),
            (self.week_button, self.open_week),
            (self.library_button, self.open_library),
            (self.settings_button, self.open_settings),
            (self.pin_button, self.change_pin),
            (self.leave_button, self.leave_kiosk),
        ):
            source.clicked.connect(signal)

        self.back_button = words.text(
            button("", "primary", name="back_to_kiosk", wide=False), N_("Back to the kiosk")
        )
        self.back_button.clicked.connect(self.back_to_kiosk)
        parts = (self.asked_card, status, more_time, session, parent_card)
        words.text(titled_page(self, self.back_button, parts), N_("Parent"))

    def _retranslate(self) -> None:
        self.show_numbers(*self._numbers)
        self._show_clips_left(self._clips_left)
        self._show_asked(self._asked_at)

    def show_numbers(self, session_seconds_left: float | None, used_today_seconds: float) -> None:
        self._numbers = (session_seconds_left, used_today_seconds)
        if session_seconds_left is None:
            self.time_left_caption.setText(_("No session is running."))
            self.time_left.setText("\u2013")  # an en dash: "no number", not a minus
        else:
            self.time_left_caption.setText(_("Time left in this session"))
            self.time_left.setText(countdown_clock(session_seconds_left))
        self.used_today.setText(
            _("Used today: {duration}").format(duration=hours_and_minutes(used_today_seconds))
        )

    def show_clips_and_ask(
        self, clips_left: int | None, *, can_grant_clips: bool, asked_at: datetime | None
    ) -> None:
        """The session's clips left (none shown without a clip limit), whether clips may be
        granted, and the child's ask while it waits."""
        self._show_clips_left(clips_left)
        self.clip_row.setVisible(can_grant_clips)
        self._show_asked(asked_at)

    def _show_clips_left(self, clips_left: int | None) -> None:
        self._clips_left = clips_left
        self.clips_left.setVisible(clips_left is not None)
        if clips_left is not None:
            self.clips_left.setText(_("Clips left: {clips}").format(clips=clips_left))

    def _show_asked(self, asked_at: datetime | None) -> None:
        self._asked_at = asked_at
        self.asked_card.setVisible(asked_at is not None)
        if asked_at is not None:
            self.asked.setText(
                _("The child asked for more at {time}.").format(time=time_of_day(asked_at))
            )

    def show_zone_note(self, text: str | None) -> None:
        """The note on the system's time zone, hidden when there is none."""
        self.zone_note.setText(text or "")
        self.zone_note.setVisible(text is not None)

    def show_clock_note(self, text: str | None) -> None:
        """The note on a system clock running ahead, and with it the offer to trust it."""
        self.clock_note.setText(text or "")
        self.clock_note.setVisible(text is not None)
        self.trust_button.setVisible(text is not None)

    def show_notice(self, text: str | None) -> None:
        self.notice.setText(text or "")
        self.notice.setVisible(text is not None)


class ConfirmPage(QWidget):
    """Asks once more before an action that cannot be taken back: `confirmed()` or `cancelled()`."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = label("", "title")
        self.explanation = label("")
        self.yes = button("", "danger", name="confirm_yes")
        self.words = Words(self)
        self.no = self.words.text(button("", name="confirm_no"), N_("Cancel"))
        self.yes.clicked.connect(self.confirmed)
        self.no.clicked.connect(self.cancelled)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 24, 12, 16)
        column.setSpacing(18)
        column.addWidget(self.question)
        column.addWidget(self.explanation)
        column.addWidget(self.yes)
        column.addWidget(self.no)
        column.addStretch(1)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 10, 10, 10)
        page.addWidget(scrolling(content))

    def ask(self, question: str, explanation: str, yes: str) -> None:
        """Show the question; the panel gives "Cancel" the focus when it first asks."""
        self.question.setText(question)
        self.explanation.setText(explanation)
        self.yes.setText(yes)


def _grant_name(clips: int) -> Text:
    """What a screen reader says for the button that grants `clips` more clips."""
    if clips == 1:
        return N_("Grant one more clip")
    return lambda: ngettext("Grant {clips} more clip", "Grant {clips} more clips", clips).format(
        clips=clips
    )


def _add_text(minutes: int) -> Text:
    return lambda: _("+{minutes} min").format(minutes=minutes)


def _add_name(minutes: int) -> Text:
    """What a screen reader says for the button that adds `minutes`."""
    return lambda: ngettext("Add {minutes} minute", "Add {minutes} minutes", minutes).format(
        minutes=minutes
    )


def _grant_text(clips: int) -> Text:
    return lambda: ngettext("+{clips} clip", "+{clips} clips", clips).format(clips=clips)

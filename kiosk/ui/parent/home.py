"""The first page of the parent panel: the session's numbers and one big button per action.

It only shows and asks. The numbers come from the panel's `ParentActions` on each `refresh()`,
and each button only emits a signal; the panel decides what to call. The two actions that cannot
be taken back at a tap, ending the session and leaving the kiosk, are asked again on a
`ConfirmPage` first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.durations import countdown_clock, hours_and_minutes
from kiosk.core.limits.settings import EXTENSION_MINUTES
from kiosk.ui.parent.theme import button, card, label, row, scrolling, titled_page


class HomePage(QWidget):
    """Time left, use today, and the actions. Signals carry what the parent tapped."""

    add_minutes = Signal(int)
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
        self.trust_button = button("Trust the system clock", name="trust_clock")
        self.trust_button.clicked.connect(self.trust_clock)
        status = card(
            self.notice,
            self.time_left_caption,
            self.time_left,
            self.used_today,
            self.zone_note,
            self.clock_note,
            self.trust_button,
        )
        self.show_zone_note(None)
        self.show_clock_note(None)

        self.add_buttons: dict[int, QWidget] = {}
        for minutes in EXTENSION_MINUTES:
            extra = button(f"+{minutes} min", "primary", name=f"add_{minutes}")
            extra.setAccessibleName(f"Add {minutes} minutes")
            extra.clicked.connect(lambda _=False, m=minutes: self.add_minutes.emit(m))
            self.add_buttons[minutes] = extra
        more_time = card(label("More time", "heading"), row(*self.add_buttons.values()))

        self.end_button = button("End the session now", "danger", name="end_session")
        self.new_button = button("Start a new session now", name="new_session")
        session = card(label("Session", "heading"), self.end_button, self.new_button)

        # Only when the app can list the library; otherwise the button would lead nowhere.
        self.library_button = button("Library", name="open_library")
        self.library_button.setAccessibleName("Library: hide, show, approve and preview clips")
        self.library_button.setVisible(show_library)
        self.week_button = button("This week", name="open_week")
        self.week_button.setAccessibleName(
            "This week: minutes per day, today's sessions, the shows watched and the events"
        )
        self.week_button.setVisible(show_week)
        self.settings_button = button("Settings", name="open_settings")
        self.pin_button = button("Change the PIN", name="change_pin")
        self.leave_button = button("Leave the kiosk", "danger", name="leave_kiosk")
        parent_card = card(
            label("Parent", "heading"),
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

        self.back_button = button("Back to the kiosk", "primary", name="back_to_kiosk", wide=False)
        self.back_button.clicked.connect(self.back_to_kiosk)
        titled_page(self, "Parent", self.back_button, (status, more_time, session, parent_card))

    def show_numbers(self, session_seconds_left: float | None, used_today_seconds: float) -> None:
        if session_seconds_left is None:
            self.time_left_caption.setText("No session is running.")
            self.time_left.setText("\u2013")  # an en dash: "no number", not a minus
        else:
            self.time_left_caption.setText("Time left in this session")
            self.time_left.setText(countdown_clock(session_seconds_left))
        self.used_today.setText(f"Used today: {hours_and_minutes(used_today_seconds)}")

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
        self.no = button("Cancel", name="confirm_no")
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
        self.question.setText(question)
        self.explanation.setText(explanation)
        self.yes.setText(yes)
        self.no.setFocus(Qt.FocusReason.OtherFocusReason)

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
from kiosk.ui.parent.theme import button, card, label, row, scrolling


class HomePage(QWidget):
    """Time left, use today, and the actions. Signals carry what the parent tapped."""

    add_minutes = Signal(int)
    end_session = Signal()
    new_session = Signal()
    open_settings = Signal()
    open_library = Signal()
    change_pin = Signal()
    leave_kiosk = Signal()
    back_to_kiosk = Signal()

    def __init__(self, parent: QWidget | None = None, *, show_library: bool = False) -> None:
        super().__init__(parent)
        self.time_left = label("", "big", wrap=False)
        self.time_left.setObjectName("time_left")
        self.time_left_caption = label("")
        self.used_today = label("")
        self.used_today.setObjectName("used_today")
        status = card(self.time_left_caption, self.time_left, self.used_today)

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
        self.settings_button = button("Settings", name="open_settings")
        self.pin_button = button("Change the PIN", name="change_pin")
        self.leave_button = button("Leave the kiosk", "danger", name="leave_kiosk")
        parent_card = card(
            label("Parent", "heading"),
            self.library_button,
            row(self.settings_button, self.pin_button),
            self.leave_button,
        )

        for source, signal in (
            (self.end_button, self.end_session),
            (self.new_button, self.new_session),
            (self.library_button, self.open_library),
            (self.settings_button, self.open_settings),
            (self.pin_button, self.change_pin),
            (self.leave_button, self.leave_kiosk),
        ):
            source.clicked.connect(signal)

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(2, 4, 12, 16)
        column.setSpacing(14)
        for part in (status, more_time, session, parent_card):
            column.addWidget(part)
        column.addStretch(1)

        self.back_button = button("Back to the kiosk", "primary", name="back_to_kiosk", wide=False)
        self.back_button.clicked.connect(self.back_to_kiosk)
        top = row(label("Parent", "title"), self.back_button)
        top.setStretch(0, 1)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 10, 10, 10)
        page.addLayout(top)
        page.addWidget(scrolling(content), 1)

    def show_numbers(self, session_seconds_left: float | None, used_today_seconds: float) -> None:
        if session_seconds_left is None:
            self.time_left_caption.setText("No session is running.")
            self.time_left.setText("\u2013")  # an en dash: "no number", not a minus
        else:
            self.time_left_caption.setText("Time left in this session")
            self.time_left.setText(countdown_clock(session_seconds_left))
        self.used_today.setText(f"Used today: {hours_and_minutes(used_today_seconds)}")


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

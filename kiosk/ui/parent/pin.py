"""Changing the PIN from the parent panel: current PIN, new PIN twice, then the new recovery code.

A weak or mistyped new PIN is refused before the current PIN is checked, so a typo never costs
an attempt against the throttle; a new PIN that reads as a date is warned of first, and kept
when the parent presses the button again. The change itself is one call, `PinGuard.set_pin(new,
current_pin=...)`, which checks the current PIN through the throttle, writes the new one, and
reports `pin_set` or `pin_wrong` to the guard's own event sink; this page records nothing itself.
The call runs on the GUI thread on purpose: the guard's SQLite connection belongs to this thread,
and a check takes only about 0.1 s. The recovery code is shown once and forgotten when the page
is left.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.dates import time_of_day
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.pin.guard import (
    PIN_NOT_SAVED,
    AttemptResult,
    PinGuard,
    PinRefusedError,
    WeakPinError,
)
from kiosk.core.pin.rules import check_pin_policy, pin_reads_as_date
from kiosk.core.store.store import StoreError
from kiosk.ui.language import Words
from kiosk.ui.parent.theme import button, card, label, mark_invalid, row, scrolling, set_message
from kiosk.ui.parent.widgets import PinField, RecoveryCodeView

DATE_PIN = N_(
    "This PIN reads as a date, such as a birthday, which a child may try first: press Change"
    " the PIN again to keep it, or choose other digits."
)


def wait_message(result: AttemptResult, zone: tzinfo) -> str:
    """When the next attempt is accepted, in words, at the time in `zone`; "" if at once."""
    if result.seconds_left <= 0:
        return ""
    if result.seconds_left < 120 or result.retry_at is None:
        seconds = math.ceil(result.seconds_left)
        return ngettext(
            "Too many wrong tries: wait {seconds} second.",
            "Too many wrong tries: wait {seconds} seconds.",
            seconds,
        ).format(seconds=seconds)
    return _("Too many wrong tries: wait until {time}.").format(
        time=time_of_day(result.retry_at.astimezone(zone))
    )


class ChangePinPage(QWidget):
    """The change-PIN form, then the new recovery code. `back()` when the parent is done."""

    back = Signal()

    def __init__(
        self, guard: PinGuard, zone: Callable[[], tzinfo], parent: QWidget | None = None
    ) -> None:
        """`zone` gives the household's zone, which a wait's end is told in."""
        super().__init__(parent)
        self._guard = guard
        self._zone = zone
        self.words = words = Words(self)
        self.current = PinField(words, N_("Current PIN"), "pin_current")
        self.new = PinField(words, N_("New PIN"), "pin_new")
        self.again = PinField(words, N_("New PIN again"), "pin_again")
        self._errors = {field: label("", "error") for field in (self.current, self.new, self.again)}
        self.problem = label("", "error")
        self.warning = label("", "warn")
        self.warning.setObjectName("pin_new_warning")
        # The date-like new PIN the parent was warned of: pressing Change with it again keeps it.
        self._warned: str | None = None
        self.submit = words.text(button("", "primary", name="pin_submit"), N_("Change the PIN"))
        self.submit.clicked.connect(self.change)
        self.again.returnPressed.connect(self.change)

        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(2, 4, 12, 16)
        column.setSpacing(10)
        column.addWidget(
            words.text(
                label(),
                N_("Type the PIN you use now, then the new one twice. 4 to 8 digits, no pattern."),
            )
        )
        for title, field in (
            (N_("Current PIN"), self.current),
            (N_("New PIN"), self.new),
            (N_("New PIN again"), self.again),
        ):
            self._errors[field].setObjectName(f"{field.objectName()}_error")
            heading = words.text(label("", "heading"), title)
            column.addWidget(card(heading, field, self._errors[field]))
        column.addWidget(self.warning)
        column.addWidget(self.problem)
        column.addWidget(self.submit)
        column.addStretch(1)

        self.code_view = RecoveryCodeView()
        self.done_button = words.text(button("", "primary", name="pin_done"), N_("I wrote it down"))
        self.done_button.clicked.connect(self.back)
        done = QWidget()
        done_column = QVBoxLayout(done)
        done_column.setContentsMargins(2, 4, 12, 16)
        done_column.setSpacing(14)
        done_column.addWidget(words.text(label("", "ok"), N_("The PIN is changed.")))
        done_column.addWidget(card(self.code_view))
        done_column.addWidget(self.done_button)
        done_column.addStretch(1)

        self._steps = QStackedWidget()
        self._steps.addWidget(scrolling(form))
        self._steps.addWidget(scrolling(done))

        back_button = words.text(button("", name="pin_back", wide=False), N_("Back"))
        back_button.clicked.connect(self.back)
        top = row(words.text(label("", "title"), N_("Change the PIN")), back_button)
        top.setStretch(0, 1)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 10, 10, 10)
        page.addLayout(top)
        page.addWidget(self._steps, 1)
        self.reset()

    @property
    def showing_code(self) -> bool:
        return self._steps.currentIndex() == 1

    def reset(self) -> None:
        """Back to an empty form; the PINs typed and any recovery code shown are forgotten."""
        for field in self._errors:
            field.clear()
        self._show_errors({})
        set_message(self.problem, None)
        self._warned = None
        self.code_view.clear()
        self._steps.setCurrentIndex(0)

    def change(self) -> None:
        current, new, again = self.current.text(), self.new.text(), self.again.text()
        problems: dict[PinField, str] = {}
        if not current:
            problems[self.current] = _("Type the PIN you use now.")
        policy = check_pin_policy(new)
        if policy is not None:
            problems[self.new] = policy
        elif new != again:
            problems[self.again] = _("The two new PINs are not the same; type the new PIN again.")
        self._show_errors(problems)
        set_message(self.problem, None)
        if problems:
            return
        if pin_reads_as_date(new) and new != self._warned:
            self._warned = new
            set_message(self.warning, _(DATE_PIN))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            code = self._guard.set_pin(new, current_pin=current)
        except WeakPinError as exc:
            self._show_errors({self.new: str(exc)})
            return
        except PinRefusedError as exc:
            self._refused(exc.result)
            return
        except StoreError:  # a full disk, say: the PIN in force stays
            set_message(self.problem, _(PIN_NOT_SAVED))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for field in self._errors:
            field.clear()
        self.code_view.show_code(code.text)
        self._steps.setCurrentIndex(1)
        # The form's fields are gone from the screen: the keyboard goes to what is left to do.
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, result: AttemptResult) -> None:
        self.current.clear()
        if result.problem is not None:  # the stored PIN could not be checked at all
            set_message(self.problem, result.problem)
            return
        if result.outcome == "throttled":
            message = wait_message(result, self._zone()) or _(
                "Too many wrong tries: wait a moment."
            )
        else:
            wait = wait_message(result, self._zone())
            message = " ".join(filter(None, [_("The current PIN is wrong."), wait]))
        self._show_errors({self.current: message})
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_errors(self, problems: dict[PinField, str]) -> None:
        set_message(self.warning, None)
        for field, error in self._errors.items():
            set_message(error, problems.get(field))
            mark_invalid(field, field in problems)

    def error_text(self, field: PinField) -> str:
        error = self._errors[field]
        return "" if error.isHidden() else error.text()

"""The "ask a grown-up" PIN pad: the only way from a locked screen (or the feed) to the parent.

`PinPad` owns the digits being typed and what the parent sees while typing and waiting. Whether a
PIN is right, and how long the next attempt must wait, are not decided here: the pad is handed
`check` (the caller passes `PinGuard.attempt`) and `wait_seconds` (`PinGuard.seconds_to_wait`),
and only shows their answers. Digits are kept in memory only until Enter and are painted as
dots; no widget ever holds them as text. A wrong PIN shakes the dots gently and clears them; a
wait disables the keys and shows a ring draining around the grown-up picture with m:ss under it
(`wait`). A PIN that could not be checked at all (none is set, or the stored one is damaged)
is the guard's sentence for the parent under the keys, and opens nothing. By keyboard, the digits
and Backspace type, Enter checks and Esc goes back; Tab and the arrows move through the keys, and
Space presses the one with the focus. The pictures and the
layout are in `art`.

Assistive technology finds the pad as a group named for the parent's PIN, whose value is how
many digits are typed (never which) or the wait; a wrong PIN, a wait and a PIN that cannot be
checked are announced, since on screen they are only pictures or a line under the keys.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QAccessible,
    QHideEvent,
    QKeyEvent,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.pin.guard import AttemptResult
from kiosk.core.pin.rules import PIN_MAX_DIGITS, PIN_MIN_DIGITS
from kiosk.ui.accessible import announce, ensure_installed, value_changed
from kiosk.ui.language import Text, Words, word
from kiosk.ui.pin_pad.art import (
    BACKGROUND_BOTTOM,
    BACKGROUND_TOP,
    INK,
    KEY_ROWS,
    SECONDARY_TEXT,
    Glyph,
    RoundKey,
    lay_out_pad,
    paint_dots,
    paint_grown_up,
    paint_text,
    paint_wait_ring,
    slot_centres,
)
from kiosk.ui.pin_pad.wait import WaitCountdown
from kiosk.ui.reduced_motion import motion_allowed

CAPTION = N_("Ask a grown-up")
SHAKE_MS = 450
#: Lines under the keys for the sentence that says why no PIN could be checked.
PROBLEM_LINES = 4
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
#: (rows, columns) each arrow moves the focus across the keys.
_ARROWS = {
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
}
WRONG_PIN = N_("That PIN is not right: try again.")


class PinPad(QWidget):
    """Twelve round keys under a picture of a grown-up, filling whatever size it is given."""

    #: The right PIN was entered; the entry is already cleared.
    accepted = Signal()
    #: The parent backed out with the back key or Escape (only when `can_cancel`).
    cancelled = Signal()

    accessible_role = QAccessible.Role.Grouping

    def __init__(
        self,
        check: Callable[[str], AttemptResult],
        wait_seconds: Callable[[], float],
        *,
        hint: str | None = None,
        can_cancel: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ensure_installed()
        self._check = check
        self._hint = hint
        self._caption: Text = CAPTION
        self._problem: str | None = None  # why the last PIN could not be checked
        self._entry = ""
        self._shaken_dots = 0  # the wrong entry's dot count, shown only while it shakes
        self._shake_offset = 0.0
        self._layout = lay_out_pad(self.width(), self.height(), note_lines=self._note_lines())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.words = words = Words(self, PinPad.update)
        words.name(self, N_("The parent's PIN"))
        self.setAccessibleDescription(hint or "")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

        self._keys: dict[str, RoundKey] = {}
        for name in (name for row in KEY_ROWS for name in row):
            if name.isdigit():
                key = RoundKey(Glyph.DIGIT, name, name, self)
                key.clicked.connect(lambda _=False, digit=name: self.type_digit(digit))
            elif name == "backspace":
                key = words.name(
                    RoundKey(Glyph.BACKSPACE, "", "", self), N_("Delete the last digit")
                )
                key.clicked.connect(self.backspace)
            else:
                key = words.name(RoundKey(Glyph.OK, "", "", self), N_("Check the PIN"))
                key.clicked.connect(self.submit)
            self._keys[name] = key
        self._back = words.name(RoundKey(Glyph.BACK, "", "", self), N_("Back"))
        self._back.clicked.connect(self.cancelled)
        self._back.setVisible(can_cancel)

        self._keys_off = False  # the keys are disabled for a wait
        self.countdown = WaitCountdown(wait_seconds, self)
        self.countdown.changed.connect(self._on_wait_changed)
        self._shake = QVariantAnimation(self)
        self._shake.setStartValue(0.0)
        self._shake.setEndValue(1.0)
        self._shake.setDuration(SHAKE_MS)
        self._shake.valueChanged.connect(self._on_shake)
        self._shake.finished.connect(self._end_shake)

    # The app's API.

    def reset(self) -> None:
        """Forget what was typed, e.g. when the pad is shown again."""
        self._entry = ""
        self._show_problem(None)
        self._shake.stop()
        self._end_shake()

    def set_caption(self, caption: Text | None) -> None:
        """The words under the grown-up picture: what the PIN is for, such as "One more clip"
        (marked with `N_`, or a function that words it); None for the usual "Ask a grown-up"."""
        self._caption = caption or CAPTION
        self.update()

    @property
    def caption(self) -> str:
        return word(self._caption)

    def set_hint(self, hint: str | None) -> None:
        """A small line under the keys, for `--demo`'s "PIN 0000"; None shows nothing."""
        self._hint = hint
        self.setAccessibleDescription(hint or "")
        self._lay_out()
        self.update()

    @property
    def can_cancel(self) -> bool:
        return not self._back.isHidden()

    def set_can_cancel(self, can_cancel: bool) -> None:
        """Offer the back key (and Escape): only when the pad was opened from the feed."""
        self._back.setVisible(can_cancel)

    @property
    def problem(self) -> str | None:
        """The sentence shown because the last PIN could not be checked; None otherwise."""
        return self._problem

    @property
    def is_waiting(self) -> bool:
        """The next attempt must wait: the keys are off and the countdown shows."""
        return self.countdown.active

    def refresh_wait(self) -> None:
        """Ask how long the next attempt must wait, and show it (also the timer's tick)."""
        self.countdown.refresh()

    # Input, by key, click or touch.

    def type_digit(self, digit: str) -> None:
        if self.is_waiting or len(self._entry) >= PIN_MAX_DIGITS:
            return
        self._stop_shake()
        self._show_problem(None)  # a new try: the last answer is over
        self._entry += digit
        self._entry_changed()

    def backspace(self) -> None:
        if self.is_waiting:
            return
        self._stop_shake()
        self._entry = self._entry[:-1]
        self._entry_changed()

    def accessible_value(self) -> str:
        """How many digits are typed (never which), or how long the wait is."""
        if self.is_waiting:
            return _("Too many wrong tries: wait {clock}.").format(clock=self.countdown.text)
        count = len(self._entry)
        if count == 0:
            return _("No digits typed")
        return ngettext("{count} digit typed", "{count} digits typed", count).format(count=count)

    def _entry_changed(self) -> None:
        value_changed(self, self.accessible_value())
        self.update()

    def submit(self) -> None:
        """Check what was typed. The check is slow on purpose (~70 ms), so it runs at most once.

        An error from `check` (a state file that cannot be written) is not caught here: as
        nothing was accepted, the kiosk stays locked.
        """
        if self.is_waiting or not self._entry:
            return
        # Cleared before the check, so nothing typed outlives it, even if the check raises.
        pin, self._entry = self._entry, ""
        if len(pin) < PIN_MIN_DIGITS:
            # No PIN is this short, so this is a slip, not a guess: it is refused without an
            # attempt, which a parent would otherwise lose to a stray tap on OK.
            self._start_shake(len(pin))
            announce(self, _(WRONG_PIN))
            return
        result = self._check(pin)
        if result.outcome == "ok":
            self.reset()
            self.accepted.emit()
            return
        if result.problem is not None:
            self._show_problem(result.problem)
            return
        if result.outcome == "wrong":
            self._start_shake(len(pin))
            announce(self, _(WRONG_PIN))
        self.update()
        if result.seconds_left > 0:
            self.countdown.begin(result.seconds_left)
            announce(self, self.accessible_value())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        # The text first, so any layout's digits work; the key code covers the keypad and
        # layouts whose digit keys need Shift.
        if len(text) == 1 and text.isascii() and text.isdigit():
            digit: str | None = text
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = chr(key)
        else:
            digit = None
        if digit is not None:
            # A held key would fill the entry with one digit: one press is one digit.
            if not event.isAutoRepeat():
                self.type_digit(digit)
        elif key == Qt.Key.Key_Backspace:
            self.backspace()
        elif key in _ENTER_KEYS:
            if not event.isAutoRepeat():
                self.submit()
        elif key == Qt.Key.Key_Escape and self.can_cancel:
            self.cancelled.emit()
        elif key in _ARROWS:
            self._move_focus(*_ARROWS[Qt.Key(key)])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _move_focus(self, rows: int, columns: int) -> None:
        """Move the keyboard's focus across the keys as they are laid out; from the pad itself,
        to the first key."""
        places = {name: (r, c) for r, keys in enumerate(KEY_ROWS) for c, name in enumerate(keys)}
        focused = next((n for n, key in self._keys.items() if key.hasFocus()), None)
        if focused is None:
            target = KEY_ROWS[0][0]
        else:
            row, column = places[focused]
            row = min(max(row + rows, 0), len(KEY_ROWS) - 1)
            column = min(max(column + columns, 0), len(KEY_ROWS[row]) - 1)
            target = KEY_ROWS[row][column]
        if self._keys[target].isEnabled():
            self._keys[target].setFocus(Qt.FocusReason.TabFocusReason)

    def _on_wait_changed(self) -> None:
        waiting = self.is_waiting
        if waiting == self._keys_off:
            # Only the seconds moved (once a second, for up to an hour): the ring and the m:ss.
            self.update(self.wait_ring_box().toAlignedRect().adjusted(-2, -2, 2, 2))
            self.update(self.dot_row().toAlignedRect())
            return
        self._keys_off = waiting
        if waiting:
            self._entry = ""
        for key in self._keys.values():
            key.setEnabled(not waiting)
        self.update()

    def _show_problem(self, problem: str | None) -> None:
        if problem != self._problem:
            self._problem = problem
            self.setAccessibleDescription(problem or self._hint or "")
            if problem:
                announce(self, problem)
            self._lay_out()
            self.update()

    # The shake.

    @property
    def is_shaking(self) -> bool:
        return self._shake.state() == QVariantAnimation.State.Running

    def _start_shake(self, dots: int) -> None:
        self._shaken_dots = dots
        self._shake.stop()
        self._shake.start()

    def _stop_shake(self) -> None:
        if self.is_shaking:
            self._shake.stop()
            self._end_shake()

    def _on_shake(self, value: object) -> None:
        progress = float(value)  # type: ignore[arg-type]
        # Three soft swings that die away: "no", not an alarm. With motion reduced the wrong
        # entry's dots keep still for the same moment, and then clear.
        amplitude = self._layout.key_side * 0.16 if motion_allowed() else 0.0
        self._shake_offset = amplitude * math.sin(progress * math.pi * 6) * (1 - progress)
        self.update()

    def _end_shake(self) -> None:
        self._shaken_dots = 0
        self._shake_offset = 0.0
        self.update()

    # For tests and the app: what is on screen.

    @property
    def entry_length(self) -> int:
        return len(self._entry)

    def key(self, name: str) -> RoundKey:
        """A key by name: "0" to "9", "backspace", "ok" or "back"."""
        return self._back if name == "back" else self._keys[name]

    def dot_centres(self) -> list[QPointF]:
        """Where the entry dots are painted (at rest)."""
        return slot_centres(self._layout.dots, self._slot_count(), self._dot_diameter())

    def dot_row(self) -> QRectF:
        """The row of entry dots, where the countdown shows during a wait."""
        return QRectF(self._layout.dots)

    def wait_ring_box(self) -> QRectF:
        """The square the wait ring is painted in, around the grown-up picture."""
        return QRectF(self._layout.ring)

    def _slot_count(self) -> int:
        return max(PIN_MIN_DIGITS, len(self._entry), self._shaken_dots)

    def _dot_diameter(self) -> float:
        return self._layout.key_side * 0.2

    # Qt.

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lay_out()
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        # After a restart in the middle of a wait, the countdown shows at once.
        self.countdown.show()

    def hideEvent(self, event: QHideEvent) -> None:
        self.countdown.hide()
        self._shake.stop()
        self._end_shake()
        super().hideEvent(event)

    def _note_lines(self) -> int:
        return PROBLEM_LINES if self._problem else int(bool(self._hint))

    def _lay_out(self) -> None:
        self._layout = lay_out_pad(self.width(), self.height(), note_lines=self._note_lines())
        for name, key in self._keys.items():
            key.setGeometry(self._layout.keys[name])
        self._back.setGeometry(self._layout.back)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        gradient = QLinearGradient(area.topLeft(), area.bottomLeft())
        gradient.setColorAt(0.0, BACKGROUND_TOP)
        gradient.setColorAt(1.0, BACKGROUND_BOTTOM)
        painter.fillRect(area, gradient)
        layout, side = self._layout, self._layout.key_side
        inset = layout.ring.width() * 0.1
        paint_grown_up(painter, layout.ring.adjusted(inset, inset, -inset, -inset))
        if self.is_waiting:
            paint_wait_ring(painter, layout.ring, self.countdown.fraction_left)
        paint_text(painter, layout.caption, self.caption, side * 0.24, SECONDARY_TEXT, bold=False)
        row = layout.dots.translated(self._shake_offset, 0)
        if self.is_waiting:
            paint_text(painter, row, self.countdown.text, side * 0.36, INK, bold=True)
        else:
            filled = max(len(self._entry), self._shaken_dots)
            paint_dots(painter, row, filled, self._slot_count(), self._dot_diameter())
        if self._problem:
            paint_text(painter, layout.note, self._problem, side * 0.22, INK, bold=False)
        elif self._hint:
            paint_text(painter, layout.note, self._hint, side * 0.22, SECONDARY_TEXT, bold=False)
        painter.end()

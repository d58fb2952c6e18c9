"""The fields of the parent's screens: PIN, number, choice and folder fields, and the recovery code.

Nothing here knows a rule. A field hands back what was typed, even nonsense, and the screens ask
the core whether it is valid, so a refusal always comes with the core's own reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _
from kiosk.ui.language import Text, Words
from kiosk.ui.parent.colours import FIELD, FIELD_BORDER, FOCUS, PRIMARY, TEXT
from kiosk.ui.parent.keys import ButtonKeys
from kiosk.ui.parent.theme import button, dialog_style, label, scaled

FolderChooser = Callable[[QWidget, Path], Path | None]
"""Asks the parent for a folder, starting at the given one; None if they cancel."""


class PinField(QLineEdit):
    """A masked field for 4 to 8 digits. It takes what is typed: the core judges it."""

    def __init__(self, words: Words[Any], placeholder: Text, name: str = "") -> None:
        """`placeholder` (also its name for a screen reader) is worded by its screen's `words`."""
        super().__init__()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData
        )
        self.setMaxLength(16)  # longer than any PIN, so "too long" gets its sentence
        words.placeholder(self, placeholder)
        words.name(self, placeholder)
        if name:
            self.setObjectName(name)


class ChoiceBox(QComboBox):
    """A combo box that draws its own light arrow: a styled drop-down loses Qt's one."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(TEXT, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        x, y = self.width() - 26, self.height() / 2
        painter.drawPolyline([QPointF(x - 7, y - 4), QPointF(x, y + 3), QPointF(x + 7, y - 4)])
        painter.end()


class SwitchBox(ButtonKeys, QCheckBox):
    """An on/off switch a finger can hit: a 56 px track with a knob, and the word beside it.
    The track grows with the system's font, as the word does. Space flips it, as any check box,
    and so does Enter (`keys.ButtonKeys`)."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self._track_w, self._track_h, self._gap = scaled(56), scaled(32), scaled(14)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = self._track_w + self._gap + metrics.horizontalAdvance(self.text())
        return QSize(width, max(scaled(52), metrics.height() + 12))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = (self.height() - self._track_h) / 2
        track = QRectF(1, top, self._track_w - 2, self._track_h)
        painter.setPen(QPen(PRIMARY if self.isChecked() else FIELD_BORDER, 2))
        painter.setBrush(PRIMARY if self.isChecked() else FIELD)
        painter.drawRoundedRect(track, self._track_h / 2, self._track_h / 2)
        knob = self._track_h - 8
        left = track.right() - knob - 4 if self.isChecked() else track.left() + 4
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TEXT)
        painter.drawEllipse(QRectF(left, top + 4, knob, knob))
        if self.hasFocus():
            painter.setPen(QPen(FOCUS, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            radius = self._track_h / 2 + 3
            painter.drawRoundedRect(track.adjusted(-3, -3, 3, 3), radius, radius)
        painter.setPen(TEXT)
        text_rect = self.rect().adjusted(self._track_w + self._gap, 0, 0, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, self.text())
        painter.end()


class NumberField(QWidget):
    """A whole number with big minus and plus buttons for a finger, and free typing for a keyboard.

    Typing is not limited to the valid range, so that a refused value gets its reason from the
    core instead of silently snapping back. The buttons step within `minimum`..`maximum`.
    """

    edited = Signal()

    def __init__(
        self, minimum: int, maximum: int, step: int = 1, *, zero_is_off: bool = False
    ) -> None:
        super().__init__()
        self._minimum, self._maximum, self._step = minimum, maximum, step
        # 0 (off) lies below `minimum`: one step down from the minimum reaches it, one up leaves it.
        self._zero_is_off = zero_is_off
        self.line = QLineEdit()
        self.line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.line.setMaximumWidth(scaled(160))
        self.line.textEdited.connect(self.edited)
        self.minus = button("\u2212", "step")  # a true minus sign: as wide as the plus
        self.plus = button("+", "step")
        self.describe(_("Number"))
        self.minus.clicked.connect(lambda: self._step_by(-self._step))
        self.plus.clicked.connect(lambda: self._step_by(self._step))
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.minus)
        line.addWidget(self.line)
        line.addWidget(self.plus)
        line.addStretch(1)

    def describe(self, name: str) -> None:
        """Name the field and its buttons for assistive technology after what the number is
        (in the language now: a screen that follows the language calls this again)."""
        self.line.setAccessibleName(name)
        self.minus.setAccessibleName(_("Decrease {name}").format(name=name))
        self.plus.setAccessibleName(_("Increase {name}").format(name=name))

    def value(self) -> int | str:
        """The number typed, or the text itself when it is not a whole number."""
        return whole_number(self.line.text())

    def set_value(self, value: object) -> None:
        self.line.setText(str(value))

    def _step_by(self, delta: int) -> None:
        current = self.value()
        base = current if isinstance(current, int) else self._minimum - delta
        stepped = min(self._maximum, max(self._minimum, base + delta))
        if self._zero_is_off and delta < 0 and base <= self._minimum:
            stepped = 0
        self.set_value(stepped)
        self.edited.emit()


def whole_number(text: str) -> int | str:
    """The whole number typed, or the text itself when it is not one (the core says why)."""
    try:
        return int(text.strip())
    except ValueError:
        return text.strip()


def choose_folder_dialog(parent: QWidget, start: Path) -> Path | None:
    """Qt's own folder dialog, read-only (no renaming or deleting from the kiosk), sized for touch.

    A child of `parent`, so it stays above the fullscreen kiosk and a screen that closes can
    close it too (see `close_dialogs`).
    """
    dialog = QFileDialog(parent, _("Choose the clip folder"), str(start))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOptions(
        QFileDialog.Option.ShowDirsOnly
        | QFileDialog.Option.DontUseNativeDialog
        | QFileDialog.Option.ReadOnly
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setStyleSheet(dialog_style())
    dialog.resize(min(900, max(380, parent.width() - 24)), min(760, max(520, parent.height() - 24)))
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])
    finally:
        dialog.deleteLater()


def close_dialogs(screen: QWidget) -> None:
    """Cancel any dialog still open over `screen`, such as a folder picker left open."""
    for dialog in screen.findChildren(QFileDialog):
        dialog.reject()


class FolderField(QWidget):
    """A folder path to type or paste, with a "Choose…" button that opens a folder picker."""

    edited = Signal()
    chosen = Signal()  # after `edited`, when the folder came from the picker

    def __init__(self, choose: FolderChooser | None = None) -> None:
        super().__init__()
        self._choose = choose or choose_folder_dialog
        self.words = words = Words(self)
        self.line = QLineEdit()
        self.line.textEdited.connect(self.edited)
        self.choose_button = words.text(button(""), N_("Choose…"))
        words.name(self.choose_button, N_("Choose a folder with the folder picker"))
        self.choose_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.line.setAccessibleName(_("Folder"))
        self.choose_button.clicked.connect(self._pick)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.line)
        column.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)

    def text(self) -> str:
        return self.line.text().strip()

    def describe(self, name: str) -> None:
        """Name the path's field for assistive technology after what the folder is for."""
        self.line.setAccessibleName(name)

    def set_text(self, text: str) -> None:
        self.line.setText(text)
        self.line.setCursorPosition(0)

    def _pick(self) -> None:
        start = Path(self.text()).expanduser() if self.text() else Path.home()
        chosen = self._choose(self, start if start.is_dir() else Path.home())
        if chosen is not None:
            self.set_text(str(chosen))
            self.edited.emit()
            self.chosen.emit()


class RecoveryCodeView(QWidget):
    """Shows a new recovery code once, with plain words on why to write it down."""

    def __init__(self) -> None:
        super().__init__()
        self.code = label("", "code")  # wraps at a dash where the line is short
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setObjectName("recovery_code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words = words = Words(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(words.text(label("", "heading"), N_("Write this recovery code down")))
        column.addWidget(
            words.text(
                label(),
                N_(
                    "If you ever forget the PIN, this code lets you set a new one. It is shown"
                    " only now, and it replaces any code you had before. Keep the paper away from"
                    " the children."
                ),
            )
        )
        column.addWidget(self.code)
        column.addWidget(
            words.text(
                label("", "muted"), N_("Capitals and dashes do not matter when you type it.")
            )
        )

    def show_code(self, text: str) -> None:
        self.code.setText(text)

    def clear(self) -> None:
        self.code.clear()

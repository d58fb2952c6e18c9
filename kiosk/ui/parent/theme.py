"""The look of the parent's screens, and the small factories that give every part of it that look.

The parent panel and the first-run setup are used on touch screens as often as with a mouse, so
everything is large: buttons at least 56 px high, fields 52 px, text 18 px. The style sheet sizes
and colours the screen's own widgets, picked out by a `role` property ("primary", "danger",
"card", ...). A dialog opened from a parent screen (the folder picker) inherits it, plus a dark
palette and `DIALOG_STYLE` for the backgrounds Qt's dialogs do not draw by themselves, so it
stays readable too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

BACKGROUND = QColor(16, 22, 52)
CARD = QColor(30, 39, 86)
TEXT = QColor(240, 242, 255)
MUTED = QColor(172, 180, 216)
PRIMARY = QColor(72, 149, 239)
FIELD = QColor(12, 18, 48)
FIELD_BORDER = QColor(61, 74, 138)
FOCUS = QColor(143, 186, 245)

#: The widest a column of controls grows on a big landscape screen, so lines stay readable.
CONTENT_MAX_WIDTH = 760

# Colours and sizes are in the style sheet, not only the palette: once a style sheet is set,
# Qt no longer passes a parent's font and palette on to the children it styles.
_STYLE = """
QWidget { color: #f0f2ff; font-size: 18px; }
QPushButton {
    min-height: 56px; padding: 6px 12px; border: none; border-radius: 14px;
    background: #2d3874; color: #f0f2ff; font-weight: 600;
}
QPushButton:pressed { background: #3d4a94; }
QPushButton:disabled { color: #7a80a8; background: #252d5c; }
QPushButton:focus { outline: none; border: 2px solid #8fbaf5; }
QPushButton[role="primary"] { background: #4895ef; color: #0b1230; }
QPushButton[role="primary"]:pressed { background: #6aaaf3; }
QPushButton[role="danger"] { background: #b8404c; color: #fff4f4; }
QPushButton[role="danger"]:pressed { background: #cf5561; }
QPushButton[role="step"] { min-width: 56px; max-width: 56px; padding: 0; font-size: 26px; }
QLineEdit, QComboBox {
    min-height: 52px; padding: 0 12px; border-radius: 10px;
    border: 2px solid #3d4a8a; background: #0c1230; color: #f0f2ff;
}
QLineEdit:focus, QComboBox:focus { border-color: #8fbaf5; }
QLineEdit[invalid="true"] { border-color: #ff8a8a; }
QComboBox::drop-down { border: none; width: 44px; background: transparent; }
QComboBox::down-arrow { image: none; width: 0; height: 0; border: none; }
QComboBox QAbstractItemView { min-height: 48px; background: #0c1230; color: #f0f2ff; }
QFrame[role="card"] { background: #1e2756; border-radius: 18px; }
QLabel[role="title"] { font-size: 28px; font-weight: 700; }
QLabel[role="heading"] { font-size: 21px; font-weight: 700; color: #d9e4ff; }
QLabel[role="big"] { font-size: 56px; font-weight: 700; color: #ffffff; }
QLabel[role="muted"] { color: #acb4d8; font-size: 15px; }
QLabel[role="error"] { color: #ff9b9b; font-weight: 600; }
QLabel[role="ok"] { color: #8fe0b0; font-weight: 600; }
QLabel[role="warn"] { color: #ffd27a; font-weight: 600; }
QLabel[role="code"] {
    font-family: monospace; font-size: 28px; font-weight: 700; letter-spacing: 2px;
    background: #0c1230; border: 2px dashed #8fbaf5; border-radius: 12px; padding: 12px 6px;
}
QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; border: none; }
QScrollBar:vertical { background: transparent; width: 8px; margin: 2px; }
QScrollBar::handle:vertical { background: #46539a; border-radius: 3px; min-height: 48px; }
QScrollBar:horizontal { background: transparent; height: 8px; margin: 2px; }
QScrollBar::handle:horizontal { background: #46539a; border-radius: 3px; min-width: 48px; }
QScrollBar::add-line, QScrollBar::sub-line { height: 0; width: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: transparent; }
"""


# A dialog inherits the screen's style sheet, whose light text needs dark backgrounds that Qt's
# file dialog does not draw by itself; this completes the look for it.
DIALOG_STYLE = """
QDialog { background: #10163a; }
QAbstractItemView {
    background: #0c1230; alternate-background-color: #141b44; border: 1px solid #3d4a8a;
    selection-background-color: #4895ef; selection-color: #0b1230;
}
QAbstractItemView::item { min-height: 44px; }
QHeaderView::section { background: #1e2756; padding: 6px; border: none; }
QToolButton { min-width: 44px; min-height: 44px; border-radius: 10px; background: #2d3874; }
QToolButton:checked { background: #4895ef; }
"""


def apply_parent_theme(widget: QWidget) -> None:
    """Give a parent screen its dark, large, touch-friendly look; children and dialogs inherit."""
    palette = widget.palette()
    for role, colour in (
        (QPalette.ColorRole.Window, BACKGROUND),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, FIELD),
        (QPalette.ColorRole.AlternateBase, CARD),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.Button, CARD),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Highlight, PRIMARY),
        (QPalette.ColorRole.HighlightedText, QColor(11, 18, 48)),
        (QPalette.ColorRole.PlaceholderText, MUTED),
        (QPalette.ColorRole.ToolTipBase, CARD),
        (QPalette.ColorRole.ToolTipText, TEXT),
    ):
        palette.setColor(role, colour)
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
    font = QFont(widget.font())
    font.setPixelSize(18)
    widget.setFont(font)
    widget.setStyleSheet(_STYLE)


def button(text: str, role: str = "", *, name: str = "") -> QPushButton:
    """A big push button; `role` is "", "primary" or "danger"; `name` is its object name."""
    widget = QPushButton(text)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def label(text: str = "", role: str = "", *, wrap: bool = True) -> QLabel:
    """A label; `role` is "", "title", "heading", "big", "muted", "error", "warn", "ok", "code"."""
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def card(*children: QWidget | QBoxLayout) -> QFrame:
    """A rounded panel holding `children` in a column."""
    frame = QFrame()
    frame.setProperty("role", "card")
    column = QVBoxLayout(frame)
    column.setContentsMargins(14, 14, 14, 16)
    column.setSpacing(10)
    for child in children:
        if isinstance(child, QWidget):
            column.addWidget(child)
        else:
            column.addLayout(child)
    return frame


def row(*children: QWidget, spacing: int = 10) -> QHBoxLayout:
    line = QHBoxLayout()
    line.setSpacing(spacing)
    for child in children:
        line.addWidget(child)
    return line


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a vertical scroll area that a finger can drag."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    area.viewport().setAutoFillBackground(False)
    # Touch only: a mouse drag must still select text in a field.
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


def content_column(widget: QWidget, *parts: QWidget) -> None:
    """Lay `parts` out in `widget` as a parent screen's column: spaced, from the top."""
    column = QVBoxLayout(widget)
    column.setContentsMargins(2, 4, 12, 16)
    column.setSpacing(14)
    for part in parts:
        column.addWidget(part)
    column.addStretch(1)


def titled_page(page: QWidget, title: str, action: QPushButton, parts: Sequence[QWidget]) -> None:
    """Lay `page` out as a parent page: `title` and `action` (the way back) stay at the top, and
    `parts` run in a column that scrolls under them."""
    content = QWidget()
    content_column(content, *parts)
    top = row(label(title, "title"), action)
    top.setStretch(0, 1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(10, 10, 10, 10)
    layout.addLayout(top)
    layout.addWidget(scrolling(content), 1)


def centred(column: QWidget) -> QHBoxLayout:
    """A layout holding `column` in the middle, no wider than `CONTENT_MAX_WIDTH`."""
    column.setMaximumWidth(CONTENT_MAX_WIDTH)
    line = QHBoxLayout()
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(column)
    return line


def set_message(target: QLabel, text: str | None) -> None:
    """Show `text` in an error or status label, or hide the label when there is nothing to say."""
    target.setText(text or "")
    target.setVisible(bool(text))


def mark_invalid(field: QWidget, invalid: bool) -> None:
    """Draw `field` with a red border while what it holds is refused."""
    if field.property("invalid") == invalid:
        return
    field.setProperty("invalid", invalid)
    field.style().unpolish(field)
    field.style().polish(field)

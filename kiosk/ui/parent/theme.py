"""The look of the parent's screens, and the small factories that give every part of it that look.

The parent panel and the first-run setup are used on touch screens as often as with a mouse, so
everything is large: buttons at least 56 px high, fields 52 px, text 18 px. Those are sizes at the
system's usual font; text follows the system font (`text_scale`), and every size in the style
sheet grows with it, so a parent who set large text gets large text here too. The style sheet
sizes and colours the screen's own widgets, picked out by a `role` property ("primary",
"danger", "card", ...). A dialog opened from a parent screen (the folder picker) inherits it,
plus a dark palette and `dialog_style()` for the backgrounds Qt's dialogs do not draw by
themselves, so it stays readable too. The colours, and which sits on which, are in `colours`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QPalette
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

from kiosk.ui.parent import colours as c
from kiosk.ui.parent.keys import ButtonKeys

#: The widest a column of controls grows on a big landscape screen at the usual text size, so
#: lines stay readable.
CONTENT_MAX_WIDTH = 760
#: The body text, in px, at the system's usual font size (`USUAL_SYSTEM_FONT_PX`).
BODY_PX = 18
#: Qt's default font, 9 pt at 96 dpi, the smallest system font of the desktops the kiosk meets.
USUAL_SYSTEM_FONT_PX = 12


def text_scale() -> float:
    """How much larger than usual the system's font is (1.0 at most desktops' default).

    Never below 1: the sizes here are already the least a finger and a tired eye need.
    """
    app = QGuiApplication.instance()
    if app is None:
        return 1.0
    system_px = QFontInfo(QGuiApplication.font()).pixelSize()
    return max(1.0, system_px / USUAL_SYSTEM_FONT_PX)


def scaled(px: float) -> int:
    """`px` at the usual text size, grown with the system's font."""
    return round(px * text_scale())


# Colours and sizes are in the style sheet, not only the palette: once a style sheet is set,
# Qt no longer passes a parent's font and palette on to the children it styles.
_STYLE = """
QWidget {{ color: {TEXT}; font-size: {px18}px; }}
QPushButton {{
    min-height: {px56}px; padding: {px6}px {px12}px; border: none; border-radius: {px14}px;
    background: {BUTTON}; color: {TEXT}; font-weight: 600;
}}
QPushButton:pressed {{ background: {BUTTON_DOWN}; }}
QPushButton:disabled {{ color: {TEXT_OFF}; background: {BUTTON_OFF}; }}
QPushButton:focus {{ outline: none; border: {px2}px solid {FOCUS}; }}
QPushButton[role="primary"] {{ background: {PRIMARY}; color: {ON_PRIMARY}; }}
QPushButton[role="primary"]:pressed {{ background: {PRIMARY_DOWN}; }}
QPushButton[role="danger"] {{ background: {DANGER}; color: {ON_DANGER}; }}
QPushButton[role="danger"]:pressed {{ background: {DANGER_DOWN}; }}
QPushButton[role="step"] {{
    min-width: {px56}px; max-width: {px56}px; padding: 0; font-size: {px26}px;
}}
QPushButton[compact="true"] {{ min-height: {px44}px; padding: 0 {px4}px; font-size: {px15}px; }}
QLineEdit, QComboBox {{
    min-height: {px52}px; padding: 0 {px12}px; border-radius: {px10}px;
    border: {px2}px solid {FIELD_BORDER}; background: {FIELD}; color: {TEXT};
}}
QLineEdit:focus, QComboBox:focus {{ border-color: {FOCUS}; }}
QLineEdit[invalid="true"] {{ border-color: {INVALID}; }}
QComboBox::drop-down {{ border: none; width: {px44}px; background: transparent; }}
QComboBox::down-arrow {{ image: none; width: 0; height: 0; border: none; }}
QComboBox QAbstractItemView {{ min-height: {px48}px; background: {FIELD}; color: {TEXT}; }}
QFrame[role="card"] {{ background: {CARD}; border-radius: {px18}px; }}
QLabel[role="title"] {{ font-size: {px28}px; font-weight: 700; }}
QLabel[role="heading"] {{ font-size: {px21}px; font-weight: 700; color: {HEADING}; }}
QLabel[role="big"] {{ font-size: {px56}px; font-weight: 700; color: {BIG}; }}
QLabel[role="muted"] {{ color: {MUTED}; font-size: {px15}px; }}
QLabel[role="error"] {{ color: {ERROR}; font-weight: 600; }}
QLabel[role="ok"] {{ color: {OK}; font-weight: 600; }}
QLabel[role="warn"] {{ color: {WARN}; font-weight: 600; }}
QLabel[role="code"] {{
    font-family: monospace; font-size: {px28}px; font-weight: 700; letter-spacing: 2px;
    background: {FIELD}; border: {px2}px dashed {FOCUS}; border-radius: {px12}px;
    padding: {px12}px {px6}px;
}}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QScrollBar:vertical {{ background: transparent; width: {px8}px; margin: 2px; }}
QScrollBar::handle:vertical {{
    background: {SCROLL_HANDLE}; border-radius: 3px; min-height: {px48}px;
}}
QScrollBar:horizontal {{ background: transparent; height: {px8}px; margin: 2px; }}
QScrollBar::handle:horizontal {{
    background: {SCROLL_HANDLE}; border-radius: 3px; min-width: {px48}px;
}}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; width: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
"""


# A dialog inherits the screen's style sheet, whose light text needs dark backgrounds that Qt's
# file dialog does not draw by itself; this completes the look for it.
_DIALOG_STYLE = """
QDialog {{ background: {DIALOG_BACKGROUND}; }}
QAbstractItemView {{
    background: {FIELD}; alternate-background-color: {DIALOG_ALTERNATE};
    border: 1px solid {FIELD_BORDER};
    selection-background-color: {PRIMARY}; selection-color: {ON_PRIMARY};
}}
QAbstractItemView::item {{ min-height: {px44}px; }}
QHeaderView::section {{ background: {CARD}; padding: {px6}px; border: none; }}
QToolButton {{
    min-width: {px44}px; min-height: {px44}px; border-radius: {px10}px; background: {BUTTON};
}}
QToolButton:checked {{ background: {PRIMARY}; }}
"""

_PX = (2, 3, 4, 6, 8, 10, 12, 14, 15, 18, 21, 26, 28, 44, 48, 52, 56)


def _fill(template: str) -> str:
    """`template` with every colour of `colours` by name, and every size as `pxN` grown with
    the system's font."""
    names = {name: value.name() for name, value in vars(c).items() if isinstance(value, QColor)}
    sizes = {f"px{px}": scaled(px) for px in _PX}
    return template.format(**names, **sizes)


def style_sheet() -> str:
    """The parent screens' style sheet at the system's font size now."""
    return _fill(_STYLE)


def dialog_style() -> str:
    """What a dialog over a parent screen adds to the style sheet it inherits."""
    return _fill(_DIALOG_STYLE)


def apply_parent_theme(widget: QWidget) -> None:
    """Give a parent screen its dark, large, touch-friendly look; children and dialogs inherit."""
    palette = widget.palette()
    for role, colour in (
        (QPalette.ColorRole.Window, c.BACKGROUND),
        (QPalette.ColorRole.WindowText, c.TEXT),
        (QPalette.ColorRole.Base, c.FIELD),
        (QPalette.ColorRole.AlternateBase, c.CARD),
        (QPalette.ColorRole.Text, c.TEXT),
        (QPalette.ColorRole.Button, c.CARD),
        (QPalette.ColorRole.ButtonText, c.TEXT),
        (QPalette.ColorRole.Highlight, c.PRIMARY),
        (QPalette.ColorRole.HighlightedText, c.ON_PRIMARY),
        (QPalette.ColorRole.PlaceholderText, c.MUTED),
        (QPalette.ColorRole.ToolTipBase, c.CARD),
        (QPalette.ColorRole.ToolTipText, c.TEXT),
    ):
        palette.setColor(role, colour)
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)
    font = QFont(widget.font())
    font.setPixelSize(scaled(BODY_PX))
    widget.setFont(font)
    widget.setStyleSheet(style_sheet())


class ParentButton(ButtonKeys, QPushButton):
    """A push button of the parent's screens, with the keys of `keys.ButtonKeys`."""


def button(text: str, role: str = "", *, name: str = "", wide: bool = True) -> QPushButton:
    """A big push button; `role` is "", "primary" or "danger"; `name` is its object name. A
    `wide` one takes the width its row gives it, any other is as wide as its words."""
    widget = ParentButton(text)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    across = QSizePolicy.Policy.Expanding if wide else QSizePolicy.Policy.Fixed
    widget.setSizePolicy(across, QSizePolicy.Policy.Fixed)
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
    # The controls inside take the keyboard; the area scrolls to whichever has the focus.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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


def titled_page(page: QWidget, action: QPushButton, parts: Sequence[QWidget]) -> QLabel:
    """Lay `page` out as a parent page: a title and `action` (the way back) stay at the top, and
    `parts` run in a column that scrolls under them. Returns the title, for the page to word."""
    content = QWidget()
    content_column(content, *parts)
    title = label("", "title")
    top = row(title, action)
    top.setStretch(0, 1)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(10, 10, 10, 10)
    layout.addLayout(top)
    layout.addWidget(scrolling(content), 1)
    return title


def centred(column: QWidget) -> QHBoxLayout:
    """A layout holding `column` in the middle, no wider than `CONTENT_MAX_WIDTH` (grown with
    the text)."""
    column.setMaximumWidth(scaled(CONTENT_MAX_WIDTH))
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

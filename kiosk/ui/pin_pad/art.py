"""The PIN pad's pictures: the round keys, the grown-up glyph, the entry dots and the wait ring.

Kept apart from `pin_pad`, which owns the entry and the wait, so that file stays about behaviour.
Everything here speaks without words to a child who may not read: a picture of a grown-up with
a child says "fetch a grown-up", dots say how many digits were typed (never which), and a ring
that drains around the picture says "wait". Colours are calm and nothing flashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

BACKGROUND_TOP, BACKGROUND_BOTTOM = QColor(32, 44, 88), QColor(64, 50, 112)
KEY_FILL = QColor(255, 255, 255, 34)
KEY_DOWN = QColor(255, 255, 255, 96)
KEY_EDGE = QColor(255, 255, 255, 64)
INK = QColor(255, 255, 255, 235)
OK_FILL = QColor(120, 220, 160, 190)  # the time ring's calm green
OK_DOWN = QColor(150, 235, 185, 235)
OK_INK = QColor(22, 60, 44)
DISABLED_OPACITY = 0.3
GROWN_UP = QColor(255, 236, 170)  # the warm yellow of the sleeping moon
CHILD = QColor(150, 206, 255)
GLYPH_DISC = QColor(255, 255, 255, 30)
DOT = QColor(255, 255, 255, 240)
EMPTY_SLOT = QColor(255, 255, 255, 90)
RING_TRACK = QColor(255, 255, 255, 40)
RING_FILL = QColor(255, 214, 120, 220)
SECONDARY_TEXT = QColor(255, 255, 255, 165)
FOCUS_RING = QColor(143, 186, 245)  # the parent screens' focus colour

MIN_KEY_SIDE = 64.0  # the smallest key a child's or a hurried parent's finger hits reliably
KEY_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("backspace", "0", "ok"))


@dataclass(frozen=True)
class PadLayout:
    """Where everything on the pad goes, top to bottom, for one widget size."""

    key_side: float
    ring: QRectF  # the grown-up picture, and the wait ring around it
    caption: QRectF
    dots: QRectF  # the entry dots, or the countdown text during a wait
    note: QRectF  # under the keys: the demo's hint, or why no PIN can be checked
    keys: dict[str, QRect]
    back: QRect


def lay_out_pad(width: float, height: float, *, note_lines: int) -> PadLayout:
    """Keys scale with the screen (never under 64 px); the whole stack is centred, with room
    for `note_lines` lines of text under the keys."""
    side = max(MIN_KEY_SIDE, min(width, height) * 0.11)
    # Tighter gaps and a smaller picture where the screen is short, so all keys stay on it.
    for gap_ratio, ring_ratio in ((0.32, 1.5), (0.22, 1.25), (0.12, 1.0)):
        gap, ring = side * gap_ratio, side * ring_ratio
        small, caption, dots = side * gap_ratio * 0.55, side * 0.34, side * 0.45
        note = side * 0.34 * note_lines
        grid_height = 4 * side + 3 * gap
        total = ring + 2 * small + caption + dots + gap + grid_height + small + note
        if total <= height - 2 * small:
            break
    y = max(small, (height - total) / 2)
    centre_x = width / 2
    ring_box = QRectF(centre_x - ring / 2, y, ring, ring)
    y += ring + small
    caption_box = QRectF(0, y, width, caption)
    y += caption + small
    dots_box = QRectF(0, y, width, dots)
    y += dots + gap
    grid_left = centre_x - (3 * side + 2 * gap) / 2
    keys = {
        name: QRect(
            round(grid_left + column * (side + gap)),
            round(y + row_index * (side + gap)),
            round(side),
            round(side),
        )
        for row_index, row in enumerate(KEY_ROWS)
        for column, name in enumerate(row)
    }
    margin = side * 0.25
    note_box = QRectF(margin, y + grid_height + small, width - 2 * margin, note)
    back_side, margin = round(max(48.0, side * 0.62)), round(side * 0.25)
    back = QRect(margin, margin, back_side, back_side)
    return PadLayout(side, ring_box, caption_box, dots_box, note_box, keys, back)


class Glyph(Enum):
    """What a key shows instead of (or besides) its text."""

    DIGIT = "digit"
    BACKSPACE = "backspace"
    OK = "ok"
    BACK = "back"


class RoundKey(QAbstractButton):
    """One round key. A click or a touch gives it no focus, so typed digits always reach the pad;
    Tab does, for a parent who moves through the keys (a ring shows which), and Space presses
    the key that has it. The arrows and everything else go on to the pad.

    Touch works through the mouse events Qt makes up from an unhandled touch, so a key needs no
    touch code of its own. The whole square answers a press, not only the painted disc: a finger
    that lands on a corner of the key still meant it (QAbstractButton's own hit test).
    """

    def __init__(self, glyph: Glyph, text: str, accessible_name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.glyph = glyph
        self.setText(text)
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            event.ignore()  # the pad moves the focus across its grid
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.isEnabled():
            painter.setOpacity(DISABLED_OPACITY)
        side = float(min(self.width(), self.height()))
        disc = QRectF(0, 0, side - 2, side - 2)
        disc.moveCenter(QRectF(self.rect()).center())
        down = self.isDown()
        if self.glyph is Glyph.OK:
            fill = OK_DOWN if down else OK_FILL
        else:
            fill = KEY_DOWN if down else KEY_FILL
        painter.setPen(QPen(KEY_EDGE, 1.5) if self.glyph is not Glyph.OK else Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawEllipse(disc)
        if self.hasFocus():
            ring = max(2.0, side * 0.05)
            painter.setPen(QPen(FOCUS_RING, ring))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(disc.adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2))
        if self.glyph is Glyph.DIGIT:
            font = QFont(self.font())
            font.setPixelSize(max(12, round(side * 0.4)))
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(INK)
            painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, self.text())
        else:
            _paint_key_glyph(painter, self.glyph, disc)


def _paint_key_glyph(painter: QPainter, glyph: Glyph, disc: QRectF) -> None:
    centre, size = disc.center(), disc.width()
    width = max(2.0, size * 0.055)
    ink = OK_INK if glyph is Glyph.OK else INK
    painter.setPen(
        QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    x, y, s = centre.x(), centre.y(), size
    if glyph is Glyph.OK:
        check = QPainterPath(QPointF(x - s * 0.17, y + s * 0.01))
        check.lineTo(x - s * 0.05, y + s * 0.13)
        check.lineTo(x + s * 0.18, y - s * 0.12)
        painter.drawPath(check)
    elif glyph is Glyph.BACKSPACE:
        # A tag pointing left with a small cross: the usual "delete one" sign.
        tag = QPainterPath(QPointF(x - s * 0.22, y))
        tag.lineTo(x - s * 0.1, y - s * 0.13)
        tag.lineTo(x + s * 0.2, y - s * 0.13)
        tag.lineTo(x + s * 0.2, y + s * 0.13)
        tag.lineTo(x - s * 0.1, y + s * 0.13)
        tag.closeSubpath()
        painter.drawPath(tag)
        cross = s * 0.055
        cx = x + s * 0.05
        painter.drawLine(QPointF(cx - cross, y - cross), QPointF(cx + cross, y + cross))
        painter.drawLine(QPointF(cx - cross, y + cross), QPointF(cx + cross, y - cross))
    elif glyph is Glyph.BACK:
        arrow = QPainterPath(QPointF(x + s * 0.02, y - s * 0.16))
        arrow.lineTo(x - s * 0.14, y)
        arrow.lineTo(x + s * 0.02, y + s * 0.16)
        painter.drawPath(arrow)
        painter.drawLine(QPointF(x - s * 0.13, y), QPointF(x + s * 0.18, y))


def paint_grown_up(painter: QPainter, disc: QRectF) -> None:
    """A grown-up and a child side by side in a soft disc, cut off at the disc like an avatar."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(GLYPH_DISC)
    painter.drawEllipse(disc)
    clip = QPainterPath()
    clip.addEllipse(disc)
    painter.setClipPath(clip)
    r = disc.width() / 2
    cx, cy = disc.center().x(), disc.center().y()
    # Head and shoulders, the body running out of the disc at the bottom. The child is drawn
    # last with an outline in the disc's colour, so the two figures stay apart where they meet.
    outline = QPen(BACKGROUND_TOP, max(1.5, r * 0.06))
    for colour, x, head_y, head, body_w, pen in (
        (GROWN_UP, cx - r * 0.2, cy - r * 0.34, r * 0.23, r * 0.9, Qt.PenStyle.NoPen),
        (CHILD, cx + r * 0.4, cy + r * 0.08, r * 0.16, r * 0.6, outline),
    ):
        painter.setPen(pen)
        painter.setBrush(colour)
        body_top = head_y + head * 1.25
        painter.drawRoundedRect(
            QRectF(x - body_w / 2, body_top, body_w, r * 2), body_w * 0.45, body_w * 0.45
        )
        painter.drawEllipse(QPointF(x, head_y), head, head)
    painter.restore()


def paint_wait_ring(painter: QPainter, box: QRectF, fraction_left: float) -> None:
    """A ring in `box` whose arc, starting at 12 o'clock, shrinks to nothing as the wait ends."""
    width = max(4.0, box.width() * 0.06)
    ring = box.adjusted(width / 2, width / 2, -width / 2, -width / 2)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(RING_TRACK, width))
    painter.drawEllipse(ring)
    fraction_left = min(max(fraction_left, 0.0), 1.0)
    if fraction_left > 0:
        painter.setPen(QPen(RING_FILL, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        # Qt angles are in 1/16 degree, counter-clockwise from 3 o'clock; negative runs clockwise.
        painter.drawArc(ring, 90 * 16, -round(360 * 16 * fraction_left))
    painter.restore()


def slot_centres(row: QRectF, slots: int, dot: float) -> list[QPointF]:
    """Where `slots` dots of diameter `dot` sit, centred in `row`."""
    spacing = dot * 0.9
    total = slots * dot + (slots - 1) * spacing
    left = row.center().x() - total / 2 + dot / 2
    return [QPointF(left + index * (dot + spacing), row.center().y()) for index in range(slots)]


def paint_dots(painter: QPainter, row: QRectF, filled: int, slots: int, dot: float) -> None:
    """`filled` solid dots, then empty rings up to `slots`: how many digits, never which."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = dot / 2
    for index, centre in enumerate(slot_centres(row, slots, dot)):
        if index < filled:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DOT)
            painter.drawEllipse(centre, radius, radius)
        else:
            pen_width = max(1.5, dot * 0.12)
            painter.setPen(QPen(EMPTY_SLOT, pen_width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inner = radius - pen_width / 2
            painter.drawEllipse(centre, inner, inner)
    painter.restore()


def paint_text(
    painter: QPainter, box: QRectF, text: str, pixel_size: float, colour: QColor, *, bold: bool
) -> None:
    font = QFont()
    font.setPixelSize(max(10, round(pixel_size)))
    font.setBold(bold)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

"""Pictures of the lock screen's "please, more": the child's hand, the parent's answer chips, and
the two answers a child can see, a happy moon (more) and a moon gone to sleep (not today).

Like the rest of the child's screens they speak without words. The chips are the exception:
they are for the parent, who reads, and say what the PIN will do.
"""

from __future__ import annotations

import functools
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
    QTransform,
)

from kiosk.ui.screens import MOON, crescent

HAND = QColor(255, 244, 226)
HAND_EDGE = QColor(150, 110, 80)
BUTTON = QColor(255, 255, 255, 46)
BUTTON_EDGE = QColor(255, 255, 255, 110)
ASKED_GLOW = QColor(255, 214, 120)
CHIP = QColor(255, 255, 255, 40)
CHIP_TEXT = QColor(255, 255, 255, 200)
CHEEK = QColor(255, 150, 140, 150)
FACE_INK = QColor(120, 90, 40)
SLEEP_INK = QColor(255, 255, 255, 180)
NIGHTCAP = QColor(120, 150, 230)


def paint_hand_button(painter: QPainter, rect: QRectF, *, raised: bool, glow: float) -> None:
    """A round button with an open hand in it. Raised (asked): the hand is up high, tilted as if
    waving, and the button glows warm; `glow` (0..1) breathes that glow."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre, radius = rect.center(), rect.width() / 2
    painter.setPen(Qt.PenStyle.NoPen)
    if raised:
        reach = radius * (1.55 + 0.1 * glow)
        halo = QRadialGradient(centre, reach)
        halo.setColorAt(0.55, QColor(255, 214, 120, int(150 + 60 * glow)))
        halo.setColorAt(1.0, QColor(255, 214, 120, 0))
        painter.setBrush(halo)
        painter.drawEllipse(centre, reach, reach)
    painter.setBrush(ASKED_GLOW if raised else BUTTON)
    painter.setPen(
        QPen(QColor(255, 255, 255, 200) if raised else BUTTON_EDGE, max(2.0, radius * 0.05))
    )
    painter.drawEllipse(centre, radius, radius)
    lift = radius * (0.12 if raised else 0.0)
    painter.translate(centre.x(), centre.y() + radius * 0.16 - lift)
    painter.rotate(-12.0 if raised else 0.0)
    _paint_open_hand(painter, radius * 0.95)
    painter.restore()
    if raised:
        _paint_wave_marks(painter, centre, radius)


def _paint_open_hand(painter: QPainter, size: float) -> None:
    """An open hand, palm towards the viewer, centred on the painter's origin; `size` is about
    its height from the wrist to the longest finger's tip."""
    edge = QPen(HAND_EDGE, max(1.5, size * 0.05), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    edge.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(edge)
    painter.setBrush(HAND)
    painter.drawPath(_open_hand(size))


@functools.lru_cache(maxsize=4)
def _open_hand(size: float) -> QPainterPath:
    """The hand's outline, made once for each size: uniting and simplifying the paths cost
    more than the lock's twinkling stars together (bench_idle)."""
    hand = QPainterPath()
    palm = QRectF(-size * 0.3, -size * 0.08, size * 0.6, size * 0.5)
    hand.addRoundedRect(palm, size * 0.18, size * 0.18)
    finger_width = size * 0.14
    step = (palm.width() - finger_width) / 3
    for index, length in enumerate((0.36, 0.44, 0.42, 0.34)):
        left = palm.left() + index * step
        finger = QRectF(left, -size * (0.08 + length), finger_width, size * (length + 0.2))
        hand.addRoundedRect(finger, finger_width / 2, finger_width / 2)
    thumb = QPainterPath()
    thumb.addRoundedRect(
        QRectF(-size * 0.07, -size * 0.34, size * 0.15, size * 0.4), size * 0.075, size * 0.075
    )
    # The thumb leans out from the palm's left side, as on an open right hand.
    place = QTransform().translate(palm.left() + size * 0.06, palm.top() + size * 0.34).rotate(-38)
    return hand.united(place.map(thumb)).simplified()


def _paint_wave_marks(painter: QPainter, centre: QPointF, radius: float) -> None:
    """Two small arcs beside the raised hand: it is waving."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(
        QPen(ASKED_GLOW, max(2.0, radius * 0.06), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for side in (-1, 1):
        for step in (0, 1):
            reach = radius * (1.3 + 0.22 * step)
            box = QRectF(centre.x() - reach, centre.y() - reach, reach * 2, reach * 2)
            start = 35 if side > 0 else 105  # degrees, counter-clockwise from 3 o'clock
            painter.drawArc(box, start * 16, 40 * 16)
    painter.restore()


def paint_chip(painter: QPainter, rect: QRectF, text: str) -> None:
    """A soft pill with a few words for the parent: what the PIN typed after it will do."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(BUTTON_EDGE, 1.5))
    painter.setBrush(CHIP)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setFont(chip_font(rect.height()))
    painter.setPen(CHIP_TEXT)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def chip_font(height: float) -> QFont:
    """The chips' words, sized to a chip `height` pixels tall."""
    font = QFont()
    font.setPixelSize(max(11, int(height * 0.42)))
    return font


def paint_happy_moon(painter: QPainter, centre: QPointF, radius: float) -> None:
    """A full moon, awake and beaming: open eyes, rosy cheeks and a wide smile."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    for scale, alpha in ((1.7, 30), (1.35, 60)):
        glow = QColor(MOON)
        glow.setAlpha(alpha)
        painter.setBrush(glow)
        painter.drawEllipse(centre, radius * scale, radius * scale)
    painter.setBrush(MOON)
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(CHEEK)
    for side in (-1, 1):
        painter.drawEllipse(
            QPointF(centre.x() + side * radius * 0.5, centre.y() + radius * 0.18),
            radius * 0.14,
            radius * 0.1,
        )
    painter.setBrush(FACE_INK)
    for side in (-1, 1):
        painter.drawEllipse(
            QPointF(centre.x() + side * radius * 0.32, centre.y() - radius * 0.18),
            radius * 0.08,
            radius * 0.11,
        )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(
        QPen(FACE_INK, max(2.0, radius * 0.07), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    smile = QRectF(
        centre.x() - radius * 0.38, centre.y() - radius * 0.12, radius * 0.76, radius * 0.6
    )
    painter.drawArc(smile, 200 * 16, 140 * 16)
    painter.restore()


def paint_sleepy_moon(painter: QPainter, centre: QPointF, radius: float, breath: float) -> None:
    """A crescent moon under a nightcap, eyes shut, with z's drifting up: gone to sleep."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    glow = QColor(MOON)
    glow.setAlpha(35)
    painter.setBrush(glow)
    painter.drawEllipse(centre, radius * 1.4, radius * 1.4)
    painter.fillPath(crescent(centre, radius), MOON)
    _paint_nightcap(painter, QPointF(centre.x() - radius * 0.5, centre.y() - radius * 0.8), radius)
    painter.setPen(
        QPen(FACE_INK, max(2.0, radius * 0.05), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    painter.setBrush(Qt.BrushStyle.NoBrush)
    eye = QRectF(
        centre.x() - radius * 0.62, centre.y() - radius * 0.12, radius * 0.28, radius * 0.16
    )
    painter.drawArc(eye, 180 * 16, 180 * 16)
    font = QFont()
    for index, size in enumerate((0.22, 0.3, 0.4)):
        rise = (breath + index / 3) % 1.0
        font.setPixelSize(max(10, int(radius * size)))
        font.setBold(True)
        painter.setFont(font)
        ink = QColor(SLEEP_INK)
        ink.setAlpha(int(200 * math.sin(math.pi * rise)))
        painter.setPen(ink)
        where = QPointF(
            centre.x() + radius * (0.5 + 0.35 * index),
            centre.y() - radius * (0.2 + 0.5 * index) - radius * 0.2 * rise,
        )
        painter.drawText(where, "z")
    painter.restore()


def _paint_nightcap(painter: QPainter, brim: QPointF, radius: float) -> None:
    """A floppy nightcap on the crescent's upper horn, its brim centred on `brim`, the tip
    drooping to the right with a pompom."""
    painter.save()
    painter.translate(brim)
    painter.rotate(-32)
    body = QPainterPath()
    body.moveTo(-radius * 0.4, 0)
    body.cubicTo(
        -radius * 0.3, -radius * 0.75, radius * 0.45, -radius * 0.95, radius * 0.8, -radius * 0.3
    )
    body.cubicTo(radius * 0.55, -radius * 0.5, radius * 0.35, -radius * 0.35, radius * 0.4, 0)
    body.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillPath(body, NIGHTCAP)
    painter.setBrush(QColor(255, 255, 255))
    brim_box = QRectF(-radius * 0.46, -radius * 0.08, radius * 0.92, radius * 0.2)
    painter.drawRoundedRect(brim_box, radius * 0.1, radius * 0.1)
    painter.drawEllipse(QPointF(radius * 0.82, -radius * 0.26), radius * 0.13, radius * 0.13)
    painter.restore()

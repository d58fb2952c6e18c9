"""The feed's own pictures: the pause sign over a paused clip, and the "no clips" screen.

Both speak to a child who may not read: a big, soft pause sign, and for an empty or broken
library a calm picture of a little television resting, with one small line of text meant for the
parent. The "no clips" picture is deliberately not the night sky of the "time's up" screen, so a
child does not take a library problem for the end of the session.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPen

from kiosk.core.i18n import N_, _

PAUSE_DISC = QColor(0, 0, 0, 90)
PAUSE_BARS = QColor(255, 255, 255, 215)
EMPTY_TOP, EMPTY_BOTTOM = QColor(38, 70, 83), QColor(42, 56, 94)
TV_BODY = QColor(255, 255, 255, 40)
TV_EDGE = QColor(255, 255, 255, 150)
TV_DOTS = QColor(255, 214, 120, 200)
PARENT_NOTE = QColor(255, 255, 255, 160)  # 4.5:1 on both ends of the gradient

NO_CLIPS_NOTE = N_("No clips can be played. A parent can check the clip folder with: kiosk check")


def pause_icon_rect(area: QRectF) -> QRectF:
    """Where the pause sign sits: centred, big enough to see across a room."""
    side = min(area.width(), area.height())
    diameter = min(max(side * 0.28, 72.0), 260.0)
    rect = QRectF(0, 0, diameter, diameter)
    rect.moveCenter(area.center())
    return rect


def paint_pause_icon(painter: QPainter, area: QRectF) -> None:
    """A soft translucent disc with two rounded bars, centred in `area`."""
    rect = pause_icon_rect(area)
    diameter = rect.width()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(PAUSE_DISC)
    painter.drawEllipse(rect)
    bar_width, bar_height = diameter * 0.13, diameter * 0.42
    gap = diameter * 0.12
    painter.setBrush(PAUSE_BARS)
    for left in (rect.center().x() - gap / 2 - bar_width, rect.center().x() + gap / 2):
        bar = QRectF(left, rect.center().y() - bar_height / 2, bar_width, bar_height)
        painter.drawRoundedRect(bar, bar_width / 2, bar_width / 2)
    painter.restore()


def paint_no_clips(painter: QPainter, area: QRectF, note: str | None = None) -> None:
    """A resting television on a calm gradient, and a small note for the parent (by default,
    that no clips can be played, in the language now)."""
    note = _(NO_CLIPS_NOTE) if note is None else note
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(area.topLeft(), area.bottomLeft())
    gradient.setColorAt(0.0, EMPTY_TOP)
    gradient.setColorAt(1.0, EMPTY_BOTTOM)
    painter.fillRect(area, gradient)
    side = min(area.width(), area.height())
    _paint_resting_tv(painter, QPointF(area.center().x(), area.top() + area.height() * 0.44), side)
    font = QFont()
    font.setPixelSize(max(11, int(side * 0.03)))
    painter.setFont(font)
    painter.setPen(PARENT_NOTE)
    note_box = QRectF(area.left() + 16, area.bottom() - side * 0.16, area.width() - 32, side * 0.12)
    painter.drawText(note_box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, note)
    painter.restore()


def _paint_resting_tv(painter: QPainter, centre: QPointF, side: float) -> None:
    """A rounded screen on little feet, with two antennae and three sleepy dots inside."""
    width, height = side * 0.5, side * 0.36
    body = QRectF(0, 0, width, height)
    body.moveCenter(centre)
    line = max(2.0, side * 0.012)
    pen = QPen(TV_EDGE, line, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    top_middle = QPointF(centre.x(), body.top())
    antenna_top = body.top() - height * 0.32
    painter.drawLine(top_middle, QPointF(centre.x() - width * 0.18, antenna_top))
    painter.drawLine(top_middle, QPointF(centre.x() + width * 0.18, antenna_top))
    for foot_x in (body.left() + width * 0.22, body.right() - width * 0.22):
        painter.drawLine(
            QPointF(foot_x, body.bottom()), QPointF(foot_x, body.bottom() + height * 0.12)
        )
    painter.setBrush(TV_BODY)
    painter.drawRoundedRect(body, side * 0.04, side * 0.04)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TV_DOTS)
    dot = side * 0.022
    for step in (-1, 0, 1):
        painter.drawEllipse(QPointF(centre.x() + step * dot * 3.2, centre.y()), dot, dot)

"""The clip budget as a child sees it: a dot for each clip of the session, lit while it is left.

With `session.clips` on, the time ring's corner shows these dots instead of the ring. A dot
goes out (it stays, as a faint ring) each time a clip counts, the one farthest from the corner
first, so the lit dots shrink towards the corner the way the ring's arc empties. A child who
cannot count still sees "a few left" and "one left". Up to ten dots make a row; more wrap under
it, so a budget of 50 stays a small block in the corner.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

#: Dots in a row before the next row starts.
DOTS_PER_ROW = 10
SPENT = QColor(255, 255, 255, 170)
SHADOW = QColor(0, 0, 0, 80)  # keeps the dots visible on a bright clip


def dot_centres(area: QRectF, total: int) -> list[QPointF]:
    """Where each of `total` dots sits in the top-right corner of `area`, first to last.

    The last dot is in the corner itself; dots go out from the first, so the one that goes out
    next is always the one farthest from the corner among those still lit.
    """
    if total <= 0:
        return []
    diameter = dot_diameter(area)
    gap = diameter * 0.55
    short_side = min(area.width(), area.height())
    margin = max(12.0, short_side * 0.035)
    right = area.right() - margin - diameter / 2
    top = area.top() + margin + diameter / 2
    centres = []
    for index in range(total):
        from_corner = total - 1 - index
        row, column = divmod(from_corner, DOTS_PER_ROW)
        centres.append(QPointF(right - column * (diameter + gap), top + row * (diameter + gap)))
    return centres


def dot_diameter(area: QRectF) -> float:
    return max(10.0, min(area.width(), area.height()) * 0.04)


def paint_clip_dots(
    painter: QPainter, area: QRectF, *, total: int, left: int, colour: QColor, pulse: float
) -> None:
    """`left` lit dots of `total`, in `colour`; a warning's `pulse` (0..1) swells the lit ones."""
    diameter = dot_diameter(area)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    spent = max(0, total - left)
    line = max(1.5, diameter * 0.14)
    for index, centre in enumerate(dot_centres(area, total)):
        if index >= spent:  # lit: a filled dot on a soft shadow
            radius = diameter / 2 * (1.0 + 0.35 * pulse)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SHADOW)
            painter.drawEllipse(centre, radius + 2, radius + 2)
            painter.setBrush(colour)
            painter.drawEllipse(centre, radius, radius)
        else:  # gone out: only its outline is left, light on a dark edge
            radius = diameter / 2 - line / 2
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(SHADOW, line + 2))
            painter.drawEllipse(centre, radius, radius)
            painter.setPen(QPen(SPENT, line))
            painter.drawEllipse(centre, radius, radius)
    painter.restore()

"""The calm time indicator painted over the feed: a ring that empties as the session runs out.

Children cannot read numbers, so the ring shows time as a shrinking arc and a colour that warms
from green to amber near the end. A warning makes the ring swell and glow for a moment, which a
child notices without words. Parents can turn on minutes as numbers (`session.show_numbers`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from kiosk.core.durations import short_countdown

CALM = QColor(120, 220, 160)
NEAR_END = QColor(255, 196, 90)
LAST_SECONDS = QColor(255, 150, 90)
TRACK = QColor(255, 255, 255, 70)


class TimeRing(QObject):
    """State and painting of the ring; the feed calls `paint` from its overlay hook, and
    `repaint` is called whenever it looks different (not at every tick of the time rules)."""

    def __init__(self, repaint: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._repaint = repaint
        self.fraction_left = 1.0
        self.seconds_left = 0
        self.show_numbers = False
        self.near_end = False
        self.last_seconds = False
        self._pulse = 0.0
        self._painted_looks: tuple[int, QColor, str | None] | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setKeyValueAt(0.5, 1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(1800)
        self._animation.setLoopCount(2)
        self._animation.valueChanged.connect(self._on_pulse)

    def update_time(
        self, *, seconds_left: float, session_seconds: float, warn_levels: tuple[int, ...]
    ) -> None:
        """Show `seconds_left` of a session of `session_seconds`; colours follow the warning steps."""
        self.seconds_left = max(0, math.ceil(seconds_left))
        self.fraction_left = (
            0.0 if session_seconds <= 0 else min(1.0, max(0.0, seconds_left / session_seconds))
        )
        first = warn_levels[0] if warn_levels else 0
        last = warn_levels[-1] if warn_levels else 0
        self.near_end = seconds_left <= first
        self.last_seconds = len(warn_levels) > 1 and seconds_left <= last
        # Told once a second: repainted only when a pixel of it would change.
        looks = self._looks()
        if looks != self._painted_looks:
            self._painted_looks = looks
            self._call_repaint()

    def _looks(self) -> tuple[int, QColor, str | None]:
        """What a paint at rest shows: the arc in Qt's 1/16 degrees, its colour, the number."""
        number = short_countdown(self.seconds_left) if self.show_numbers else None
        return int(-360 * 16 * self.fraction_left), self.colour(), number

    def warn(self) -> None:
        """Swell and glow for a few seconds: the visual half of a warning."""
        self._animation.stop()
        self._animation.start()

    @property
    def is_pulsing(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def _on_pulse(self, value: object) -> None:
        self._pulse = float(value)  # type: ignore[arg-type]
        self._call_repaint()

    def _call_repaint(self) -> None:
        if callable(self._repaint):
            self._repaint()

    def colour(self) -> QColor:
        if self.last_seconds:
            return LAST_SECONDS
        return NEAR_END if self.near_end else CALM

    def paint(self, painter: QPainter, area: QRectF) -> None:
        """Paint the ring in the top-right corner of `area`, larger while a warning pulses."""
        box = ring_box(area, self._pulse)
        width = ring_width(box)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._pulse > 0:
            glow = QColor(self.colour())
            glow.setAlpha(int(110 * self._pulse))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(glow)
            painter.drawEllipse(box.adjusted(-width, -width, width, width))
        ring = box.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(TRACK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(ring)
        if self.fraction_left > 0:
            painter.setPen(
                QPen(self.colour(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            # Qt angles are in 1/16 degree, counter-clockwise from 3 o'clock; start at 12 o'clock.
            painter.drawArc(ring, 90 * 16, self._looks()[0])
        if self.show_numbers:
            self._paint_minutes(painter, box)
        painter.restore()

    def _paint_minutes(self, painter: QPainter, box: QRectF) -> None:
        font = QFont()
        font.setPixelSize(max(9, int(box.height() * 0.26)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255, 230))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, short_countdown(self.seconds_left))


def ring_box(area: QRectF, pulse: float = 0.0) -> QRectF:
    """The ring's square in the top-right corner of `area`; a pulse swells it by up to 60 %."""
    short_side = min(area.width(), area.height())
    diameter = max(28.0, short_side * 0.085) * (1.0 + 0.6 * pulse)
    margin = max(12.0, short_side * 0.035)
    return QRectF(area.right() - margin - diameter, area.top() + margin, diameter, diameter)


def ring_bounds(area: QRectF) -> QRectF:
    """Every pixel the ring may paint in `area`, its glow at the height of a pulse included: a
    change of the ring repaints this and nothing else."""
    box = ring_box(area, 1.0)
    reach = ring_width(box) + 2
    return box.adjusted(-reach, -reach, reach, reach)


def ring_width(box: QRectF) -> float:
    return max(4.0, box.width() * 0.16)


def arc_start(area: QRectF) -> QPointF:
    """A point on the ring at 12 o'clock, where the arc starts: tests read its colour there."""
    box = ring_box(area)
    return QPointF(box.center().x(), box.top() + ring_width(box) / 2)

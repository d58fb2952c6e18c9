"""The calm full-window screens around the feed: the start button and the "time's up" screen.

Both speak in pictures, not words, for a child who may not read: a big play button that breathes
gently, and a night sky with a sleeping moon when the time is up. A small line of text at the
bottom is for the parent only. Assistive technology finds each as a button with a name, and the
parent's line as the moon's description.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTouchEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.ui.accessible import ensure_installed
from kiosk.ui.reduced_motion import motion_allowed

DAY_TOP, DAY_BOTTOM = QColor(72, 149, 239), QColor(157, 78, 221)
NIGHT_TOP, NIGHT_BOTTOM = QColor(14, 22, 58), QColor(52, 38, 96)
MOON = QColor(255, 236, 170)
#: The small line for the parent under the moon.
PARENT_NOTE = QColor(255, 255, 255, 150)
_MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
)


class _BreathingScreen(QWidget):
    """A full-window picture with a slow, endless 0..1..0 breath for gentle motion; with motion
    reduced it rests at 0, a still picture."""

    accessible_role = QAccessible.Role.Button

    def __init__(self, period_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ensure_installed()
        self.breath = 0.0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setKeyValueAt(0.5, 1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(period_ms)
        self._animation.setLoopCount(-1)
        self._animation.valueChanged.connect(self._on_breath)

    def showEvent(self, event: object) -> None:
        if motion_allowed():
            self._animation.start()

    def hideEvent(self, event: object) -> None:
        # No animation runs while nobody can see it: a locked kiosk must not burn CPU.
        self._animation.stop()

    def _on_breath(self, value: object) -> None:
        self.breath = float(value)  # type: ignore[arg-type]
        self.update()


class StartScreen(_BreathingScreen):
    """One big play button. The session starts at the first tap, click or key, not before."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(2400, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAccessibleName("Start watching")

    def activate(self) -> None:
        """A press from assistive technology: the same as a tap."""
        self.start_requested.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.start_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A parent's Ctrl+Alt+P (or any shortcut) is not a child pressing a key to play.
        chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if event.isAutoRepeat() or event.key() in _MODIFIER_KEYS or event.modifiers() & chord:
            return
        self.start_requested.emit()

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent) and event.type() == QTouchEvent.Type.TouchEnd:
            self.start_requested.emit()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill_gradient(painter, QRectF(self.rect()), DAY_TOP, DAY_BOTTOM)
        centre = QPointF(self.width() / 2, self.height() / 2)
        radius = min(self.width(), self.height()) * (0.2 + 0.012 * self.breath)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, int(50 + 40 * self.breath)))
        painter.drawEllipse(centre, radius * 1.25, radius * 1.25)
        painter.setBrush(QColor(255, 255, 255))
        painter.drawEllipse(centre, radius, radius)
        painter.setBrush(DAY_BOTTOM)
        painter.drawPath(play_triangle(centre, radius * 0.5))


class TimesUpScreen(_BreathingScreen):
    """A night sky with a sleeping moon: the screen a child sees when the time is up."""

    #: Assistive technology pressed the moon: the lock shows the PIN pad, as for a tap.
    pad_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(5000, parent)
        self.parent_note = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Time is up: a grown-up can open the PIN pad")

    def activate(self) -> None:
        self.pad_requested.emit()

    def set_parent_note(self, text: str) -> None:
        """A small line for the parent: why it is locked and when it opens again."""
        self.parent_note = text
        self.setAccessibleDescription(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint_night(painter, QRectF(self.rect()))
        painter.end()

    def paint_night(self, painter: QPainter, area: QRectF) -> None:
        """The sky, the sleeping moon and the parent's note (a screen over this one adds to it)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill_gradient(painter, area, NIGHT_TOP, NIGHT_BOTTOM)
        paint_stars(painter, area, self.breath)
        side = min(area.width(), area.height())
        paint_sleeping_moon(painter, moon_centre(area), side * 0.2)
        if self.parent_note:
            font = QFont()
            font.setPixelSize(max(11, int(side * 0.028)))
            painter.setFont(font)
            painter.setPen(PARENT_NOTE)
            note_box = QRectF(
                area.left() + 16, area.bottom() - side * 0.12, area.width() - 32, side * 0.1
            )
            painter.drawText(
                note_box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.parent_note
            )


def moon_centre(area: QRectF) -> QPointF:
    """Where the moon of the night screens sits: centred, a little above the middle."""
    return QPointF(area.center().x(), area.top() + area.height() * 0.42)


def fill_gradient(painter: QPainter, area: QRectF, top: QColor, bottom: QColor) -> None:
    gradient = QLinearGradient(area.topLeft(), area.bottomLeft())
    gradient.setColorAt(0.0, top)
    gradient.setColorAt(1.0, bottom)
    painter.fillRect(area, gradient)


def play_triangle(centre: QPointF, size: float) -> QPainterPath:
    """A rounded-looking play glyph, nudged right so it looks centred in its circle."""
    path = QPainterPath()
    left = centre.x() - size * 0.7
    path.moveTo(left, centre.y() - size)
    path.lineTo(left + size * 1.8, centre.y())
    path.lineTo(left, centre.y() + size)
    path.closeSubpath()
    return path


def paint_stars(painter: QPainter, area: QRectF, twinkle: float) -> None:
    """A fixed scatter of small stars whose brightness drifts slowly (no flashing)."""
    painter.setPen(Qt.PenStyle.NoPen)
    for index in range(28):
        x = (math.sin(index * 12.9898) * 43758.5453) % 1.0
        y = (math.sin(index * 78.233) * 12345.6789) % 1.0
        phase = (index % 5) / 5.0
        alpha = int(110 + 110 * abs(math.sin(math.pi * (twinkle + phase))))
        painter.setBrush(QColor(255, 255, 235, alpha))
        radius = 1.5 + (index % 3)
        painter.drawEllipse(
            QPointF(area.left() + x * area.width(), area.top() + y * area.height() * 0.8),
            radius,
            radius,
        )


def crescent(centre: QPointF, radius: float) -> QPainterPath:
    """The night screens' crescent moon: a disc with a bite out of its upper right."""
    moon = QPainterPath()
    moon.addEllipse(centre, radius, radius)
    bite = QPainterPath()
    bite.addEllipse(
        QPointF(centre.x() + radius * 0.55, centre.y() - radius * 0.25),
        radius * 0.85,
        radius * 0.85,
    )
    return moon.subtracted(bite)


def paint_sleeping_moon(painter: QPainter, centre: QPointF, radius: float) -> None:
    """A crescent moon with closed eyes and a small smile."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 236, 170, 40))
    painter.drawEllipse(centre, radius * 1.45, radius * 1.45)
    painter.setBrush(MOON)
    painter.drawPath(crescent(centre, radius))
    pen_colour = QColor(120, 90, 40)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(
        QPen(pen_colour, max(2.0, radius * 0.05), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    )
    eye = QRectF(
        centre.x() - radius * 0.62, centre.y() - radius * 0.18, radius * 0.28, radius * 0.16
    )
    painter.drawArc(eye, 180 * 16, 180 * 16)
    mouth = QRectF(
        centre.x() - radius * 0.66, centre.y() + radius * 0.18, radius * 0.34, radius * 0.2
    )
    painter.drawArc(mouth, 200 * 16, 140 * 16)

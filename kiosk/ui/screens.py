"""The calm full-window screens around the feed: the start button and the "time's up" screen.

Both speak in pictures, not words, for a child who may not read: a big play button that breathes
gently, and a night sky with a sleeping moon when the time is up. A small line of text at the
bottom is for the parent only. Assistive technology finds each as a button with a name, and the
parent's line as the moon's description. Both may stay on screen for hours with nobody near, so
neither keeps the CPU busy: the button breathes a few times and rests, and the stars twinkle on a
slow timer that repaints only the stars; with motion reduced, both stay still.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QElapsedTimer,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
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
    QPixmap,
    QRegion,
    QTouchEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.core.i18n import N_
from kiosk.ui.accessible import ensure_installed
from kiosk.ui.language import Words
from kiosk.ui.reduced_motion import motion_allowed

DAY_TOP, DAY_BOTTOM = QColor(72, 149, 239), QColor(157, 78, 221)
NIGHT_TOP, NIGHT_BOTTOM = QColor(14, 22, 58), QColor(52, 38, 96)
MOON = QColor(255, 236, 170)
#: The small line for the parent under the moon.
PARENT_NOTE = QColor(255, 255, 255, 150)
_MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
)


#: The play button breathes this many times when the start screen appears (or the pointer moves
#: over it), and then rests: a start screen left alone for hours costs nothing.
BREATHS = 3
BREATH_MS = 2400
#: The stars twinkle on a slow, coarse timer (Qt may fold its ticks into other wake-ups), and
#: each tick repaints the stars alone: a lock screen left alone for hours costs next to nothing.
TWINKLE_MS = 400
TWINKLE_PERIOD_S = 8.0
STAR_COUNT = 28


class _PictureScreen(QWidget):
    """A full-window picture that assistive technology presses like a button (`activate`)."""

    accessible_role = QAccessible.Role.Button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ensure_installed()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Every pixel is painted each time: Qt need not clear the background first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)


class StartScreen(_PictureScreen):
    """One big play button. The session starts at the first tap, click or key, not before."""

    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.words = Words(self)
        self.words.name(self, N_("Start watching"))
        # A pointer moving over the screen (no button held) wakes the breath again.
        self.setMouseTracking(True)
        self.breath = 0.0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setKeyValueAt(0.5, 1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(BREATH_MS)
        self._animation.setLoopCount(BREATHS)
        self._animation.valueChanged.connect(self._on_breath)

    @property
    def is_breathing(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def button_bounds(self) -> QRectF:
        """Everything the breath changes: the button's halo at its widest."""
        centre = QPointF(self.width() / 2, self.height() / 2)
        reach = _button_radius(self.width(), self.height(), 1.0) * 1.25 + 2
        return QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)

    def breathe(self) -> None:
        """A few slow breaths, unless they are under way already or motion is reduced."""
        if motion_allowed() and not self.is_breathing:
            self._animation.start()

    def activate(self) -> None:
        """A press from assistive technology: the same as a tap."""
        self.start_requested.emit()

    def showEvent(self, event: object) -> None:
        self.breathe()

    def hideEvent(self, event: object) -> None:
        self._animation.stop()
        self.breath = 0.0

    def _on_breath(self, value: object) -> None:
        self.breath = float(value)  # type: ignore[arg-type]
        self.update(self.button_bounds().toAlignedRect())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.breathe()

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
        radius = _button_radius(self.width(), self.height(), self.breath)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, int(50 + 40 * self.breath)))
        painter.drawEllipse(centre, radius * 1.25, radius * 1.25)
        painter.setBrush(QColor(255, 255, 255))
        painter.drawEllipse(centre, radius, radius)
        painter.setBrush(DAY_BOTTOM)
        painter.drawPath(play_triangle(centre, radius * 0.5))


def _button_radius(width: float, height: float, breath: float) -> float:
    return min(width, height) * (0.2 + 0.012 * breath)


class TimesUpScreen(_PictureScreen):
    """A night sky with a sleeping moon: the screen a child sees when the time is up."""

    #: Assistive technology pressed the moon: the lock shows the PIN pad, as for a tap.
    pad_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parent_note = ""
        self.words = Words(self)
        self.words.name(self, N_("Time is up: a grown-up can open the PIN pad"))
        self.twinkle = 0.0
        self._since = QElapsedTimer()
        self._twinkle_timer = QTimer(self)
        self._twinkle_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._twinkle_timer.setInterval(TWINKLE_MS)
        self._twinkle_timer.timeout.connect(self._twinkle_on)
        self._stars = QRegion()
        self._stars_for_size = QSize()
        self._moon: QPixmap | None = None
        self._moon_key: tuple[QRect, float] | None = None

    @property
    def is_twinkling(self) -> bool:
        return self._twinkle_timer.isActive()

    def activate(self) -> None:
        self.pad_requested.emit()

    def set_parent_note(self, text: str) -> None:
        """A small line for the parent: why it is locked and when it opens again."""
        if text != self.parent_note:
            self.parent_note = text
            self.setAccessibleDescription(text)
            self.update(self.note_box().toAlignedRect())

    def note_box(self) -> QRectF:
        area, side = QRectF(self.rect()), min(self.width(), self.height())
        return QRectF(area.left() + 16, area.bottom() - side * 0.12, area.width() - 32, side * 0.1)

    def moon_bounds(self) -> QRectF:
        centre, radius = self._moon_place()
        reach = radius * 1.45 + 2
        return QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)

    def showEvent(self, event: object) -> None:
        self._since.start()
        if motion_allowed():
            self._twinkle_timer.start()

    def hideEvent(self, event: object) -> None:
        # No timer runs while nobody can see it.
        self._twinkle_timer.stop()

    def _twinkle_on(self) -> None:
        # A slow 0..1..0 over TWINKLE_PERIOD_S, read from the clock: a late tick skips ahead.
        phase = (self._since.elapsed() / 1000.0 / TWINKLE_PERIOD_S) % 1.0
        self.set_twinkle(1.0 - abs(2.0 * phase - 1.0))

    def set_twinkle(self, twinkle: float) -> None:
        """Show the stars at `twinkle` (0..1): only the stars are painted again."""
        self.twinkle = twinkle
        self.update(self._stars_region())

    def _stars_region(self) -> QRegion:
        """The pixels the stars cover, worked out once for each size of the screen."""
        if self._stars_for_size != self.size():
            self._stars_for_size = self.size()
            self._stars = QRegion()
            for centre, radius in star_places(QRectF(self.rect())):
                reach = radius + 1.0
                box = QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)
                self._stars += box.toAlignedRect()
        return self._stars

    def _moon_picture(self, box: QRect) -> QPixmap:
        """The moon and its glow, painted once for each size: a twinkle near the moon redraws
        the picture rather than the moon's paths."""
        ratio = self.devicePixelRatioF()
        if self._moon is None or self._moon_key != (box, ratio):
            self._moon_key = (box, ratio)
            self._moon = QPixmap(box.size() * ratio)
            self._moon.setDevicePixelRatio(ratio)
            self._moon.fill(Qt.GlobalColor.transparent)
            painter = QPainter(self._moon)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(-box.left(), -box.top())
            paint_sleeping_moon(painter, *self._moon_place())
            painter.end()
        return self._moon

    def _moon_place(self) -> tuple[QPointF, float]:
        area = QRectF(self.rect())
        return moon_centre(area), min(area.width(), area.height()) * 0.2

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint_night(painter, event.region())
        painter.end()

    def paint_night(self, painter: QPainter, dirty: QRegion) -> None:
        """The sky, the stars, the sleeping moon and the parent's note, where `dirty` needs them
        (a screen over this one paints its own things after)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect())
        fill_gradient(painter, area, NIGHT_TOP, NIGHT_BOTTOM)
        paint_stars(painter, area, self.twinkle)
        # A twinkle repaints a few stars: the moon and the note are drawn only where needed.
        moon_box = self.moon_bounds().toAlignedRect()
        if dirty.intersects(moon_box):
            painter.drawPixmap(moon_box.topLeft(), self._moon_picture(moon_box))
        note_box = self.note_box()
        if self.parent_note and dirty.intersects(note_box.toAlignedRect()):
            font = QFont()
            font.setPixelSize(max(11, int(min(area.width(), area.height()) * 0.028)))
            painter.setFont(font)
            painter.setPen(PARENT_NOTE)
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


def star_places(area: QRectF) -> list[tuple[QPointF, float]]:
    """A fixed scatter of small stars over the upper sky: each one's centre and radius."""
    places = []
    for index in range(STAR_COUNT):
        x = (math.sin(index * 12.9898) * 43758.5453) % 1.0
        y = (math.sin(index * 78.233) * 12345.6789) % 1.0
        centre = QPointF(area.left() + x * area.width(), area.top() + y * area.height() * 0.8)
        places.append((centre, 1.5 + (index % 3)))
    return places


def paint_stars(painter: QPainter, area: QRectF, twinkle: float) -> None:
    """The stars, whose brightness drifts slowly with `twinkle` (no flashing)."""
    painter.setPen(Qt.PenStyle.NoPen)
    for index, (centre, radius) in enumerate(star_places(area)):
        phase = (index % 5) / 5.0
        alpha = int(110 + 110 * abs(math.sin(math.pi * (twinkle + phase))))
        painter.setBrush(QColor(255, 255, 235, alpha))
        painter.drawEllipse(centre, radius, radius)


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

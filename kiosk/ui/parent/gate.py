"""How a parent reaches the PIN pad during a session without a child opening it by accident.

Two doors, both meant for grown-ups: Ctrl+Alt+P on a keyboard (`is_parent_shortcut`), and on a
touch screen a small, faint lock in a corner of the feed that opens the pad only when held for
two seconds (`ParentCorner`). A child taps and swipes; a steady two-second hold on one small spot
is rare, and even then the pad only asks for the PIN. While the finger stays on the lock a ring
fills around it, so a parent knows to keep holding.

A press that starts on the lock belongs to the lock until it is released: it never also pauses
the clip or starts a swipe, even if the finger slides off (which cancels the hold). Anything
that starts elsewhere is left to the feed. The feed wires it in with
`add_overlay(corner.paint)` and `add_input_interceptor(corner.intercept)`; another host can call
`press`, `move` and `release` itself.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPen, QTouchEvent
from PySide6.QtWidgets import QWidget

HOLD_MS = 2000
ICON_MIN, ICON_MAX = 40.0, 48.0
#: Around the icon the finger may land or wander this far and still count as on it.
TOUCH_SLOP = 14.0
BADGE = QColor(0, 0, 0, 70)  # keeps the white lock visible over a bright clip
LOCK = QColor(255, 255, 255, 110)
HOLD_TRACK = QColor(255, 255, 255, 60)
HOLD_FILL = QColor(255, 214, 120, 230)

_PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick}


def is_parent_shortcut(event: QKeyEvent) -> bool:
    """Ctrl+Alt+P, pressed (not held down repeating): the keyboard door to the PIN pad."""
    if event.type() != QEvent.Type.KeyPress or event.isAutoRepeat():
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    return event.key() == Qt.Key.Key_P and modifiers == wanted


class ParentCorner(QObject):
    """The lock icon in a corner of `host`, and the press-and-hold that opens the PIN pad."""

    #: The lock was held for the whole hold time. Emitted on the GUI thread.
    requested = Signal()

    def __init__(
        self,
        host: QWidget,
        *,
        hold_ms: int = HOLD_MS,
        corner: Qt.Corner = Qt.Corner.BottomLeftCorner,
    ) -> None:
        super().__init__(host)
        self._host = host
        self._corner = corner
        self._claimed = False  # a press began on the icon and is not released yet
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(hold_ms)
        self._hold_timer.timeout.connect(self._held)
        # The ring only shows progress; the timer alone decides.
        self._ring = QVariantAnimation(self)
        self._ring.setStartValue(0.0)
        self._ring.setEndValue(1.0)
        self._ring.setDuration(hold_ms)
        self._ring.valueChanged.connect(self._repaint)
        # A hold must not outlive the host on screen (the lock screen came up under the finger).
        host.installEventFilter(self)

    @property
    def holding(self) -> bool:
        """A hold is under way: the timer runs and the ring fills."""
        return self._hold_timer.isActive()

    @property
    def hold_progress(self) -> float:
        """How full the ring is, 0..1; 0 when nobody holds the lock."""
        return float(self._ring.currentValue() or 0.0) if self.holding else 0.0

    def icon_rect(self, area: QRect | QRectF | None = None) -> QRectF:
        """Where the lock is painted in `area` (the host's rectangle by default)."""
        box = QRectF(area if area is not None else self._host.rect())
        short_side = min(box.width(), box.height())
        size = min(ICON_MAX, max(ICON_MIN, short_side * 0.04))
        # Clear of the edge (and of the feed's progress bar along the bottom).
        margin = max(14.0, short_side * 0.03)
        left = Qt.Corner.TopLeftCorner, Qt.Corner.BottomLeftCorner
        top = Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner
        x = box.left() + margin if self._corner in left else box.right() - margin - size
        y = box.top() + margin if self._corner in top else box.bottom() - margin - size
        return QRectF(x, y, size, size)

    def ring_rect(self, area: QRect | QRectF | None = None) -> QRectF:
        """The circle the hold ring's line runs along, just outside the icon."""
        icon = self.icon_rect(area)
        width = _ring_width(icon.width())
        return icon.adjusted(-width, -width, width, width)

    # Input. Each returns True when the event belongs to the lock and must go no further.

    def press(self, pos: QPointF) -> bool:
        if not self._hit(pos):
            return False
        self._claimed = True
        self._hold_timer.start()
        self._ring.stop()
        self._ring.start()
        self._repaint()
        return True

    def move(self, pos: QPointF) -> bool:
        if not self._claimed:
            return False
        if self.holding and not self._hit(pos):
            self._stop_hold()  # a swipe that started on the lock opens nothing
        return True

    def release(self, pos: QPointF) -> bool:
        if not self._claimed:
            return False
        self._claimed = False
        self._stop_hold()
        return True

    def cancel(self) -> None:
        """Forget a press in progress (the host was hidden or locked)."""
        self._claimed = False
        self._stop_hold()

    def intercept(self, event: QEvent) -> bool:
        """For `FeedWidget.add_input_interceptor`: mouse and touch events, in host coordinates."""
        kind = event.type()
        if isinstance(event, QTouchEvent):
            points = event.points()
            if kind == QEvent.Type.TouchCancel or not points:
                claimed = self._claimed
                self.cancel()
                return self._consume(event, claimed)
            # The first finger decides, as it does for the feed.
            pos = points[0].position()
            if kind == QEvent.Type.TouchBegin:
                return self._consume(event, self.press(pos))
            if kind == QEvent.Type.TouchUpdate:
                return self._consume(event, self.move(pos))
            return self._consume(event, self.release(pos))
        if isinstance(event, QMouseEvent):
            if kind in _PRESSES and event.button() == Qt.MouseButton.LeftButton:
                return self._consume(event, self.press(event.position()))
            if kind == QEvent.Type.MouseMove:
                return self._consume(event, self.move(event.position()))
            if kind == QEvent.Type.MouseButtonRelease:
                return self._consume(event, self.release(event.position()))
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Hide:
            self.cancel()
        return False

    # Painting.

    def paint(self, painter: QPainter, area: QRect | QRectF) -> None:
        """Paint the lock (and the ring while held) into its corner of `area`."""
        icon = self.icon_rect(area)
        size = icon.width()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE)
        painter.drawEllipse(icon)
        _paint_lock(painter, icon)
        progress = self.hold_progress
        if self.holding:
            width = _ring_width(size)
            ring = self.ring_rect(area)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(HOLD_TRACK, width))
            painter.drawEllipse(ring)
            painter.setPen(QPen(HOLD_FILL, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # Clockwise from 12 o'clock, like the session's time ring.
            painter.drawArc(ring, 90 * 16, -max(16, round(360 * 16 * progress)))
        painter.restore()

    # Inside.

    def _hit(self, pos: QPointF) -> bool:
        area = self.icon_rect().adjusted(-TOUCH_SLOP, -TOUCH_SLOP, TOUCH_SLOP, TOUCH_SLOP)
        return area.contains(pos)

    def _held(self) -> None:
        self._ring.stop()
        self._repaint()
        # The finger is still down: its release stays with the lock (`_claimed`).
        self.requested.emit()

    def _stop_hold(self) -> None:
        if self.holding or self._ring.state() == QVariantAnimation.State.Running:
            self._hold_timer.stop()
            self._ring.stop()
            self._repaint()

    def _repaint(self, _value: object = None) -> None:
        # Only the corner changes: the icon and the ring just outside it.
        grow = _ring_width(ICON_MAX)
        rect = self.ring_rect().adjusted(-grow, -grow, grow, grow)
        self._host.update(rect.toAlignedRect())

    @staticmethod
    def _consume(event: QEvent, claimed: bool) -> bool:
        if claimed:
            # Accepted, or Qt would also turn the touch into mouse events for the feed.
            event.accept()
        return claimed


def _ring_width(icon_size: float) -> float:
    return max(3.0, icon_size * 0.09)


def _paint_lock(painter: QPainter, icon: QRectF) -> None:
    """A padlock drawn in thin white lines: a body with a keyhole under a round shackle."""
    size = icon.width()
    centre = icon.center()
    body = QRectF(0, 0, size * 0.42, size * 0.32)
    body.moveCenter(QPointF(centre.x(), centre.y() + size * 0.1))
    shackle = QRectF(0, 0, size * 0.26, size * 0.3)
    shackle.moveCenter(QPointF(centre.x(), body.top()))
    pen = QPen(LOCK, max(1.5, size * 0.06), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(shackle, 0, 180 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(LOCK)
    lock = QPainterPath()
    lock.addRoundedRect(body, size * 0.05, size * 0.05)
    keyhole = QPainterPath()
    keyhole.addEllipse(QPointF(body.center().x(), body.center().y()), size * 0.04, size * 0.04)
    painter.drawPath(lock.subtracted(keyhole))

"""Real input for the feed tests: mouse drags, touch swipes and wheel bursts.

Mouse drags go through QTest, whose `delay` advances the events' timestamps without sleeping, so
a test chooses the drag's speed exactly (slow enough not to count as a flick, or fast).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

#: Milliseconds between drag events: 40 px per step is then 400 px/s, well below a flick.
SLOW_STEP_MS = 100

_touch_device: QPointingDevice | None = None


def touch_device() -> QPointingDevice:
    """One touch screen for the whole test session (Qt keeps registered devices for good)."""
    global _touch_device
    if _touch_device is None:
        _touch_device = QTest.createTouchDevice()
    return _touch_device


def points_between(start: QPoint, end: QPoint, steps: int) -> list[QPoint]:
    return [
        QPoint(
            round(start.x() + (end.x() - start.x()) * i / steps),
            round(start.y() + (end.y() - start.y()) * i / steps),
        )
        for i in range(1, steps + 1)
    ]


def press_and_drag(
    qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint, *, steps: int = 8
) -> None:
    """Press at `start` and move slowly to `end`, keeping the button down."""
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for point in points_between(start, end, steps):
        qtbot.mouseMove(widget, point, delay=SLOW_STEP_MS)


def release(qtbot: QtBot, widget: QWidget, at: QPoint) -> None:
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=at, delay=SLOW_STEP_MS)


def mouse_drag(qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A slow drag from `start` to `end` and release: only its length decides."""
    press_and_drag(qtbot, widget, start, end, steps=steps)
    release(qtbot, widget, end)


def vertical_drag(qtbot: QtBot, widget: QWidget, fraction: float) -> None:
    """A slow drag through the middle by `fraction` of the height (positive: up)."""
    x, height = widget.width() // 2, widget.height()
    start_y = round(height * (0.5 + fraction / 2))
    end_y = round(height * (0.5 - fraction / 2))
    mouse_drag(qtbot, widget, QPoint(x, start_y), QPoint(x, end_y))


def touch_swipe(widget: QWidget, start: QPoint, end: QPoint, steps: int = 6) -> None:
    QTest.touchEvent(widget, touch_device()).press(0, start, widget).commit()
    for point in points_between(start, end, steps):
        QTest.touchEvent(widget, touch_device()).move(0, point, widget).commit()
    QTest.touchEvent(widget, touch_device()).release(0, end, widget).commit()


def touch_tap(widget: QWidget, at: QPoint) -> None:
    QTest.touchEvent(widget, touch_device()).press(0, at, widget).commit()
    QTest.touchEvent(widget, touch_device()).release(0, at, widget).commit()


def wheel(widget: QWidget, angle_delta_y: int, pixel_delta_y: int = 0) -> None:
    """One wheel event over the middle of `widget`; -120 is one notch down (towards "next")."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        widget.mapToGlobal(centre),
        QPoint(0, pixel_delta_y),
        QPoint(0, angle_delta_y),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)

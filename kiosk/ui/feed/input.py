"""The one place where the feed's raw input (mouse, touch, wheel, keys) becomes feed actions.

Every input event of the feed widget passes through `FeedInput.handle`. Interceptors see each
event first, so a later gesture (a parent's press-and-hold on a corner icon) can claim a press
before it turns into a swipe or a tap. After that, presses go through a `SwipeTracker`, wheel
bursts through a `WheelStepper`, and keys through one table. The actions themselves (slide,
pause) belong to the widget, behind the small `FeedActions` protocol.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWheelEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.feed.gestures import (
    NEXT,
    PREVIOUS,
    Release,
    SwipeThresholds,
    SwipeTracker,
    WheelStepper,
)

#: Sees an input event before the feed does; returns True to claim it.
EventInterceptor = Callable[[QEvent], bool]

_STEP_KEYS = {
    Qt.Key.Key_Down: NEXT,
    Qt.Key.Key_PageDown: NEXT,
    Qt.Key.Key_Up: PREVIOUS,
    Qt.Key.Key_PageUp: PREVIOUS,
}
_PAUSE_KEYS = {
    Qt.Key.Key_Space,
    Qt.Key.Key_MediaPlay,
    Qt.Key.Key_MediaPause,
    Qt.Key.Key_MediaTogglePlayPause,
}
_MOUSE_PRESSES = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick}
_TOUCH_EVENTS = {
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
}
_INPUT_EVENTS = {
    *_MOUSE_PRESSES,
    *_TOUCH_EVENTS,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.Wheel,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
}


class FeedActions(Protocol):
    """What input can ask of the feed."""

    def press_began(self) -> None:
        """A finger or button went down: settle any slide so the drag starts from rest."""

    def drag_moved(self, offset: float) -> None:
        """The content should follow the finger: `offset` px up (negative: down)."""

    def drag_released(self, release: Release) -> None:
        """The drag ended: slide to the next or previous clip, or spring back."""

    def step(self, direction: int) -> None:
        """A wheel notch or a key: slide one clip in `direction` (NEXT or PREVIOUS)."""

    def toggle_pause(self) -> None: ...


class FeedInput:
    """Translates the widget's input events; `enabled = False` swallows them all (locked)."""

    def __init__(
        self,
        widget: QWidget,
        actions: FeedActions,
        thresholds: SwipeThresholds | None = None,
    ) -> None:
        self._widget = widget
        self._actions = actions
        self.tracker = SwipeTracker(thresholds)
        self.wheel = WheelStepper()
        self.enabled = True
        self.interceptors: list[EventInterceptor] = []
        self._seen_touch = False
        widget.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def handle(self, event: QEvent) -> bool:
        """Handle `event` if it is input; True when it was consumed."""
        kind = event.type()
        if kind not in _INPUT_EVENTS:
            return False
        if not self.enabled:
            event.accept()
            return True
        for intercept in self.interceptors:
            if intercept(event):
                self.cancel()
                return True
        if kind in _TOUCH_EVENTS:
            assert isinstance(event, QTouchEvent)
            return self._touch(event)
        if isinstance(event, QMouseEvent):
            return self._mouse(event)
        if isinstance(event, QWheelEvent):
            return self._wheel(event)
        if isinstance(event, QKeyEvent):
            return self._key(event)
        return False

    def cancel(self) -> None:
        """Forget a press in progress; the content springs back."""
        if self.tracker.active:
            was_dragging = self.tracker.dragging
            self.tracker.cancel()
            if was_dragging:
                self._actions.drag_released(Release.SPRING_BACK)

    def _press(self, y: float, time_ms: int) -> None:
        self._actions.press_began()
        self.tracker.begin(y, time_ms)

    def _move(self, y: float, time_ms: int) -> None:
        if not self.tracker.active:
            return
        self.tracker.update(y, time_ms)
        if self.tracker.dragging:
            self._actions.drag_moved(self.tracker.offset)

    def _release(self, y: float, time_ms: int) -> None:
        if not self.tracker.active:
            return
        release = self.tracker.finish(y, time_ms, self._widget.height())
        if release is Release.TAP:
            self._actions.toggle_pause()
        else:
            self._actions.drag_released(release)

    def _mouse(self, event: QMouseEvent) -> bool:
        # Some systems also send mouse events made up from touch; the touch events already
        # moved the feed, so these would count every swipe twice.
        if self._seen_touch and event.source() == Qt.MouseEventSource.MouseEventSynthesizedBySystem:
            event.accept()
            return True
        y, time_ms = event.position().y(), event.timestamp()
        kind = event.type()
        if kind in _MOUSE_PRESSES:
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            self._press(y, time_ms)
        elif kind == QEvent.Type.MouseMove:
            self._move(y, time_ms)
        elif kind == QEvent.Type.MouseButtonRelease:
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            self._release(y, time_ms)
        event.accept()
        return True

    def _touch(self, event: QTouchEvent) -> bool:
        self._seen_touch = True
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self.cancel()
            event.accept()
            return True
        points = event.points()
        if not points:
            event.accept()
            return True
        # The first finger drives the feed; a second finger does not restart the gesture.
        y, time_ms = points[0].position().y(), event.timestamp()
        if kind == QEvent.Type.TouchBegin:
            self._press(y, time_ms)
        elif kind == QEvent.Type.TouchUpdate:
            self._move(y, time_ms)
        else:
            self._release(y, time_ms)
        # Accepting TouchBegin is what makes Qt send the updates and the end to this widget.
        event.accept()
        return True

    def _wheel(self, event: QWheelEvent) -> bool:
        # The time of handling, not the event's timestamp: synthetic events carry none, and a
        # burst that piles up in the queue only becomes more of one burst.
        now_ms = int(time.monotonic() * 1000)
        direction = self.wheel.feed(event.angleDelta().y(), now_ms)
        # A finger on the glass owns the motion: a wheel step would fight the drag.
        if direction and not self.tracker.active:
            self._actions.step(direction)
        event.accept()
        return True

    def _key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key not in _STEP_KEYS and key not in _PAUSE_KEYS:
            return False
        # A held key would race through the feed; one press is one action.
        if event.type() == QEvent.Type.KeyPress and not event.isAutoRepeat():
            if key in _STEP_KEYS and not self.tracker.active:
                self._actions.step(_STEP_KEYS[key])
            else:
                self._actions.toggle_pause()
        event.accept()
        return True

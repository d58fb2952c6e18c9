"""Work that waits until the window's first screen is on screen, so it does not delay it.

Only that screen's own events are watched, never the whole application's: PySide6 wraps every
event a Python filter sees in a Python object, and the first time it wraps an event of a kind it
builds that kind's enums, which for an application-wide filter at start-up is about 180 enum
types, tens of milliseconds before the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget


class AfterFirstPaint(QObject):
    """Calls `then` once, just after the screen in front in `window` is first painted.

    If another screen comes to the front before that, the watch moves to it.
    """

    def __init__(self, window: QStackedWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self._screen: QWidget | None = None
        window.currentChanged.connect(self._watch_front)
        self._watch_front()

    def _watch_front(self, _index: int = -1) -> None:
        front = self._window.currentWidget()
        if front is self._screen:
            return
        if self._screen is not None:
            self._screen.removeEventFilter(self)
        self._screen = front
        if front is not None:
            front.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self._screen:
            watched.removeEventFilter(self)
            self._window.currentChanged.disconnect(self._watch_front)
            self._screen = None
            # Queued: it runs once this paint is done and on its way to the screen.
            QTimer.singleShot(0, self, self._then)
        return False

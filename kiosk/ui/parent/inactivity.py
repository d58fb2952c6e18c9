"""The parent panel's guard against being left open: a timeout with no input anywhere in the app.

A panel left open would hand a child the parent's powers, so it closes after a minute with no
mouse, touch or key input. Split from `panel` because it watches the whole application, not one
page, and knows nothing of what the panel shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

#: The longest a playing preview holds the inactivity count off.
DEFAULT_HOLD_LIMIT_MS = 5 * 60_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.InputMethod,
    }
)


class InactivityWatch(QObject):
    """Emits `timed_out()` after `timeout_ms` with no mouse, touch or key input anywhere in the app.

    It watches the whole application, not one widget, so that time spent in a dialog opened from
    the panel (the folder picker) counts as activity too. `set_held(True)` stops the count while
    something the parent is watching without touching (a playing preview) is on screen, but for
    `hold_limit_ms` at most: a parent who starts a long preview and walks away must not leave a
    child the panel's powers for as long as the video lasts.
    """

    timed_out = Signal()

    def __init__(
        self,
        timeout_ms: int,
        parent: QObject | None = None,
        *,
        hold_limit_ms: int = DEFAULT_HOLD_LIMIT_MS,
    ) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.timed_out)
        self._hold_limit = QTimer(self)
        self._hold_limit.setSingleShot(True)
        self._hold_limit.setInterval(hold_limit_ms)
        self._hold_limit.timeout.connect(lambda: self.set_held(False))
        self._watching = False
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        if not self._held:
            self.timer.start()

    def set_held(self, held: bool) -> None:
        """Hold the count (no timeout at all), or let it go: a full `timeout_ms` from now."""
        self._held = held
        if held:
            self.timer.stop()
            self._hold_limit.start()
            return
        self._hold_limit.stop()
        if self._watching:  # not while stopped: a hidden panel must not time out later
            self.timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False
        self.timer.stop()
        self._hold_limit.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self._held:
            self.timer.start()
        return False

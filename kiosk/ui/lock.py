"""The lock screen: a sleeping moon for the child, and behind a tap the grown-up's PIN pad.

A child sees a calm night sky with no words to read. Any tap, click or key turns it over to the
"ask a grown-up" pad; if nobody types for a while it turns back to the moon, so a pad left open
does not invite button-mashing. The pad's own throttle decides when a PIN may be tried. When no
PIN can be checked (none is set, or the stored one is damaged), the pad says so to the parent in
one sentence, and the lock stays shut.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.pin_pad.pad import PinPad
from kiosk.ui.screens import TimesUpScreen

#: With the pad open and untouched this long, the moon comes back.
PAD_IDLE_MS = 30_000


class LockScreen(QStackedWidget):
    """The moon, or the PIN pad; `unlocked` once a grown-up typed the right PIN."""

    unlocked = Signal()

    def __init__(
        self,
        check: Callable[[str], AttemptResult],
        wait_seconds: Callable[[], float],
        *,
        hint: str | None = None,
        pad_idle_ms: int = PAD_IDLE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.moon = TimesUpScreen()
        self.pad = PinPad(check, wait_seconds, hint=hint, can_cancel=True)
        self.addWidget(self.moon)
        self.addWidget(self.pad)
        self.pad.accepted.connect(self._on_accepted)
        self.pad.cancelled.connect(self.show_moon)
        self.moon.pad_requested.connect(self.show_pad)
        self.moon.installEventFilter(self)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(pad_idle_ms)
        self._idle.timeout.connect(self._on_idle)

    @property
    def shows_pad(self) -> bool:
        return self.currentWidget() is self.pad

    def set_parent_note(self, text: str) -> None:
        """A small line under the moon for the parent: why it is locked, and until when."""
        self.moon.set_parent_note(text)

    def show_moon(self) -> None:
        self._watch_activity(False)
        self._idle.stop()
        self.pad.reset()
        self.setCurrentWidget(self.moon)
        self.moon.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_pad(self) -> None:
        self.pad.reset()
        self.setCurrentWidget(self.pad)
        self.pad.setFocus(Qt.FocusReason.OtherFocusReason)
        self._watch_activity(True)
        self._idle.start()

    def _watch_activity(self, on: bool) -> None:
        """Any input anywhere while the pad is up (its keys are child widgets) keeps it open."""
        app = QApplication.instance()
        if app is None:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.moon and kind in _OPENING_EVENTS:
            self.show_pad()
            return True
        if kind in _ACTIVITY_EVENTS and self._idle.isActive():
            self._idle.start()
        return False

    def _on_idle(self) -> None:
        # A grown-up waiting out the throttle may leave the pad open: keep the countdown.
        if not self.pad.is_waiting:
            self.show_moon()

    def _on_accepted(self) -> None:
        self.show_moon()
        self.unlocked.emit()


_OPENING_EVENTS = frozenset(
    {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.KeyPress}
)
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.MouseMove,
    }
)

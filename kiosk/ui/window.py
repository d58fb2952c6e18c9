"""The top-level kiosk window: fullscreen, frameless and on top of the primary screen, or a window.

A child must not walk out of the kiosk: the close button, Alt+F4 (which arrives as a close
event), Esc, Ctrl+Q and Ctrl+W do nothing until the parent chose "leave" in the parent panel.
With no window manager at all (a bare `xinit` kiosk, or Xvfb), `showFullScreen()` alone leaves
a 640x480 window, so the geometry is also set to the screen's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget

from kiosk.ui.parent.gate import is_parent_shortcut

#: A phone-like portrait window for trying the kiosk out.
WINDOWED_SIZE = (405, 720)
#: The mouse pointer hides after this long without movement.
CURSOR_HIDE_MS = 3000

_MOD = Qt.KeyboardModifier
# Esc is not here: no screen of the kiosk closes on it, and the PIN pad uses it for "back".
_ESCAPE_KEYS = {
    (Qt.Key.Key_Q, _MOD.ControlModifier),
    (Qt.Key.Key_W, _MOD.ControlModifier),
    (Qt.Key.Key_F4, _MOD.AltModifier),
}


class KioskWindow(QStackedWidget):
    """Holds one full-size screen at a time: setup, start, feed, lock or the parent's screens."""

    def __init__(self, *, windowed: bool) -> None:
        super().__init__()
        self.windowed = windowed
        self.may_close = False
        self.setWindowTitle("Kiosk Clips")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def show_screen(self, screen: QWidget) -> None:
        """Bring `screen` to the front, adding it on first use, and give it the keyboard."""
        if self.currentWidget() is screen and self.indexOf(screen) >= 0:
            return  # already in front: keep the focus where the user put it (the PIN pad)
        if self.indexOf(screen) < 0:
            self.addWidget(screen)
        self.setCurrentWidget(screen)
        screen.setFocus(Qt.FocusReason.OtherFocusReason)

    def present(self) -> None:
        """Show the window: fullscreen over the whole primary screen, or as a portrait window."""
        if self.windowed:
            self.resize(*WINDOWED_SIZE)
            self.show()
            return
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        # With no window manager nobody gives the window the keyboard: take it.
        self.raise_()
        self.activateWindow()

    def leave(self) -> None:
        """The parent chose to leave: from now on the window may close."""
        self.may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close:
            event.accept()
        else:
            event.ignore()


class KioskKeys(QObject):
    """An application-wide filter: swallows the ways out, and opens the parent's PIN pad."""

    def __init__(self, open_parent: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_parent = open_parent

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        assert isinstance(event, QKeyEvent)
        if is_parent_shortcut(event):
            if event.type() == QEvent.Type.KeyPress:
                self._open_parent()
            return True
        modifiers = event.modifiers() & (
            _MOD.ControlModifier | _MOD.AltModifier | _MOD.ShiftModifier
        )
        return (Qt.Key(event.key()), modifiers) in _ESCAPE_KEYS


class CursorHider(QObject):
    """Hides the mouse pointer after 3 s without movement; any movement brings it back."""

    def __init__(
        self, parent: QObject | None = None, *, hide_after_ms: int = CURSOR_HIDE_MS
    ) -> None:
        super().__init__(parent)
        self.hidden = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hide_after_ms)
        self._timer.timeout.connect(self._hide)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseMove, QEvent.Type.HoverMove):
            if self.hidden:
                QApplication.restoreOverrideCursor()
                self.hidden = False
            self._timer.start()
        return False

    def _hide(self) -> None:
        if not self.hidden:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self.hidden = True

    def release(self) -> None:
        self._timer.stop()
        if self.hidden:
            QApplication.restoreOverrideCursor()
            self.hidden = False

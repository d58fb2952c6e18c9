"""The top-level kiosk window: fullscreen and frameless on the primary screen, or a window.

With no window manager at all (a bare `xinit` kiosk, or Xvfb), `showFullScreen()` alone leaves
a 640x480 window, so the geometry is also set to the screen's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QStackedWidget, QWidget

#: A phone-like portrait window for trying the kiosk out.
WINDOWED_SIZE = (405, 720)


class KioskWindow(QStackedWidget):
    """Holds one full-size screen at a time: the feed, and later the start or lock screens."""

    def __init__(self, *, windowed: bool) -> None:
        super().__init__()
        self.windowed = windowed
        self.setWindowTitle("Kiosk Clips")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAutoFillBackground(True)

    def show_screen(self, screen: QWidget) -> None:
        """Bring `screen` to the front, adding it on first use, and give it the keyboard."""
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
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Window
        )
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())

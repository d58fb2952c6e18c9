"""The kiosk window keeps a child in: close, Esc, Alt+F4, Ctrl+Q and Ctrl+W do nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.window import CursorHider, KioskKeys, KioskWindow

MOD = Qt.KeyboardModifier


class KeyRecorder(QWidget):
    """A screen that notes every key that reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.keys: list[int] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in (Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift):
            self.keys.append(event.key())


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[tuple[KioskWindow, list[int]]]:
    opened: list[int] = []
    win = KioskWindow(windowed=True)
    screen = KeyRecorder()
    win.show_screen(screen)
    keys = KioskKeys(lambda: opened.append(1))
    QApplication.instance().installEventFilter(keys)  # type: ignore[union-attr]
    win.present()
    qtbot.waitExposed(win)
    yield win, opened
    QApplication.instance().removeEventFilter(keys)  # type: ignore[union-attr]
    win.leave()


def test_close_is_refused_until_the_parent_leaves(window: tuple[KioskWindow, list[int]]) -> None:
    win, _ = window
    assert win.close() is False
    assert win.isVisible()
    win.leave()
    assert not win.isVisible()


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_F4, MOD.AltModifier),
        (Qt.Key.Key_Q, MOD.ControlModifier),
        (Qt.Key.Key_W, MOD.ControlModifier),
    ],
)
def test_quit_keys_are_swallowed_before_any_screen_sees_them(
    window: tuple[KioskWindow, list[int]], qtbot: QtBot, key: Qt.Key, modifiers: MOD
) -> None:
    win, _ = window
    screen = win.currentWidget()
    assert isinstance(screen, KeyRecorder)
    qtbot.keyClick(screen, Qt.Key.Key_A)
    qtbot.keyClick(screen, key, modifiers)
    assert screen.keys == [Qt.Key.Key_A]
    assert win.isVisible()


def test_ctrl_alt_p_asks_for_the_parent(
    window: tuple[KioskWindow, list[int]], qtbot: QtBot
) -> None:
    win, opened = window
    qtbot.keyClick(win.currentWidget(), Qt.Key.Key_P)
    assert opened == []
    qtbot.keyClick(win.currentWidget(), Qt.Key.Key_P, MOD.ControlModifier | MOD.AltModifier)
    assert opened == [1]


def test_fullscreen_covers_the_primary_screen(qtbot: QtBot) -> None:
    win = KioskWindow(windowed=False)
    win.show_screen(QWidget())
    win.present()
    qtbot.waitExposed(win)
    try:
        screen = QGuiApplication.primaryScreen()
        assert screen is not None
        assert win.geometry() == screen.geometry()
        assert win.windowFlags() & Qt.WindowType.FramelessWindowHint
        assert win.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    finally:
        win.leave()


def test_the_cursor_hides_when_still_and_returns_on_movement(qtbot: QtBot) -> None:
    hider = CursorHider(hide_after_ms=50)
    target = QWidget()
    try:
        qtbot.waitUntil(lambda: hider.hidden, timeout=2000)
        assert QApplication.overrideCursor() is not None
        assert QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor  # type: ignore[union-attr]
        move = QMouseEvent(
            QMouseEvent.Type.MouseMove,
            QPoint(5, 5).toPointF(),
            QPoint(5, 5).toPointF(),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            MOD.NoModifier,
        )
        hider.eventFilter(target, move)
        assert not hider.hidden and QApplication.overrideCursor() is None
    finally:
        hider.release()

"""Driving a screen by keyboard alone: every key goes to the widget that has the focus, as a
real keyboard's would, never to a widget the test picks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

#: More presses than any screen has controls: a Tab loop that never arrives is a failure.
MOST_PRESSES = 200


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard's focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """One key, to whatever has the focus."""
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, *, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until `target` has the focus; how many presses it took."""
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for presses in range(MOST_PRESSES):
        if focused() is target:
            return presses
        press(qtbot, Qt.Key.Key_Tab, modifier)
    raise AssertionError(f"Tab never reached {target!r}")


def focus_order(qtbot: QtBot, presses: int, key: Qt.Key = Qt.Key.Key_Tab) -> list[QWidget]:
    """What has the focus now and after each of `presses` presses of `key`."""
    order = [focused()]
    for _ in range(presses):
        press(qtbot, key)
        order.append(focused())
    return order


def show_for_keys(qtbot: QtBot, widget: QWidget, size: tuple[int, int] = (768, 1024)) -> None:
    """Show `widget` as an active window, so that it has the keyboard."""
    qtbot.addWidget(widget)
    widget.resize(*size)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()

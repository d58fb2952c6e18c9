"""The PIN pad by keyboard alone: digits, Backspace, Enter and Esc as before, and for a parent
who moves through the keys, Tab and the arrows with a ring that shows where, and Space."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import AttemptResult
from kiosk.ui.pin_pad.art import RoundKey
from kiosk.ui.pin_pad.pad import PinPad
from tests.ui.keyboard import focus_order, focused, press, show_for_keys
from tests.ui.pixels import painted

PIN = "4827"
Key = Qt.Key


def make_pad(qtbot: QtBot, checked: list[str]) -> PinPad:
    def check(pin: str) -> AttemptResult:
        checked.append(pin)
        return AttemptResult("ok" if pin == PIN else "wrong", 0, 0.0, None)

    pad = PinPad(check, lambda: 0.0, can_cancel=True)
    show_for_keys(qtbot, pad, (405, 720))
    pad.setFocus()
    return pad


def _names(pad: PinPad, widgets: list[object]) -> list[str]:
    by_key = {id(pad.key(name)): name for name in [*"0123456789", "backspace", "ok", "back"]}
    return [by_key.get(id(widget), "pad") for widget in widgets]


def test_tab_goes_through_every_key_and_back_to_the_pad(qtbot: QtBot) -> None:
    pad = make_pad(qtbot, [])
    order = _names(pad, focus_order(qtbot, 14))
    assert order == [
        "pad",
        *"123456789",
        "backspace",
        "0",
        "ok",
        "back",
        "pad",
    ]
    backwards = _names(pad, focus_order(qtbot, 2, Key.Key_Backtab))
    assert backwards == ["pad", "back", "ok"]


def test_the_arrows_move_across_the_keys_as_they_are_laid_out(qtbot: QtBot) -> None:
    pad = make_pad(qtbot, [])
    steps = [
        *(Key.Key_Right, Key.Key_Right),
        *(Key.Key_Down, Key.Key_Down, Key.Key_Down),
        *(Key.Key_Left, Key.Key_Up),
    ]
    visited = []
    for key in steps:
        press(qtbot, key)
        visited.append(focused())
    assert _names(pad, visited) == ["1", "2", "5", "8", "0", "backspace", "7"]
    press(qtbot, Key.Key_Left)
    assert focused() is pad.key("7")  # the edge holds


def test_space_presses_the_key_with_the_focus_and_enter_checks_the_pin(qtbot: QtBot) -> None:
    checked: list[str] = []
    pad = make_pad(qtbot, checked)
    moves = {
        "4": [Key.Key_Right, Key.Key_Down],  # from the pad to "1", then down
        "8": [Key.Key_Down, Key.Key_Right],
        "2": [Key.Key_Up, Key.Key_Up],
        "7": [Key.Key_Down, Key.Key_Down, Key.Key_Left],
    }
    for digit in PIN:
        for move in moves[digit]:
            press(qtbot, move)
        assert focused() is pad.key(digit)
        press(qtbot, Key.Key_Space)
    assert pad.entry_length == 4
    qtbot.keyClicks(focused(), "9")  # typed digits still reach the pad while a key has the focus
    press(qtbot, Key.Key_Backspace)
    with qtbot.waitSignal(pad.accepted, timeout=1000):
        press(qtbot, Key.Key_Return)
    assert checked == [PIN]


def test_esc_goes_back(qtbot: QtBot) -> None:
    pad = make_pad(qtbot, [])
    press(qtbot, Key.Key_Tab)
    with qtbot.waitSignal(pad.cancelled, timeout=1000):
        press(qtbot, Key.Key_Escape)


def _key_picture(key: RoundKey) -> QImage:
    return painted(key)


def test_the_key_with_the_focus_shows_a_ring(qtbot: QtBot) -> None:
    pad = make_pad(qtbot, [])
    five = pad.key("5")
    plain = _key_picture(five)
    five.setFocus(Qt.FocusReason.TabFocusReason)
    assert five.hasFocus()
    assert _key_picture(five) != plain
    pad.setFocus()
    assert _key_picture(five) == plain


def test_a_click_on_a_key_leaves_the_keyboard_with_the_pad(qtbot: QtBot) -> None:
    pad = make_pad(qtbot, [])
    qtbot.mouseClick(pad.key("3"), Qt.MouseButton.LeftButton)
    assert focused() is pad and pad.entry_length == 1

"""The PIN pad on a real PinGuard, a real state file and a fake clock: typing by keyboard, mouse
and touch, masking, the gentle wrong-PIN shake, the countdown of the throttle's waits, and the
sentence shown when no PIN can be checked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QRegion
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import PIN_DAMAGED, PIN_NOT_SET, AttemptResult, PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store
from kiosk.ui.pin_pad.pad import PinPad
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import state_path
from tests.ui.gestures import touch_tap
from tests.ui.paints import PaintRecorder, area
from tests.ui.pixels import painted

FAST = ScryptParams(n=2**4, r=1, p=1)  # the pad, not scrypt's cost, is tested here
PIN = "73915846"
WRONG = "1111"
DIGIT_KEYS = [str(digit) for digit in range(10)]
ALL_KEYS = [*DIGIT_KEYS, "backspace", "ok"]


@dataclass
class Parent:
    """A state file with a PIN set, its guard, its clock, and every PIN the pad asked about."""

    guard: PinGuard
    clock: FakeClock
    checked: list[str]

    def check(self, pin: str) -> AttemptResult:
        self.checked.append(pin)
        return self.guard.attempt(pin)


@pytest.fixture
def parent(store: Store) -> Parent:
    clock = FakeClock()
    guard = PinGuard(store.pin_records, clock, params=FAST)
    guard.set_pin(PIN)
    return Parent(guard, clock, [])


MakePad = Callable[..., PinPad]


@pytest.fixture
def make_pad(qtbot: QtBot, parent: Parent) -> MakePad:
    def make(size: tuple[int, int] = (405, 720), **options: object) -> PinPad:
        pad = PinPad(parent.check, parent.guard.seconds_to_wait, **options)  # type: ignore[arg-type]
        qtbot.addWidget(pad)
        pad.resize(*size)
        pad.show()
        qtbot.waitExposed(pad)
        return pad

    return make


def type_on_keyboard(qtbot: QtBot, pad: PinPad, pin: str) -> None:
    qtbot.keyClicks(pad, pin)
    qtbot.keyClick(pad, Qt.Key.Key_Return)


def start_a_wait(qtbot: QtBot, pad: PinPad) -> None:
    """Five wrong PINs: the throttle's first wait begins."""
    for _attempt in range(5):
        type_on_keyboard(qtbot, pad, WRONG)
    assert pad.is_waiting


def click_keys(qtbot: QtBot, pad: PinPad, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(pad.key(digit), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.key("ok"), Qt.MouseButton.LeftButton)


def send_key(pad: PinPad, key: Qt.Key, text: str = "", keypad: bool = False) -> None:
    modifiers = Qt.KeyboardModifier.KeypadModifier if keypad else Qt.KeyboardModifier.NoModifier
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(pad, QKeyEvent(kind, key, modifiers, text))


def filled_dots(pad: PinPad) -> int:
    """How many entry dots are painted solid (near white at their centre)."""
    image = painted(pad)
    count = 0
    for centre in pad.dot_centres():
        colour = image.pixelColor(round(centre.x()), round(centre.y()))
        count += min(colour.red(), colour.green(), colour.blue()) > 200
    return count


def ring_top_is_painted(pad: PinPad) -> bool:
    """Whether the wait ring's arc is painted at 12 o'clock, where it starts."""
    box = pad.wait_ring_box()
    colour = painted(pad).pixelColor(round(box.center().x()), round(box.top() + 3))
    return colour.red() > 200 and colour.green() > 160 and colour.blue() < 170


def test_five_wrong_pins_start_a_countdown_and_the_right_pin_opens_after_it(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    assert not pad.countdown.ticking  # no timer without a wait
    for attempt in range(5):
        assert not pad.is_waiting
        (type_on_keyboard if attempt % 2 else click_keys)(qtbot, pad, WRONG)
    assert parent.checked == [WRONG] * 5

    # The fifth failure starts a 30 s wait, shown at once.
    assert pad.is_waiting and pad.countdown.ticking
    assert pad.countdown.text == "0:30"
    assert pad.countdown.fraction_left == pytest.approx(1.0)
    assert not any(pad.key(name).isEnabled() for name in ALL_KEYS)
    assert ring_top_is_painted(pad)
    # Neither keys nor clicks reach the guard during the wait.
    type_on_keyboard(qtbot, pad, PIN)
    click_keys(qtbot, pad, PIN)
    assert parent.checked == [WRONG] * 5 and pad.entry_length == 0 and not accepted

    parent.clock.advance(15)
    pad.refresh_wait()
    assert pad.countdown.text == "0:15"
    assert pad.countdown.fraction_left == pytest.approx(0.5)

    parent.clock.advance(16)
    pad.refresh_wait()
    assert not pad.is_waiting and not pad.countdown.ticking
    assert all(pad.key(name).isEnabled() for name in ALL_KEYS)
    assert not ring_top_is_painted(pad)
    with qtbot.waitSignal(pad.accepted):
        type_on_keyboard(qtbot, pad, PIN)
    assert pad.entry_length == 0


def test_the_timer_brings_the_keys_back_when_the_wait_is_over(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    start_a_wait(qtbot, pad)
    assert not pad.key("5").isEnabled()
    parent.clock.advance(30)
    # No call here: the pad's own once-a-second timer notices that the wait is over.
    qtbot.waitUntil(lambda: pad.key("5").isEnabled())
    assert not pad.is_waiting and not pad.countdown.ticking


def test_a_pad_shown_after_a_restart_mid_wait_counts_down_at_once(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    for _ in range(6):  # six failures: a minute's wait
        parent.guard.attempt(WRONG)
        parent.clock.advance(parent.guard.seconds_to_wait())
    parent.guard.attempt(WRONG)  # the seventh starts five minutes
    parent.clock.advance(100)
    pad = make_pad()
    assert pad.is_waiting and pad.countdown.text == "3:20"
    assert not pad.key("0").isEnabled()
    pad.hide()
    assert not pad.countdown.ticking  # nothing ticks off screen


def test_a_wait_started_elsewhere_shows_when_the_parent_tries(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    for _ in range(5):  # `kiosk unlock` in a terminal, while the pad is on screen
        parent.guard.attempt(WRONG)
    assert not pad.is_waiting
    click_keys(qtbot, pad, PIN)
    assert pad.is_waiting and pad.countdown.text == "0:30"
    assert not pad.key("ok").isEnabled()


def test_a_wrong_pin_shakes_gently_and_the_dots_clear(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    qtbot.keyClicks(pad, WRONG)
    assert filled_dots(pad) == 4
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert parent.checked == [WRONG]
    assert pad.entry_length == 0 and pad.is_shaking
    qtbot.waitUntil(lambda: not pad.is_shaking)
    assert filled_dots(pad) == 0
    assert pad.key("1").isEnabled()  # one wrong PIN costs no wait


def test_fewer_digits_than_any_pin_are_refused_without_an_attempt(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    qtbot.keyClick(pad, Qt.Key.Key_Return)  # nothing typed: nothing happens
    assert not pad.is_shaking
    for _ in range(10):
        type_on_keyboard(qtbot, pad, "739")
    assert parent.checked == [] and pad.is_shaking and not pad.is_waiting


def test_typed_digits_are_never_held_as_text_and_show_as_dots(
    qtbot: QtBot, make_pad: MakePad
) -> None:
    pad = make_pad(hint="PIN 0000", can_cancel=True)
    typed = PIN[:7]
    qtbot.keyClicks(pad, typed)
    assert pad.entry_length == 7 and filled_dots(pad) == 7
    widgets: list[QWidget] = [pad, *pad.findChildren(QWidget)]
    for widget in widgets:
        texts = [
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.toolTip(),
            widget.statusTip(),
            widget.whatsThis(),
            widget.windowTitle(),
        ]
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        assert not any(typed[:4] in text for text in texts), widget
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert filled_dots(pad) == 6


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (405, 720)])
def test_keys_are_at_least_64_px_and_all_on_screen(
    make_pad: MakePad, size: tuple[int, int]
) -> None:
    pad = make_pad(size, hint="PIN 0000")
    rects = [pad.key(name).geometry() for name in ALL_KEYS]
    for rect in rects:
        assert rect.width() >= 64 and rect.height() >= 64
        assert pad.rect().contains(rect)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    if size == (1080, 1920):
        assert rects[0].width() >= 1080 * 0.11 - 1  # they grow with the screen


@pytest.mark.parametrize("enter", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_keyboard_digits_backspace_and_enter(
    qtbot: QtBot, make_pad: MakePad, parent: Parent, enter: Qt.Key
) -> None:
    pad = make_pad()
    qtbot.keyClicks(pad, PIN + "9")  # the ninth digit is one too many
    assert pad.entry_length == 8
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pad, PIN[-2:])
    with qtbot.waitSignal(pad.accepted):
        qtbot.keyClick(pad, enter)
    assert parent.checked == [PIN]


def test_numeric_keypad_digits(qtbot: QtBot, make_pad: MakePad, parent: Parent) -> None:
    pad = make_pad()
    for digit in PIN:
        send_key(pad, Qt.Key(ord(digit)), digit, keypad=True)
    with qtbot.waitSignal(pad.accepted):
        send_key(pad, Qt.Key.Key_Enter, "\r", keypad=True)
    assert parent.checked == [PIN]


def test_digit_keys_without_text_still_type(make_pad: MakePad) -> None:
    pad = make_pad()
    for digit in "739":
        send_key(pad, Qt.Key(ord(digit)))
    assert pad.entry_length == 3


def test_touch_taps_on_the_keys_type_and_submit(qtbot: QtBot, make_pad: MakePad) -> None:
    pad = make_pad()
    for digit in PIN:
        key = pad.key(digit)
        touch_tap(pad, key.geometry().center())
    assert pad.entry_length == len(PIN)
    with qtbot.waitSignal(pad.accepted):
        touch_tap(pad, pad.key("ok").geometry().center())


def test_back_and_escape_cancel_only_when_offered(qtbot: QtBot, make_pad: MakePad) -> None:
    pad = make_pad(can_cancel=True)
    with qtbot.waitSignal(pad.cancelled):
        qtbot.mouseClick(pad.key("back"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(pad.cancelled):
        qtbot.keyClick(pad, Qt.Key.Key_Escape)
    locked = make_pad(can_cancel=False)
    assert not locked.key("back").isVisible()
    with qtbot.assertNotEmitted(locked.cancelled):
        qtbot.keyClick(locked, Qt.Key.Key_Escape)


def test_the_back_key_stays_usable_during_a_wait(qtbot: QtBot, make_pad: MakePad) -> None:
    pad = make_pad(can_cancel=True)
    for _ in range(5):
        type_on_keyboard(qtbot, pad, WRONG)
    assert pad.is_waiting and pad.key("back").isEnabled()


def test_reset_clears_the_entry(qtbot: QtBot, make_pad: MakePad) -> None:
    pad = make_pad()
    qtbot.keyClicks(pad, "7391")
    pad.reset()
    assert pad.entry_length == 0 and filled_dots(pad) == 0


def test_the_hint_is_painted_under_the_keys(make_pad: MakePad) -> None:
    pad = make_pad(hint="PIN 0000")
    below_keys = pad.key("0").geometry().bottom() + 4
    with_hint = painted(pad).copy(0, below_keys, pad.width(), pad.height() - below_keys)
    pad.set_hint(None)
    without = painted(pad).copy(0, below_keys, pad.width(), pad.height() - below_keys)
    assert with_hint != without


def bright_pixels_under_keys(pad: PinPad) -> int:
    """How many pixels under the keys are near white: text, where the pad is otherwise dark."""
    image = painted(pad)
    top = pad.key("0").geometry().bottom() + 4
    return sum(
        min(colour.red(), colour.green(), colour.blue()) > 200
        for y in range(top, pad.height(), 2)
        for x in range(0, pad.width(), 2)
        for colour in (image.pixelColor(x, y),)
    )


def test_with_no_pin_set_the_pad_says_so_and_opens_nothing(qtbot: QtBot, store: Store) -> None:
    guard = PinGuard(store.pin_records, FakeClock(), params=FAST)
    pad = PinPad(guard.attempt, guard.seconds_to_wait)
    qtbot.addWidget(pad)
    pad.resize(405, 720)
    pad.show()
    qtbot.waitExposed(pad)
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    assert bright_pixels_under_keys(pad) == 0

    type_on_keyboard(qtbot, pad, PIN)

    assert pad.problem == PIN_NOT_SET and accepted == []
    assert not pad.is_shaking and not pad.is_waiting  # no wrong PIN, no wait: nothing counted
    assert bright_pixels_under_keys(pad) > 50  # the sentence is painted under the keys
    assert all(pad.rect().contains(pad.key(name).geometry()) for name in ALL_KEYS)
    qtbot.keyClicks(pad, "7")  # a new try: the sentence goes
    assert pad.problem is None and bright_pixels_under_keys(pad) == 0


def test_a_damaged_pin_says_so_every_time_and_opens_nothing(
    qtbot: QtBot, make_pad: MakePad, parent: Parent, tmp_path: Path
) -> None:
    pad = make_pad()
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    with sqlite3.connect(state_path(tmp_path)) as raw:
        raw.execute("UPDATE pin_secrets SET algorithm = 'md5'")
    raw.close()
    for attempt in range(6):  # more than the free tries: none of them counts
        (type_on_keyboard if attempt % 2 else click_keys)(qtbot, pad, PIN)
        assert pad.problem == PIN_DAMAGED and not pad.is_shaking and not pad.is_waiting
    assert accepted == [] and parent.checked == [PIN] * 6
    pad.reset()
    assert pad.problem is None


def test_the_keys_hit_area_is_the_whole_square(qtbot: QtBot, make_pad: MakePad) -> None:
    pad = make_pad()
    key = pad.key("5")
    qtbot.mouseClick(key, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert pad.entry_length == 1


def test_a_second_of_the_wait_repaints_only_the_ring_and_the_countdown(
    qtbot: QtBot, make_pad: MakePad, parent: Parent
) -> None:
    pad = make_pad()
    start_a_wait(qtbot, pad)
    paints = PaintRecorder(pad)
    paints.clear()
    parent.clock.advance(1)
    pad.refresh_wait()
    regions = paints.settle()
    assert regions and pad.countdown.text == "0:29"
    ring = pad.wait_ring_box().toAlignedRect().adjusted(-2, -2, 2, 2)
    allowed = QRegion(ring).united(QRegion(pad.dot_row().toAlignedRect()))
    assert all(allowed.united(region) == allowed for region in regions)
    assert all(area(region) < 0.25 * pad.width() * pad.height() for region in regions)

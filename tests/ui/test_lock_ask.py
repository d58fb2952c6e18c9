"""The lock screen's "please, more" as real widgets offscreen: the raised hand a child taps, the
parent's answer chips and their PIN, and the pictures an answer shows, checked in pixels."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.core.pin.guard import PinGuard
from kiosk.core.store.store import Store
from kiosk.ui.lock import LockScreen
from kiosk.ui.lock_art import ASKED_GLOW
from kiosk.ui.lock_moon import HAPPY_BOTTOM
from kiosk.ui.screens import NIGHT_BOTTOM
from tests.core.fake_clock import FakeClock
from tests.ui.parent_helpers import FAST
from tests.ui.pixels import painted

PIN = "73915846"
SIZE = (270, 480)

MakeLock = Callable[..., LockScreen]


@pytest.fixture
def guard(store: Store) -> PinGuard:
    guard = PinGuard(store.pin_records, FakeClock(), params=FAST)
    guard.set_pin(PIN)
    return guard


@pytest.fixture
def make_lock(qtbot: QtBot, guard: PinGuard) -> MakeLock:
    def make(**options: object) -> LockScreen:
        lock = LockScreen(guard.attempt, guard.seconds_to_wait, answer_ms=200, **options)  # type: ignore[arg-type]
        qtbot.addWidget(lock)
        lock.resize(*SIZE)
        lock.show()
        qtbot.waitExposed(lock)
        return lock

    return make


def tap(qtbot: QtBot, lock: LockScreen, point: QPointF) -> None:
    qtbot.mouseClick(lock.moon, Qt.MouseButton.LeftButton, pos=point.toPoint())


def type_pin(lock: LockScreen, pin: str) -> None:
    for digit in pin:
        lock.pad.type_digit(digit)
    lock.pad.submit()


def close(colour: QColor, want: QColor, slack: int = 30) -> bool:
    return all(
        abs(a - b) <= slack
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (want.red(), want.green(), want.blue()),
            strict=True,
        )
    )


def button_rim(lock: LockScreen) -> QPoint:
    """A point inside the hand's button but off the hand: the button's own colour."""
    rect = lock.moon.hand_rect()
    return QPoint(round(rect.left() + rect.width() * 0.2), round(rect.center().y()))


def test_the_child_raises_the_hand_without_opening_the_pad(
    qtbot: QtBot, make_lock: MakeLock
) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    asks: list[int] = []
    lock.ask_requested.connect(lambda: asks.append(1))
    tap(qtbot, lock, lock.moon.hand_rect().center())
    assert asks == [1] and not lock.shows_pad


def test_the_hand_stays_up_and_glows_once_asked(qtbot: QtBot, make_lock: MakeLock) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    down = painted(lock.moon).pixelColor(button_rim(lock))
    assert not close(down, ASKED_GLOW, slack=60)  # a soft, see-through button on the night
    lock.set_ask(may_ask=False, asked=True)
    assert lock.moon.hand == "up"
    up = painted(lock.moon).pixelColor(button_rim(lock))
    assert close(up, ASKED_GLOW)
    asks: list[int] = []
    lock.ask_requested.connect(lambda: asks.append(1))
    tap(qtbot, lock, lock.moon.hand_rect().center())
    assert asks == []  # once a lock: the raised hand asks nothing more


def test_no_hand_once_a_parent_said_not_today(make_lock: MakeLock) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=False, asked=False)
    assert lock.moon.hand == "hidden"
    rim = painted(lock.moon).pixelColor(button_rim(lock))
    assert close(rim, NIGHT_BOTTOM, slack=70)  # just the night sky where the hand was


def test_the_chips_offer_one_more_clip_and_while_asked_all_three_answers(
    make_lock: MakeLock,
) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    assert [words for _, words in lock.moon.chips] == ["One more clip"]
    lock.set_ask(may_ask=False, asked=True)
    assert [words for _, words in lock.moon.chips] == ["+5 min", "One more clip", "Not today"]
    rects = lock.moon.chip_rects()
    assert all(lock.moon.rect().contains(rect.toRect()) for rect in rects)  # all on screen
    hand = lock.moon.hand_rect()
    assert all(not rect.intersects(other) for rect, other in itertools.combinations(rects, 2))
    assert all(rect.top() > hand.bottom() for rect in rects)  # under the hand, none overlapping


@pytest.mark.parametrize(
    ("chip", "answer", "sky"),
    [(0, "minutes", HAPPY_BOTTOM), (1, "clip", HAPPY_BOTTOM), (2, "not_today", None)],
)
def test_a_chip_and_the_pin_give_that_answer_and_show_its_picture(
    qtbot: QtBot, make_lock: MakeLock, chip: int, answer: str, sky: QColor | None
) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=False, asked=True)
    answers: list[str] = []
    panel: list[int] = []
    lock.answered.connect(answers.append)
    lock.unlocked.connect(lambda: panel.append(1))
    tap(qtbot, lock, lock.moon.chip_rects()[chip].center())
    assert lock.shows_pad and lock.pad.caption == lock.moon.chips[chip][1]
    type_pin(lock, PIN)
    assert answers == [answer] and panel == []
    assert lock.holds_front and lock.moon.picture == ("sleepy" if sky is None else "happy")
    bottom = painted(lock.moon).pixelColor(SIZE[0] // 2, SIZE[1] - 3)
    if sky is None:
        assert max(bottom.red(), bottom.green(), bottom.blue()) < 90  # a dark, sleepy night
    else:
        assert close(bottom, sky)  # a warm sky under the happy moon
    qtbot.waitUntil(lambda: not lock.holds_front, timeout=3000)
    assert lock.moon.picture is None


def test_a_wrong_pin_on_a_chip_answers_nothing(qtbot: QtBot, make_lock: MakeLock) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    answers: list[str] = []
    lock.answered.connect(answers.append)
    tap(qtbot, lock, lock.moon.chip_rects()[0].center())
    type_pin(lock, "11112222")
    assert answers == [] and not lock.holds_front and lock.shows_pad


def test_a_tap_elsewhere_still_opens_the_pad_for_the_panel(
    qtbot: QtBot, make_lock: MakeLock
) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    opened: list[int] = []
    lock.unlocked.connect(lambda: opened.append(1))
    tap(qtbot, lock, QPointF(SIZE[0] / 2, SIZE[1] * 0.3))
    assert lock.shows_pad and lock.pad.caption == "Ask a grown-up"
    type_pin(lock, PIN)
    assert opened == [1] and not lock.holds_front


def test_the_pad_for_an_answer_forgets_it_when_it_goes_back_to_the_moon(
    qtbot: QtBot, make_lock: MakeLock
) -> None:
    lock = make_lock()
    lock.set_ask(may_ask=True, asked=False)
    tap(qtbot, lock, lock.moon.chip_rects()[0].center())
    lock.pad.cancelled.emit()
    assert not lock.shows_pad
    opened: list[int] = []
    lock.unlocked.connect(lambda: opened.append(1))
    tap(qtbot, lock, QPointF(SIZE[0] / 2, SIZE[1] * 0.3))
    type_pin(lock, PIN)
    assert opened == [1]  # the panel, not the clip the earlier chip was for

"""The parent's doors to the PIN pad: a two-second hold on the corner lock, and Ctrl+Alt+P.

A short tap, a swipe that starts on the lock, and a press anywhere else must not open the pad,
and a press on the lock must not also reach the feed (pause the clip or move it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.parent.gate import HOLD_MS, ParentCorner, is_parent_shortcut
from tests.ui.conftest import Feed
from tests.ui.gestures import press_and_drag, release, touch_device, touch_tap
from tests.ui.pixels import painted

SHORT_HOLD_MS = 80


class Host(QWidget):
    """A plain widget that offers its input to the corner first, like the feed does."""

    def __init__(self, hold_ms: int) -> None:
        super().__init__()
        self.corner = ParentCorner(self, hold_ms=hold_ms)
        self.passed_on: list[QEvent.Type] = []
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)

    def event(self, event: QEvent) -> bool:
        corner: ParentCorner | None = getattr(self, "corner", None)
        if corner is not None and corner.intercept(event):
            return True
        if event.type() in {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchEnd,
        }:
            self.passed_on.append(event.type())
            event.accept()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(40, 120, 70))
        self.corner.paint(painter, self.rect())
        painter.end()


@pytest.fixture
def make_host(qtbot: QtBot) -> Iterator[Callable[[int], Host]]:
    def make(hold_ms: int = HOLD_MS) -> Host:
        host = Host(hold_ms)
        qtbot.addWidget(host)
        host.resize(405, 720)
        host.show()
        qtbot.waitExposed(host)
        return host

    yield make


def icon_centre(host: QWidget, corner: ParentCorner) -> QPoint:
    return corner.icon_rect(host.rect()).center().toPoint()


def ring_start_is_painted(host: QWidget, corner: ParentCorner) -> bool:
    """Whether the hold ring is painted at 12 o'clock, just above the icon."""
    ring = corner.ring_rect(host.rect())
    colour = painted(host).pixelColor(round(ring.center().x()), round(ring.top()))
    return colour.red() > 200 and colour.green() > 170 and colour.blue() < 170


def test_holding_the_lock_opens_the_pad(qtbot: QtBot, make_host: Callable[[int], Host]) -> None:
    host = make_host(SHORT_HOLD_MS)
    centre = icon_centre(host, host.corner)
    with qtbot.waitSignal(host.corner.requested):
        qtbot.mousePress(host, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseRelease(host, Qt.MouseButton.LeftButton, pos=centre)
    assert host.passed_on == []  # neither the press nor its release reached the host


def test_a_touch_hold_on_the_lock_opens_the_pad(
    qtbot: QtBot, make_host: Callable[[int], Host]
) -> None:
    host = make_host(SHORT_HOLD_MS)
    centre = icon_centre(host, host.corner)
    with qtbot.waitSignal(host.corner.requested):
        QTest.touchEvent(host, touch_device()).press(0, centre, host).commit()
    QTest.touchEvent(host, touch_device()).release(0, centre, host).commit()
    assert host.passed_on == []


def test_a_ring_fills_around_the_lock_while_it_is_held(
    qtbot: QtBot, make_host: Callable[[int], Host]
) -> None:
    host = make_host(HOLD_MS)
    assert not ring_start_is_painted(host, host.corner)
    centre = icon_centre(host, host.corner)
    qtbot.mousePress(host, Qt.MouseButton.LeftButton, pos=centre)
    assert host.corner.holding
    qtbot.waitUntil(lambda: host.corner.hold_progress > 0.05)
    assert ring_start_is_painted(host, host.corner)
    qtbot.mouseRelease(host, Qt.MouseButton.LeftButton, pos=centre)
    assert not host.corner.holding and not ring_start_is_painted(host, host.corner)


def test_a_short_tap_on_the_lock_does_nothing(
    qtbot: QtBot, make_host: Callable[[int], Host]
) -> None:
    host = make_host(300)
    centre = icon_centre(host, host.corner)
    with qtbot.assertNotEmitted(host.corner.requested, wait=700):
        qtbot.mouseClick(host, Qt.MouseButton.LeftButton, pos=centre)
        # The release stopped the hold, so its timer can never fire.
        assert not host.corner.holding
        touch_tap(host, centre)
        assert not host.corner.holding
    assert host.passed_on == []


def test_hiding_the_host_ends_a_hold(qtbot: QtBot, make_host: Callable[[int], Host]) -> None:
    host = make_host(300)
    qtbot.mousePress(host, Qt.MouseButton.LeftButton, pos=icon_centre(host, host.corner))
    assert host.corner.holding
    with qtbot.assertNotEmitted(host.corner.requested, wait=700):
        host.hide()
        assert not host.corner.holding


def test_a_press_elsewhere_is_left_to_the_host(
    qtbot: QtBot, make_host: Callable[[int], Host]
) -> None:
    host = make_host(SHORT_HOLD_MS)
    middle = QPoint(host.width() // 2, host.height() // 2)
    with qtbot.assertNotEmitted(host.corner.requested, wait=SHORT_HOLD_MS * 4):
        qtbot.mousePress(host, Qt.MouseButton.LeftButton, pos=middle)
        assert not host.corner.holding
    qtbot.mouseRelease(host, Qt.MouseButton.LeftButton, pos=middle)
    assert host.passed_on == [QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease]


def test_a_swipe_that_starts_on_the_lock_opens_nothing_and_moves_nothing(
    qtbot: QtBot, make_host: Callable[[int], Host]
) -> None:
    host = make_host(300)
    start = icon_centre(host, host.corner)
    end = QPoint(start.x() + 10, start.y() - 300)
    with qtbot.assertNotEmitted(host.corner.requested, wait=700):
        press_and_drag(qtbot, host, start, end, steps=4)
        assert not host.corner.holding  # sliding off the lock cancelled the hold
        release(qtbot, host, end)
    assert host.passed_on == []


@pytest.mark.parametrize(
    "corner",
    [
        Qt.Corner.TopLeftCorner,
        Qt.Corner.TopRightCorner,
        Qt.Corner.BottomLeftCorner,
        Qt.Corner.BottomRightCorner,
    ],
)
def test_the_lock_is_small_and_in_its_corner(corner: Qt.Corner) -> None:
    host = QWidget()
    try:
        lock = ParentCorner(host, corner=corner)
        area = QRect(0, 0, 1080, 1920)
        icon = lock.icon_rect(area)
        assert 40 <= icon.width() <= 48 and icon.width() == icon.height()
        left = corner in (Qt.Corner.TopLeftCorner, Qt.Corner.BottomLeftCorner)
        top = corner in (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)
        assert (icon.center().x() < area.width() / 2) == left
        assert (icon.center().y() < area.height() / 2) == top
    finally:
        host.deleteLater()


def test_in_the_feed_a_press_on_the_lock_neither_pauses_nor_swipes(
    qtbot: QtBot, fake_feed: Callable[..., Feed]
) -> None:
    feed = fake_feed(["red", "green", "blue"])
    widget = feed.widget
    qtbot.waitUntil(lambda: widget.current_clip is not None)
    corner = ParentCorner(widget, hold_ms=SHORT_HOLD_MS)
    widget.add_overlay(corner.paint)
    widget.add_input_interceptor(corner.intercept)
    centre = icon_centre(widget, corner)

    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=centre)
    touch_tap(widget, centre)
    press_and_drag(qtbot, widget, centre, QPoint(centre.x(), 10), steps=4)
    release(qtbot, widget, QPoint(centre.x(), 10))
    with qtbot.waitSignal(corner.requested):
        qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=centre)
    assert not widget.is_paused
    assert [clip.title for clip in feed.changes] == ["red"]

    # A tap anywhere else is still the feed's: it pauses the clip.
    touch_tap(widget, QPoint(widget.width() // 2, widget.height() // 2))
    assert widget.is_paused


def key_event(key: Qt.Key, modifiers: Qt.KeyboardModifier, *, repeat: bool = False) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers, "", repeat)


CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def test_ctrl_alt_p_is_the_parent_shortcut() -> None:
    assert is_parent_shortcut(key_event(Qt.Key.Key_P, CTRL | ALT))


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_P, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_P, CTRL),
        (Qt.Key.Key_P, ALT),
        (Qt.Key.Key_P, CTRL | ALT | Qt.KeyboardModifier.MetaModifier),
        (Qt.Key.Key_O, CTRL | ALT),
    ],
)
def test_other_keys_are_not_the_parent_shortcut(
    key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    assert not is_parent_shortcut(key_event(key, modifiers))


def test_a_held_shortcut_counts_once() -> None:
    assert not is_parent_shortcut(key_event(Qt.Key.Key_P, CTRL | ALT, repeat=True))
    release_event = QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_P, CTRL | ALT, "")
    assert not is_parent_shortcut(release_event)

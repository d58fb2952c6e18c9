"""The feed's input on fake players: touch, mouse, wheel and keys, edges, interceptors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.feed.feed_waits import MakeFeed, loads, on_screen, started
from tests.ui.gestures import press_and_drag, release, touch_swipe, touch_tap, vertical_drag, wheel
from tests.ui.pixels import centre_colour, colour_at


def test_a_touch_swipe_up_moves_to_the_next_clip_reloading_one_player(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue", "white"]))
    loads_before = loads(feed)
    x, height = feed.widget.width() // 2, feed.widget.height()
    touch_swipe(feed.widget, QPoint(x, height * 3 // 4), QPoint(x, height // 4))
    on_screen(qtbot, feed, "green")
    assert [clip.title for clip in feed.changes] == ["red", "green"]
    assert loads(feed) == loads_before + 1


def test_a_touch_tap_pauses_and_a_second_one_resumes(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    centre = QPoint(feed.widget.width() // 2, feed.widget.height() // 2)
    touch_tap(feed.widget, centre)
    assert feed.widget.is_paused
    assert not feed.pool.current.is_playing
    touch_tap(feed.widget, centre)
    assert not feed.widget.is_paused
    assert feed.pool.current.is_playing


def test_dragging_back_at_the_first_clip_resists_and_springs_back(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    widget = feed.widget
    x = widget.width() // 2
    start, end = QPoint(x, 40), QPoint(x, 40 + widget.height() // 2)
    press_and_drag(qtbot, widget, start, end)
    # The content moved down, but only a third as far as the finger (no clip up there).
    assert colour_at(widget, x, 10) == "dark"
    assert colour_at(widget, x, widget.height() // 4) == "red"
    release(qtbot, widget, end)
    qtbot.waitUntil(lambda: colour_at(widget, x, 2) == "red")
    assert [clip.title for clip in feed.changes] == ["red"]


def test_the_paint_right_after_a_key_press_already_shows_the_next_clip_coming_in(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    widget = feed.widget
    paints: list[QRect] = []
    widget.add_overlay(lambda painter, area: paints.append(area))
    qtbot.waitUntil(lambda: bool(paints))
    paints.clear()
    qtbot.keyClick(widget, Qt.Key.Key_Down)
    # Painted inside the key press's own handling, not at a later update request...
    assert paints
    # ...and with the slide already one frame in: no animation tick has run yet.
    assert colour_at(widget, widget.width() // 2, widget.height() - 2) == "green"
    assert centre_colour(widget) == "red"


def test_up_at_the_first_clip_stays_on_it(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    qtbot.keyClick(feed.widget, Qt.Key.Key_Up)
    qtbot.keyClick(feed.widget, Qt.Key.Key_PageUp)
    vertical_drag(qtbot, feed.widget, -0.4)
    qtbot.waitUntil(lambda: colour_at(feed.widget, feed.widget.width() // 2, 2) == "red")
    assert feed.widget.current_clip is not None
    assert feed.widget.current_clip.title == "red"
    assert [clip.title for clip in feed.changes] == ["red"]


def test_a_burst_of_wheel_events_moves_one_clip(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    for _ in range(30):
        wheel(feed.widget, -40)
    on_screen(qtbot, feed, "green")
    assert [clip.title for clip in feed.changes] == ["red", "green"]


def test_a_held_key_moves_one_clip_not_one_per_repeat(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    qtbot.keyPress(feed.widget, Qt.Key.Key_Down)
    for _ in range(5):
        repeat = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, "", True
        )
        QApplication.sendEvent(feed.widget, repeat)
    qtbot.keyRelease(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")
    assert [clip.title for clip in feed.changes] == ["red", "green"]


def test_overlays_are_painted_over_the_clip(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))

    def blue_corner(painter: QPainter, area: QRect) -> None:
        painter.fillRect(QRect(area.right() - 30, 0, 30, 30), QColor("blue"))

    feed.widget.add_overlay(blue_corner)
    assert colour_at(feed.widget, feed.widget.width() - 10, 10) == "blue"
    assert centre_colour(feed.widget) == "red"
    feed.widget.remove_overlay(blue_corner)
    assert colour_at(feed.widget, feed.widget.width() - 10, 10) == "red"


def test_an_input_interceptor_sees_input_before_the_feed(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    corner_presses: list[QPoint] = []

    def corner_hold(event: QEvent) -> bool:
        # What a parent gesture would do: claim presses in the top-left corner.
        if event.type() == QEvent.Type.MouseButtonPress:
            position = event.position().toPoint()  # type: ignore[attr-defined]
            if position.x() < 40 and position.y() < 40:
                corner_presses.append(position)
                return True
        return False

    feed.widget.add_input_interceptor(corner_hold)
    qtbot.mouseClick(feed.widget, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert corner_presses == [QPoint(10, 10)]
    assert not feed.widget.is_paused
    qtbot.mouseClick(feed.widget, Qt.MouseButton.LeftButton, pos=QPoint(90, 160))
    assert feed.widget.is_paused


def test_frames_are_asked_for_at_the_widgets_size_in_device_pixels(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    feed.widget.resize(240, 400)
    ratio = feed.widget.devicePixelRatioF()
    expected = (round(240 * ratio), round(400 * ratio))
    qtbot.waitUntil(lambda: all(player.box == expected for player in feed.players))


def test_a_quick_flick_moves_on_after_a_short_drag(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    widget = feed.widget
    x, height = widget.width() // 2, widget.height()
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(x, height // 2))
    # 15 % of the height (below the quarter) in 3 events 5 ms apart: a flick.
    for step in (1, 2, 3):
        qtbot.mouseMove(widget, QPoint(x, height // 2 - step * height // 20), delay=5)
    qtbot.mouseRelease(
        widget, Qt.MouseButton.LeftButton, pos=QPoint(x, height // 2 - 3 * height // 20), delay=5
    )
    on_screen(qtbot, feed, "green")


def test_the_same_short_drag_done_slowly_springs_back(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    vertical_drag(qtbot, feed.widget, 0.15)
    qtbot.waitUntil(lambda: colour_at(feed.widget, feed.widget.width() // 2, 316) == "red")
    assert [clip.title for clip in feed.changes] == ["red"]


def test_step_takes_only_next_or_previous(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    with pytest.raises(ValueError, match="direction"):
        feed.widget.step(2)

"""What the feed paints: fill or letterbox, the progress bar, the pause sign, the empty screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRectF, QSize, Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.feed.painter import placement
from kiosk.ui.feed.screens import EMPTY_TOP
from tests.ui.conftest import Feed
from tests.ui.pixels import centre_colour, colour_at, count_near_white, painted

MakeFeed = Callable[..., Feed]


@pytest.mark.parametrize(
    ("frame", "area", "covers"),
    [
        ((1080, 1920), (1080, 1920), True),  # the same shape: fills exactly
        ((1080, 1920), (1080, 2340), True),  # a 9:16 clip on a tall phone: a little cropped
        ((1920, 1080), (1080, 1920), False),  # landscape on portrait: letterboxed
        ((1080, 1440), (1080, 1920), False),  # 3:4 would lose a quarter of its width
    ],
)
def test_a_clip_fills_the_screen_only_when_little_is_cropped(
    frame: tuple[int, int], area: tuple[int, int], covers: bool
) -> None:
    rect = QRectF(0, 0, *area)
    target, covered = placement(QSize(*frame), rect)
    assert covered is covers
    assert target.center() == rect.center()
    if covers:
        assert target.contains(rect)
    else:
        assert rect.contains(target)
        assert target.width() == pytest.approx(rect.width())


def wait_for_red(qtbot: QtBot, feed: Feed) -> None:
    qtbot.waitUntil(lambda: centre_colour(feed.widget) == "red")


def test_a_portrait_clip_fills_the_widget(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = fake_feed(["red", "green"])
    wait_for_red(qtbot, feed)
    assert colour_at(feed.widget, feed.widget.width() // 2, 3) == "red"


def test_a_landscape_clip_is_letterboxed_over_a_dimmed_blur_of_itself(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = fake_feed(["red", "green"])
    for player in feed.players:
        player.frame_size = (320, 180)
    wait_for_red(qtbot, feed)
    bar = painted(feed.widget).pixelColor(feed.widget.width() // 2, 12)
    # Not the clip itself, and not black: the clip's own colour, darkened.
    assert 40 < bar.red() < 180
    assert bar.green() < 40 and bar.blue() < 40


def test_the_progress_bar_follows_the_players_progress(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = fake_feed(["red", "green"])
    wait_for_red(qtbot, feed)
    feed.pool.current.show_frame(position=0.5)
    image = painted(feed.widget)
    bottom = feed.widget.height() - 2
    filled = image.pixelColor(feed.widget.width() // 4, bottom)
    ahead = image.pixelColor(feed.widget.width() * 3 // 4, bottom)
    # The fill is a warm yellow (green channel high); ahead of it, the clip shows through.
    assert filled.green() > 150
    assert ahead.green() < 100
    assert colour_at(feed.widget, feed.widget.width() // 2, bottom - 10) == "red"


def test_the_pause_sign_shows_only_while_paused(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = fake_feed(["red", "green"])
    wait_for_red(qtbot, feed)
    middle_row = feed.widget.height() // 2
    assert count_near_white(painted(feed.widget), middle_row) == 0
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert count_near_white(painted(feed.widget), middle_row) > 6
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert count_near_white(painted(feed.widget), middle_row) == 0


def test_the_no_clips_screen_is_calm_and_keeps_the_overlays(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = fake_feed([])
    marks = []
    feed.widget.add_overlay(lambda painter, area: marks.append(area.size()))
    top = painted(feed.widget).pixelColor(feed.widget.width() // 2, 1)
    assert abs(top.red() - EMPTY_TOP.red()) < 12
    assert abs(top.green() - EMPTY_TOP.green()) < 12
    assert abs(top.blue() - EMPTY_TOP.blue()) < 12
    assert marks and marks[-1] == feed.widget.size()

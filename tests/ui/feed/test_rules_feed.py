"""The feed's side of this round's rules, on fake players: each clip shown is a new view for the
clip budget, and the bedtime wind-down takes every player's colour and half its volume."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.feed.feed_waits import MakeFeed, on_screen, started


def test_each_clip_shown_is_a_new_view_and_coming_back_is_one_too(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    first = feed.widget.current_view
    assert first is not None
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")
    second = feed.widget.current_view
    qtbot.keyClick(feed.widget, Qt.Key.Key_Up)
    on_screen(qtbot, feed, "red")
    assert len({first, second, feed.widget.current_view}) == 3


def test_no_view_before_the_first_picture_or_with_no_clips(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = fake_feed([], loading=True)
    assert feed.widget.current_view is None
    feed.widget.finish_loading()
    assert feed.widget.shows_no_clips and feed.widget.current_view is None


def test_the_wind_down_greys_every_player_and_halves_the_volume(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))  # volume 55
    feed.widget.set_wind_down(0.5)
    assert {(player.saturation, player.volume) for player in feed.players} == {(0.5, 41)}
    feed.widget.set_wind_down(1.0)
    assert {(player.saturation, player.volume) for player in feed.players} == {(0.0, 28)}
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")
    assert feed.pool.current.saturation == 0.0  # the next clip is as grey
    feed.widget.set_wind_down(0.0)
    assert {(player.saturation, player.volume) for player in feed.players} == {(1.0, 55)}

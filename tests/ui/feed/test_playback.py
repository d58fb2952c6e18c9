"""The feed's playback on fake players: pausing, locking, clip ends, broken and no clips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.media.pool import Role
from kiosk.ui.feed.controller import MAX_BROKEN_IN_A_ROW
from tests.ui.conftest import Feed, fake_clip
from tests.ui.fake_player import FakePlayer
from tests.ui.feed.feed_waits import MakeFeed, on_screen, started, title_in
from tests.ui.gestures import vertical_drag
from tests.ui.pixels import centre_colour


def test_the_first_clip_plays_with_the_volume_given_and_is_announced(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    assert [clip.title for clip in feed.changes] == ["red"]
    assert {player.volume for player in feed.players} == {55}
    on_screen(qtbot, feed, "red")


def test_neighbours_hold_their_first_frame_paused(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    following = feed.pool.player(Role.NEXT)
    assert following.clip is not None and following.clip.title == "green"
    assert following.has_frame and not following.is_playing
    assert following.loads[-1][1] is True  # preload=True


def test_moving_while_paused_plays_the_new_clip(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert feed.widget.is_paused
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")
    assert not feed.widget.is_paused
    assert feed.pool.current.is_playing


def test_pause_feed_stops_playback_and_input_until_resume_feed(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    feed.widget.pause_feed()
    assert not feed.pool.current.is_playing
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    vertical_drag(qtbot, feed.widget, 0.5)
    assert [clip.title for clip in feed.changes] == ["red"]
    assert not feed.widget.is_paused
    assert not feed.pool.current.is_playing

    feed.widget.resume_feed()
    assert feed.pool.current.is_playing
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")


def test_a_childs_pause_outlasts_a_lock(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    feed.widget.pause_feed()
    feed.widget.resume_feed()
    assert feed.widget.is_paused
    assert not feed.pool.current.is_playing


def test_a_hidden_feed_is_silent_and_plays_again_when_shown(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    feed.widget.hide()
    assert not feed.pool.current.is_playing
    feed.widget.show()
    assert feed.pool.current.is_playing


def test_after_clip_next_slides_to_the_next_clip(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    feed.pool.current.end()
    on_screen(qtbot, feed, "green")
    assert feed.pool.current.is_playing


def test_after_clip_loop_restarts_the_same_clip(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"], after_clip="loop"))
    player = feed.pool.current
    player.end()
    assert player.calls[-2:] == ["restart", "play"] or player.calls[-1] == "restart"
    assert player.is_playing
    assert [clip.title for clip in feed.changes] == ["red"]


def test_a_broken_first_clip_is_skipped_and_dropped(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = fake_feed(["bad", "red", "green"], broken={"bad"})
    started(qtbot, feed, "red")
    on_screen(qtbot, feed, "red")
    assert [clip.title for clip in feed.playlist.clips] == ["red", "green"]
    # The broken clip never showed a picture, so it was never announced.
    assert [clip.title for clip in feed.changes] == ["red"]


def test_a_neighbour_that_fails_to_preload_is_replaced(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "bad", "green"], broken={"bad"}))
    qtbot.waitUntil(lambda: title_in(feed, Role.NEXT) == "green")
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")


def test_five_broken_clips_in_a_row_stop_the_feed(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    titles = [f"bad{index}" for index in range(MAX_BROKEN_IN_A_ROW + 2)]
    feed = fake_feed(titles, broken=set(titles))
    with qtbot.waitSignal(feed.widget.all_broken):
        pass
    assert feed.widget.shows_no_clips
    # It stopped trying: the last two were never given up on, and nothing decodes.
    assert len(feed.playlist) == 2
    assert all(player.clip is None for player in feed.players)
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert feed.widget.shows_no_clips and not feed.widget.is_paused


def test_a_run_of_broken_neighbours_does_not_stop_a_clip_that_plays(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    bad = [f"bad{index}" for index in range(MAX_BROKEN_IN_A_ROW + 2)]
    feed = started(qtbot, fake_feed(["red", *bad], broken=set(bad)))
    qtbot.waitUntil(lambda: len(feed.playlist) == 1 + 2)
    assert not feed.widget.shows_no_clips
    assert feed.pool.current.is_playing
    on_screen(qtbot, feed, "red")


def test_clips_whose_files_are_gone_leave_without_counting_as_broken_and_come_back(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    gone = {f"gone{index}" for index in range(MAX_BROKEN_IN_A_ROW + 2)}
    feed = fake_feed(["red", *sorted(gone)], missing=gone)
    lost: list[str] = []
    feed.widget.clip_missing.connect(lambda clip: lost.append(clip.title))
    started(qtbot, feed)
    qtbot.waitUntil(lambda: len(feed.playlist) == 1)
    # Each one was let go of and reported once, and none stopped the search as broken would.
    assert sorted(lost) == sorted(gone)
    assert not feed.widget.shows_no_clips
    on_screen(qtbot, feed, "red")

    gone_clips = [fake_clip(title) for title in sorted(gone)]
    gone.clear()  # the drive is back, and the library found them again
    feed.widget.add_clips(gone_clips)
    qtbot.waitUntil(lambda: title_in(feed, Role.NEXT) == "gone0")
    assert len(feed.playlist) == 1 + MAX_BROKEN_IN_A_ROW + 2


def test_a_feed_whose_every_file_is_gone_rests_and_plays_again_when_they_are_back(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    gone = {"red", "green"}
    feed = fake_feed(["red", "green"], missing=gone)
    with qtbot.waitSignal(feed.widget.all_broken):
        pass
    assert feed.widget.shows_no_clips
    gone.clear()
    feed.widget.add_clips([fake_clip("red"), fake_clip("green")])

    def playing_again() -> None:
        clip = feed.widget.current_clip
        assert clip is not None and centre_colour(feed.widget) == clip.title
        assert feed.pool.current.is_playing

    qtbot.waitUntil(playing_again)
    assert not feed.widget.shows_no_clips


def test_an_empty_playlist_shows_the_no_clips_screen(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = fake_feed([])
    assert feed.widget.shows_no_clips
    assert all(isinstance(player, FakePlayer) and not player.loads for player in feed.players)
    assert centre_colour(feed.widget) not in {"red", "green", "blue"}


def with_a_slow_clip(qtbot: QtBot, fake_feed: MakeFeed, *, misses: int) -> Feed:
    """A feed whose first clip misses the first-frame watchdog at its first `misses` loads."""
    feed = fake_feed(["a slow one", "red", "green"], slow={"a slow one": misses})
    started(qtbot, feed, "red")
    return feed


def comes_round(qtbot: QtBot, feed: Feed) -> None:
    """The retry timer's tick brings the slow clip back, and the child swipes to green: next,
    the order starts over with the slow clip."""
    feed.widget._controller.retry_slow_clips()
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    on_screen(qtbot, feed, "green")


def test_a_clip_slow_to_start_is_passed_over_and_tried_again_later(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = with_a_slow_clip(qtbot, fake_feed, misses=1)
    controller = feed.widget._controller
    assert [clip.title for clip in feed.playlist.clips] == ["red", "green"]
    assert controller.slow_clips == 1 and not feed.widget.shows_no_clips

    comes_round(qtbot, feed)
    assert [clip.title for clip in feed.playlist.clips] == ["a slow one", "red", "green"]
    qtbot.waitUntil(lambda: title_in(feed, Role.NEXT) == "a slow one")
    qtbot.waitUntil(lambda: feed.pool.player(Role.NEXT).has_frame)
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: [c.title for c in feed.changes] == ["red", "green", "a slow one"])


def test_a_clip_that_misses_the_first_frame_twice_is_skipped_as_broken(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = with_a_slow_clip(qtbot, fake_feed, misses=2)
    controller = feed.widget._controller
    comes_round(qtbot, feed)
    # Next after green, it is preloaded, misses again, and goes for good.
    qtbot.waitUntil(lambda: len(feed.playlist) == 2)
    assert [clip.title for clip in feed.playlist.clips] == ["red", "green"]
    controller.retry_slow_clips()
    feed.widget.add_clips([clip for clip in feed.playlist.clips])
    assert [clip.title for clip in feed.playlist.clips] == ["red", "green"]
    assert controller.slow_clips == 1 and not feed.widget.shows_no_clips


def test_slow_clips_do_not_count_as_broken(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    slow = [f"slow{index}" for index in range(MAX_BROKEN_IN_A_ROW + 1)]
    feed = fake_feed([*slow, "red"], slow=dict.fromkeys(slow, 1))
    started(qtbot, feed, "red")
    assert not feed.widget.shows_no_clips
    assert feed.widget._controller.slow_clips == len(slow)


def test_a_feed_hidden_for_a_while_rests_its_clips_and_plays_again_when_shown(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    player = feed.pool.current
    feed.widget.hide()
    timer = feed.widget._rest_timer
    assert timer.isActive() and timer.timerType() == Qt.TimerType.CoarseTimer
    timer.timeout.emit()  # the time is up, without waiting for it
    # The neighbours' held first frames too: libvlc keeps converting any paused picture.
    assert [p.calls[-1] for p in feed.pool.players] == ["rest"] * 3
    assert not player.is_playing
    feed.widget.show()
    assert not timer.isActive()
    assert player.calls[-1] == "play" and player.is_playing


def test_a_feed_hidden_as_the_kiosk_closes_leaves_its_released_players_alone(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    feed.widget.hide()
    for player in feed.pool.players:
        player.release()  # the engine releases every player after the window is hidden
    feed.widget._rest_timer.timeout.emit()  # the timer still runs while the loop does
    assert "rest" not in feed.pool.current.calls


def test_a_feed_shown_again_soon_does_not_rest(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    feed = started(qtbot, fake_feed(["red", "green"]))
    feed.widget.hide()
    feed.widget.show()
    assert not feed.widget._rest_timer.isActive()
    assert "rest" not in feed.pool.current.calls

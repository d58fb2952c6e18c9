"""The feed on real libvlc players and real red, green and blue clips: what the child sees.

Every assertion reads decoded pixels back from the painted widget, and every wait is for a
colour or a state, with a generous timeout for a busy machine; none is timed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.media.interface import Player
from kiosk.media.pool import Role
from tests.clipmaker import ClipCache
from tests.ui.conftest import Feed
from tests.ui.gestures import press_and_drag, release, vertical_drag, wheel
from tests.ui.pixels import centre_colour, colour_at, count_near_white, painted

MakeFeed = Callable[..., Feed]
#: Real decoding on a shared machine: wait long, since a wait ends as soon as it can.
PATIENCE_MS = 15000


def titles(clips: list[Clip]) -> list[str]:
    return [clip.title for clip in clips]


def showing(qtbot: QtBot, feed: Feed, colour: str) -> None:
    """Wait until `colour`'s clip is current, painted, and its next neighbour is preloaded."""

    def shown() -> None:
        clip = feed.widget.current_clip
        assert clip is not None and clip.title == colour
        assert centre_colour(feed.widget) == colour
        if feed.pool.clip(Role.NEXT) is not None:
            assert feed.pool.player(Role.NEXT).has_frame

    qtbot.waitUntil(shown, timeout=PATIENCE_MS)


def step_with_key(qtbot: QtBot, feed: Feed, key: Qt.Key, colour: str) -> None:
    with qtbot.waitSignal(feed.widget.clip_changed, timeout=PATIENCE_MS):
        qtbot.keyClick(feed.widget, key)
    showing(qtbot, feed, colour)


def step_with_wheel(qtbot: QtBot, feed: Feed, notch: int, colour: str) -> None:
    with qtbot.waitSignal(feed.widget.clip_changed, timeout=PATIENCE_MS):
        wheel(feed.widget, notch)
    showing(qtbot, feed, colour)


def test_a_drag_up_past_a_quarter_moves_to_the_next_clip(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    vertical_drag(qtbot, feed.widget, 0.4)
    showing(qtbot, feed, "green")
    assert titles(feed.changes) == ["red", "green"]


def test_mid_drag_the_next_clip_comes_in_from_below(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    widget = feed.widget
    x, height = widget.width() // 2, widget.height()
    start, end = QPoint(x, height * 9 // 10), QPoint(x, height * 5 // 10)
    press_and_drag(qtbot, widget, start, end)
    # The content is 40 % up: red above the seam, green's preloaded first frame below it.
    assert colour_at(widget, x, height * 0.2) == "red"
    assert colour_at(widget, x, height * 0.85) == "green"
    assert titles(feed.changes) == ["red"]
    release(qtbot, widget, end)
    showing(qtbot, feed, "green")


def test_a_short_drag_springs_back_to_the_same_clip(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    widget = feed.widget
    x, height = widget.width() // 2, widget.height()
    start, end = QPoint(x, height * 6 // 10), QPoint(x, height * 45 // 100)
    press_and_drag(qtbot, widget, start, end)
    assert colour_at(widget, x, height - 8) == "green"
    release(qtbot, widget, end)
    qtbot.waitUntil(lambda: colour_at(widget, x, height - 8) == "red", timeout=PATIENCE_MS)
    assert centre_colour(widget) == "red"
    assert titles(feed.changes) == ["red"]
    assert feed.widget.current_clip == feed.playlist.current


def test_wheel_notches_move_one_clip_each_way(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    step_with_wheel(qtbot, feed, -120, "green")
    step_with_wheel(qtbot, feed, -120, "blue")
    step_with_wheel(qtbot, feed, 120, "green")
    assert titles(feed.changes) == ["red", "green", "blue", "green"]


def test_arrow_keys_and_page_keys_move_down_and_up(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    step_with_key(qtbot, feed, Qt.Key.Key_Down, "green")
    step_with_key(qtbot, feed, Qt.Key.Key_Up, "red")
    step_with_key(qtbot, feed, Qt.Key.Key_PageDown, "green")
    step_with_key(qtbot, feed, Qt.Key.Key_PageDown, "blue")
    step_with_key(qtbot, feed, Qt.Key.Key_PageUp, "green")
    assert titles(feed.changes) == ["red", "green", "red", "green", "blue", "green"]


def test_next_at_the_last_clip_wraps_to_the_first(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    for colour in ("green", "blue", "red"):
        step_with_key(qtbot, feed, Qt.Key.Key_Down, colour)


def paused_for_a_while(qtbot: QtBot, feed: Feed) -> None:
    """A pause shows as nothing happening: the clip's position stands still for half a second.

    This is the one fixed wait in these tests. It asserts an absence, which only a span of time
    can show; it never decides whether something finished.
    """
    player = feed.pool.current
    assert not player.is_playing
    stopped_at = player.progress()
    qtbot.wait(500)
    assert player.progress() == stopped_at
    assert centre_colour(feed.widget) == "red"


def pause_sign_shown(feed: Feed) -> bool:
    return count_near_white(painted(feed.widget), feed.widget.height() // 2) > 6


def test_space_pauses_with_a_pause_sign_and_resumes(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    player = feed.pool.current
    qtbot.waitUntil(lambda: player.progress() > 0.0, timeout=PATIENCE_MS)
    assert not pause_sign_shown(feed)

    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert pause_sign_shown(feed)
    paused_for_a_while(qtbot, feed)
    stopped_at = player.progress()

    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert not pause_sign_shown(feed)
    qtbot.waitUntil(lambda: player.progress() > stopped_at, timeout=PATIENCE_MS)
    assert player.is_playing


def test_a_click_pauses_and_another_resumes(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    centre = QPoint(feed.widget.width() // 2, feed.widget.height() // 2)
    qtbot.mouseClick(feed.widget, Qt.MouseButton.LeftButton, pos=centre)
    assert feed.widget.is_paused and pause_sign_shown(feed)
    paused_for_a_while(qtbot, feed)
    qtbot.mouseClick(feed.widget, Qt.MouseButton.LeftButton, pos=centre)
    assert not feed.widget.is_paused
    qtbot.waitUntil(lambda: feed.pool.current.is_playing, timeout=PATIENCE_MS)
    assert centre_colour(feed.widget) == "red"


def short_clips(clip_cache: ClipCache, folder: Path) -> list[Clip]:
    return [
        Clip(clip_cache.solid(folder / f"{index}_{colour}.mp4", colour, seconds=1), colour)
        for index, colour in enumerate(("red", "green", "blue"), start=1)
    ]


def test_after_clip_next_moves_on_when_a_clip_ends(
    qtbot: QtBot, real_feed: MakeFeed, clip_cache: ClipCache, tmp_path: Path
) -> None:
    feed = real_feed(short_clips(clip_cache, tmp_path), after_clip="next")
    showing(qtbot, feed, "red")
    showing(qtbot, feed, "green")
    assert titles(feed.changes)[:2] == ["red", "green"]


def test_after_clip_loop_plays_the_same_clip_again(
    qtbot: QtBot, real_feed: MakeFeed, clip_cache: ClipCache, tmp_path: Path
) -> None:
    feed = real_feed(short_clips(clip_cache, tmp_path), after_clip="loop")
    showing(qtbot, feed, "red")
    player = feed.pool.current
    qtbot.waitUntil(lambda: player.progress() > 0.6, timeout=PATIENCE_MS)
    # Back near the start: it ended and started over, rather than stopping at the end.
    qtbot.waitUntil(lambda: 0.0 < player.progress() < 0.4, timeout=PATIENCE_MS)
    assert player.is_playing
    assert centre_colour(feed.widget) == "red"
    assert titles(feed.changes) == ["red"]


def test_broken_clips_are_skipped(
    qtbot: QtBot,
    real_feed: MakeFeed,
    rgb_clips: list[Clip],
    broken_clips: Callable[[int], list[Clip]],
) -> None:
    red, green, blue = rgb_clips
    first_broken, second_broken = broken_clips(2)
    feed = real_feed([first_broken, red, second_broken, green, blue])
    showing(qtbot, feed, "red")
    qtbot.waitUntil(
        lambda: titles(list(feed.playlist.clips)) == ["red", "green", "blue"],
        timeout=PATIENCE_MS,
    )
    step_with_key(qtbot, feed, Qt.Key.Key_Down, "green")
    assert "broken 1" not in titles(feed.changes)


def test_five_broken_clips_in_a_row_show_the_no_clips_screen(
    qtbot: QtBot, real_feed: MakeFeed, broken_clips: Callable[[int], list[Clip]]
) -> None:
    clips = broken_clips(7)
    feed = real_feed(clips)
    qtbot.waitUntil(lambda: feed.widget.shows_no_clips, timeout=PATIENCE_MS * 2)
    # It gave up after five and did not go on trying the rest.
    assert len(feed.playlist) == len(clips) - 5
    assert centre_colour(feed.widget) not in {"red", "green", "blue"}
    assert all(player.clip is None for player in feed.players)


def test_an_empty_playlist_shows_the_no_clips_screen(qtbot: QtBot, real_feed: MakeFeed) -> None:
    feed = real_feed([])
    assert feed.widget.shows_no_clips
    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)
    assert feed.widget.shows_no_clips


def test_after_a_rest_under_another_screen_each_rested_clip_plays_again(
    qtbot: QtBot, real_feed: MakeFeed, rgb_clips: list[Clip]
) -> None:
    """Hidden for a while, every player stops decoding; shown again, the current clip plays
    from its start, and a swipe each way brings in a rested neighbour that plays too."""
    feed = real_feed(rgb_clips)
    showing(qtbot, feed, "red")
    step_with_key(qtbot, feed, Qt.Key.Key_Down, "green")  # red before it, blue after it
    feed.widget.hide()
    feed.widget._rest_timer.timeout.emit()  # the time is up, without waiting for it
    assert not any(player.is_playing for player in feed.pool.players)
    rested = {role: player for role, player in feed.pool}
    feed.widget.show()

    def plays(player: Player) -> None:
        def moving() -> None:
            assert feed.pool.current is player
            assert player.is_playing and player.progress() > 0.05

        qtbot.waitUntil(moving, timeout=PATIENCE_MS)

    plays(rested[Role.CURRENT])
    step_with_key(qtbot, feed, Qt.Key.Key_Down, "blue")
    plays(rested[Role.NEXT])
    step_with_key(qtbot, feed, Qt.Key.Key_Up, "green")
    step_with_key(qtbot, feed, Qt.Key.Key_Up, "red")
    plays(rested[Role.PREVIOUS])

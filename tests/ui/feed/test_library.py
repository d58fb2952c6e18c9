"""The feed while the library changes under it: clips arriving from the background scan, clips
leaving after a rescan, and the watch history of what was shown (on fake players)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.media.pool import Role
from tests.ui.conftest import fake_clip
from tests.ui.feed.feed_waits import MakeFeed, on_screen, started, title_in


@dataclass
class HeardViews:
    """A ViewRecorder that writes down every call, in order."""

    calls: list[tuple[str, object]] = field(default_factory=list)

    def begin(self, clip: Clip) -> None:
        self.calls.append(("begin", clip.title))

    def set_playing(self, playing: bool) -> None:
        self.calls.append(("playing", playing))

    def end(self, outcome: str) -> None:
        self.calls.append(("end", outcome))

    def outcomes(self) -> list[tuple[str, object]]:
        return [call for call in self.calls if call[0] != "playing"]


def test_a_feed_waits_for_the_scan_and_starts_on_the_first_clips_found(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = fake_feed([], loading=True)
    QCoreApplication.processEvents()  # a chance for a wrong "no clips" screen to come
    assert not feed.widget.shows_no_clips
    assert feed.widget.current_clip is None

    feed.widget.add_clips([fake_clip("red")])
    started(qtbot, feed, "red")
    on_screen(qtbot, feed, "red")
    feed.widget.add_clips([fake_clip("green"), fake_clip("blue")])
    # Sequential keeps natural order: /clips/blue, green, red; after red it wraps to blue.
    qtbot.waitUntil(lambda: title_in(feed, Role.NEXT) == "blue")
    feed.widget.finish_loading()
    assert not feed.widget.shows_no_clips


def test_a_scan_that_finds_nothing_shows_the_no_clips_screen(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = fake_feed([], loading=True)
    feed.widget.finish_loading()
    qtbot.waitUntil(lambda: feed.widget.shows_no_clips)
    # A rescan that finds clips later brings the feed back.
    feed.widget.add_clips([fake_clip("red")])
    started(qtbot, feed, "red")
    assert not feed.widget.shows_no_clips


def test_a_clip_removed_while_on_screen_gives_way_to_the_next(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    feed = started(qtbot, fake_feed(["red", "green", "blue"]))
    feed.widget.remove_clips([fake_clip("red")])
    on_screen(qtbot, feed, "green")
    assert [clip.title for clip in feed.playlist.clips] == ["green", "blue"]

    feed.widget.remove_clips([fake_clip("blue")])
    qtbot.waitUntil(lambda: title_in(feed, Role.NEXT) != "blue")
    feed.widget.remove_clips([fake_clip("green")])
    qtbot.waitUntil(lambda: feed.widget.shows_no_clips)


def test_each_clip_shown_is_one_view_ended_as_finished_or_skipped(
    qtbot: QtBot, fake_feed: MakeFeed
) -> None:
    views = HeardViews()
    feed = started(qtbot, fake_feed(["red", "green", "blue"], views=views))
    assert views.calls == [("begin", "red"), ("playing", True)]

    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert views.calls[-1] == ("playing", False)
    qtbot.keyClick(feed.widget, Qt.Key.Key_Space)
    assert views.calls[-1] == ("playing", True)

    qtbot.keyClick(feed.widget, Qt.Key.Key_Down)  # swiped away before its end
    on_screen(qtbot, feed, "green")
    feed.pool.current.end()  # green plays to its end and the feed moves on
    on_screen(qtbot, feed, "blue")
    feed.widget.end_view()
    assert views.outcomes() == [
        ("begin", "red"),
        ("end", "skipped"),
        ("begin", "green"),
        ("end", "finished"),
        ("begin", "blue"),
        ("end", "skipped"),
    ]


def test_a_lock_pauses_the_view_and_an_unlock_resumes_it(qtbot: QtBot, fake_feed: MakeFeed) -> None:
    views = HeardViews()
    feed = started(qtbot, fake_feed(["red", "green"], views=views))
    feed.widget.pause_feed()
    assert views.calls[-1] == ("playing", False)
    feed.widget.resume_feed()
    assert views.calls[-1] == ("playing", True)
    assert views.outcomes() == [("begin", "red")]

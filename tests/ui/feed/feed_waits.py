"""Waits shared by the feed tests on fake players: for a clip to be on screen and ready."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kiosk.media.pool import Role
from tests.ui.conftest import Feed
from tests.ui.pixels import centre_colour

MakeFeed = Callable[..., Feed]


def started(qtbot: QtBot, feed: Feed, title: str = "red") -> Feed:
    """Wait until `title` is on screen and both neighbours hold their first frame."""

    def ready() -> None:
        clip = feed.widget.current_clip
        assert clip is not None and clip.title == title
        assert feed.pool.current.is_playing
        for role in (Role.PREVIOUS, Role.NEXT):
            if feed.pool.clip(role) is not None:
                assert feed.pool.player(role).has_frame

    qtbot.waitUntil(ready)
    return feed


def on_screen(qtbot: QtBot, feed: Feed, title: str) -> None:
    def shown() -> None:
        clip = feed.widget.current_clip
        assert clip is not None and clip.title == title
        assert centre_colour(feed.widget) == title

    qtbot.waitUntil(shown)


def title_in(feed: Feed, role: Role) -> str | None:
    clip = feed.pool.clip(role)
    return None if clip is None else clip.title


def loads(feed: Feed) -> int:
    return sum(len(player.loads) for player in feed.players)

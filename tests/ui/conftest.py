"""Feeds for the UI tests: one on fake players (exact control), one on real libvlc players.

Both factories show the widget at a phone-like portrait size and close every widget they made
before anything is released. The real feed's engine is released in the fixture teardown, after
the widgets are gone, so no paint or late callback can touch a released player.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.core.playlist.playlist import Playlist
from kiosk.media.interface import Player
from kiosk.media.pool import PlayerPool
from kiosk.ui.feed.widget import FeedWidget
from kiosk.ui.reduced_motion import set_reduce_motion
from tests.clipmaker import ClipCache, empty_file, text_as_video
from tests.ui.fake_player import FakePlayer
from tests.ui.kiosk_kit import clip_folder, make_kiosk  # noqa: F401 - whole-kiosk fixtures
from tests.ui.parent_screens import parent_screens  # noqa: F401 - every parent-side screen

#: The widget size in the tests: portrait, like the clips, and small so decoding stays cheap.
FEED_SIZE = (180, 320)


@pytest.fixture(autouse=True)
def motion_as_the_system_says() -> Iterator[None]:
    """Every UI test starts, and leaves the next one, with `ui.reduce_motion` at its default."""
    set_reduce_motion(None)
    yield
    set_reduce_motion(None)


def fake_clip(title: str) -> Clip:
    return Clip(Path(f"/clips/{title}.mp4"), title)


@dataclass
class Feed:
    """A shown feed with what a test wants to reach: its playlist and its players."""

    widget: FeedWidget
    playlist: Playlist
    pool: PlayerPool
    players: list[Any] = field(default_factory=list)
    changes: list[Clip] = field(default_factory=list)


def _show(qtbot: QtBot, widget: FeedWidget, made: list[FeedWidget]) -> None:
    made.append(widget)
    widget.resize(*FEED_SIZE)
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture
def fake_feed(qtbot: QtBot) -> Iterator[Callable[..., Feed]]:
    """`fake_feed(["red", "green"], broken={"x"}, slow={"y": 1}, after_clip="loop")` on three
    fake players. `missing` names clips whose files are gone; the test may change that set
    later. `slow` says how many loads of a clip miss the first-frame watchdog."""
    made: list[FeedWidget] = []

    def make(
        titles: list[str],
        *,
        broken: set[str] = frozenset(),  # type: ignore[assignment]
        missing: set[str] = frozenset(),  # type: ignore[assignment]
        slow: dict[str, int] | None = None,
        after_clip: str = "next",
        order: str = "sequential",
        loading: bool = False,
        views: Any = None,
    ) -> Feed:
        def post(fn: Callable[[], None]) -> None:
            QTimer.singleShot(0, fn)

        # How many loads of each slow clip still miss the first-frame watchdog.
        misses_left = dict(slow or {})

        def is_slow(clip: Clip) -> bool:
            left = misses_left.get(clip.title, 0)
            misses_left[clip.title] = max(0, left - 1)
            return left > 0

        players = [
            FakePlayer(
                f"p{index}",
                post=post,
                broken=lambda clip: clip.title in broken,
                missing=lambda clip: clip.title in missing,
                slow=is_slow,
            )
            for index in range(3)
        ]
        playlist = Playlist([fake_clip(title) for title in titles], order, random.Random(1))  # type: ignore[arg-type]
        pool = PlayerPool(players)
        widget = FeedWidget(
            playlist,
            pool,
            after_clip=after_clip,  # type: ignore[arg-type]
            volume=55,
            loading=loading,
            views=views,
        )
        feed = Feed(widget, playlist, pool, players)
        widget.clip_changed.connect(feed.changes.append)
        _show(qtbot, widget, made)
        return feed

    yield make
    for widget in made:
        widget.close()
        widget.deleteLater()


@pytest.fixture
def rgb_clips(clip_cache: ClipCache, tmp_path: Path) -> list[Clip]:
    """Red, green and blue portrait clips with a tone, named so that natural order is r, g, b."""
    clips = []
    for index, colour in enumerate(("red", "green", "blue"), start=1):
        path = clip_cache.solid(tmp_path / f"{index}_{colour}.mp4", colour, seconds=5)
        clips.append(Clip(path, colour))
    return clips


@pytest.fixture
def broken_clips(tmp_path: Path) -> Callable[[int], list[Clip]]:
    """`broken_clips(n)`: n unplayable files, 0-byte files and text files named .mp4 in turn."""

    def make(count: int) -> list[Clip]:
        clips = []
        for index in range(count):
            path = tmp_path / "broken" / f"broken_{index}.mp4"
            (empty_file if index % 2 == 0 else text_as_video)(path)
            clips.append(Clip(path, f"broken {index}"))
        return clips

    return make


@pytest.fixture
def real_feed(qtbot: QtBot) -> Iterator[Callable[..., Feed]]:
    """`real_feed(clips, after_clip="loop")`: a feed on real libvlc players, sequential order."""
    from kiosk.app.gui_thread import GuiThread
    from kiosk.media.vlc.engine import VlcEngine

    engine = VlcEngine(["--aout=adummy"])
    gui_thread = GuiThread()
    made: list[FeedWidget] = []

    # "loop" unless a test is about clip ends: then no clip can move on by itself while a
    # slow machine runs a test, and every move a test sees is one it made.
    def make(clips: list[Clip], *, after_clip: str = "loop") -> Feed:
        players: list[Player] = [engine.new_player(gui_thread.post) for _ in range(3)]
        playlist = Playlist(clips, "sequential")
        pool = PlayerPool(players)
        widget = FeedWidget(playlist, pool, after_clip=after_clip)  # type: ignore[arg-type]
        feed = Feed(widget, playlist, pool, list(players))
        widget.clip_changed.connect(feed.changes.append)
        _show(qtbot, widget, made)
        return feed

    try:
        yield make
    finally:
        for widget in made:
            widget.close()
            widget.deleteLater()
        engine.release()

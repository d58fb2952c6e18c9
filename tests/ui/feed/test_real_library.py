"""The feed on real libvlc players with clips from a real scan: a clips.toml segment plays as a
clip of its own, and files that changed or were never videos are skipped without a stall."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kiosk.core.library.scan import scan_library
from tests.clipmaker import ClipCache
from tests.ui.conftest import Feed
from tests.ui.pixels import centre_colour

MakeFeed = Callable[..., Feed]
PATIENCE_MS = 20_000


class Watcher:
    """Samples, every 20 ms, the clip on screen, the colour in its middle and its progress."""

    def __init__(self, feed: Feed) -> None:
        self.samples: list[tuple[str | None, str, float]] = []
        self._feed = feed
        self._timer = QTimer()
        self._timer.timeout.connect(self._sample)
        self._timer.start(20)

    def _sample(self) -> None:
        clip = self._feed.widget.current_clip
        progress = self._feed.pool.current.progress()
        self.samples.append(
            (None if clip is None else clip.title, centre_colour(self._feed.widget), progress)
        )

    def stop(self) -> None:
        self._timer.stop()

    def of(self, title: str) -> list[tuple[str, float]]:
        return [(colour, progress) for shown, colour, progress in self.samples if shown == title]


def test_a_segment_plays_only_its_range_and_the_feed_moves_on_at_its_end(
    qtbot: QtBot, real_feed: MakeFeed, clip_cache: ClipCache, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    clip_cache.steps(folder / "1 Episode.mp4", ["red", "lime", "blue"])  # red 0-2, green 2-4
    clip_cache.solid(folder / "2 After.mp4", "white", seconds=4)
    (folder / "clips.toml").write_text(
        '[[clip]]\nfile = "1 Episode.mp4"\nstart = "0:02"\nend = "0:04"\ntitle = "Green part"\n'
    )
    scan = scan_library(folder)
    assert [(clip.title, clip.start_seconds, clip.end_seconds) for clip in scan.clips] == [
        ("Green part", 2.0, 4.0),
        ("2 After", None, None),
    ]

    feed = real_feed(scan.clips, after_clip="next")
    watcher = Watcher(feed)
    qtbot.waitUntil(
        lambda: (
            feed.widget.current_clip is not None
            and feed.widget.current_clip.title == "2 After"
            and centre_colour(feed.widget) == "white"
        ),
        timeout=PATIENCE_MS,
    )
    watcher.stop()

    segment = watcher.of("Green part")
    colours = [colour for colour, _ in segment if colour != "dark"]
    assert "green" in colours and "red" not in colours, colours
    # libvlc's stop-time is not exact to the picture: the first picture after the end may
    # show as the segment ends and slides away, but never one from the middle of it.
    last_green = len(colours) - 1 - colours[::-1].index("green")
    assert set(colours[:last_green]) == {"green"}, colours
    assert set(colours[last_green:]) <= {"green", "blue", "white"}, colours
    progress = [value for _, value in segment]
    # The progress bar covers the segment: it starts near 0 and grows towards 1.
    assert min(progress) < 0.3 and max(progress) > 0.7
    assert [clip.title for clip in feed.changes] == ["Green part", "2 After"]


def test_files_that_are_gone_or_hold_no_picture_are_skipped_and_the_feed_goes_on(
    qtbot: QtBot, real_feed: MakeFeed, clip_cache: ClipCache, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "1 red.mp4", "red", seconds=1.5)
    clip_cache.solid(folder / "2 deleted.mp4", "white", seconds=3)
    clip_cache.audio_only(folder / "3 sound only.mp4", seconds=3)
    clip_cache.solid(folder / "4 green.mp4", "green", seconds=0.4)  # under a second
    clip_cache.solid(folder / "5 blue.mp4", "blue", seconds=3)
    clips = scan_library(folder).clips
    assert len(clips) == 5
    # Between the scan and the play, the parent deletes a file.
    (folder / "2 deleted.mp4").unlink()

    feed = real_feed(clips, after_clip="next")
    qtbot.waitUntil(
        lambda: feed.widget.current_clip is not None and feed.widget.current_clip.title == "5 blue",
        timeout=PATIENCE_MS,
    )
    assert [clip.title for clip in feed.changes] == ["1 red", "4 green", "5 blue"]
    assert [clip.title for clip in feed.widget.playlist_clips()] == ["1 red", "4 green", "5 blue"]
    assert not feed.widget.shows_no_clips

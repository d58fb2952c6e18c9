"""The watch history: seconds count only while a clip plays, each view is saved with its start
and outcome, the report can read them back by date, and a failing store never stops the feed."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.core.library.watch_history import WatchHistory
from kiosk.core.store.store import Store, StoreReadError
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import open_set_up_store, open_store, set_up_marker, state_path

PENGUINS = Clip(Path("/videos/Penguins/Slide.mp4"), "Slide", "Penguins")
SEGMENT = Clip(Path("/videos/film.mkv"), "The chase", None, 90.0, 135.0)
START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)  # the fake clock's first wall time


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return state_path(tmp_path)


@pytest.fixture
def store(tmp_path: Path, state: Path) -> Iterator[Store]:
    store = open_set_up_store(tmp_path)
    yield store
    store.close()


def test_only_playing_time_counts(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    history.begin(PENGUINS)
    clock.advance(2)  # loading: not watched yet
    history.set_playing(True)
    clock.advance(10)
    history.set_playing(False)  # the child paused
    clock.advance(50)
    history.set_playing(True)
    history.set_playing(True)  # a repeat does not restart the count
    clock.advance(5)
    assert history.watched_seconds() == 15
    record = history.end("finished")
    assert record is not None
    assert (record.watched_seconds, record.outcome, record.clip_key) == (
        15,
        "finished",
        PENGUINS.key,
    )
    assert history.current is None and history.watched_seconds() == 0


def test_a_held_feed_and_a_sleeping_machine_add_nothing(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    history.begin(PENGUINS)
    history.set_playing(True)
    clock.advance(4)
    clock.suspend(3600)  # the lid closed while the clip was playing
    clock.advance(1)
    history.set_playing(False)  # locked: held
    clock.advance(600)
    record = history.end("skipped")
    assert record is not None and record.watched_seconds == 5


def test_a_view_is_saved_with_what_the_report_needs(
    tmp_path: Path, state: Path, store: Store, clock: FakeClock
) -> None:
    history = WatchHistory(store, clock)
    history.begin(SEGMENT)
    history.set_playing(True)
    clock.advance(45)
    history.end("finished")
    again = open_store(state, set_up_marker(tmp_path))  # what `kiosk report` reads
    (view,) = WatchHistory(again, FakeClock()).views()
    again.close()
    assert view.clip_key == SEGMENT.key == "/videos/film.mkv#90-135"
    assert (view.path, view.title, view.show) == (SEGMENT.path, "The chase", None)
    assert view.started_at == START and view.started_at.utcoffset() == timedelta(0)
    assert (view.watched_seconds, view.outcome) == (45, "finished")
    raw = sqlite3.connect(state)
    started_text = raw.execute("SELECT started_at FROM views").fetchone()[0]
    raw.close()
    assert started_text == "2026-11-26T09:00:00.000+00:00"


def test_a_file_name_that_is_not_utf8_is_saved_and_read_back_exactly(
    tmp_path: Path, state: Path, store: Store, clock: FakeClock
) -> None:
    """On Linux such a name arrives with lone surrogates, which sqlite3 cannot bind as they are."""
    folder = tmp_path / os.fsdecode(b"Sh\xf6w")
    odd = Clip(folder / os.fsdecode(b"caf\xe9.mp4"), "Caf\udce9", os.fsdecode(b"Sh\xf6w"), 5.0)
    history = WatchHistory(store, clock)
    history.begin(odd)
    history.set_playing(True)
    clock.advance(8)
    saved = history.end("finished")
    assert saved is not None and saved.clip_key == odd.key
    again = open_store(state, set_up_marker(tmp_path))
    (view,) = WatchHistory(again, FakeClock()).views()
    again.close()
    assert (view.clip_key, view.path, view.title, view.show) == (
        odd.key,
        odd.path,
        odd.title,
        odd.show,
    )
    assert view.watched_seconds == 8


def test_a_new_clip_closes_the_open_view_as_skipped(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    history.begin(PENGUINS)
    history.set_playing(True)
    clock.advance(3)
    history.begin(SEGMENT)  # the child swiped on
    assert history.current == SEGMENT
    history.set_playing(True)
    clock.advance(7)
    history.end("finished")
    views = history.views()
    assert [(v.title, v.outcome, v.watched_seconds) for v in views] == [
        ("Slide", "skipped", 3),
        ("The chase", "finished", 7),
    ]
    assert views[1].started_at == START + timedelta(seconds=3)


def test_views_since_a_time(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    for _day in range(3):
        history.begin(PENGUINS)
        history.end("skipped")
        clock.advance(86_400)
    yesterday = START + timedelta(days=1)
    assert [v.started_at for v in history.views(since=yesterday)] == [
        yesterday,
        yesterday + timedelta(days=1),
    ]
    berlin = yesterday.astimezone(clock.zone)  # any zone: it is the instant that counts
    assert len(history.views(since=berlin + timedelta(milliseconds=1))) == 1
    assert len(history.views()) == 3
    with pytest.raises(ValueError, match="timezone-aware"):
        history.views(since=datetime(2026, 11, 27))


def test_ending_with_no_view_open_does_nothing(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    history.set_playing(True)
    assert history.end("finished") is None
    assert history.views() == []


def test_an_unknown_outcome_is_refused(store: Store, clock: FakeClock) -> None:
    history = WatchHistory(store, clock)
    history.begin(PENGUINS)
    with pytest.raises(ValueError, match="outcome"):
        history.end("paused")  # type: ignore[arg-type]
    assert history.current == PENGUINS  # the view is still open


def test_a_store_that_cannot_save_does_not_stop_the_feed(
    state: Path, store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    history = WatchHistory(store, clock)
    raw = sqlite3.connect(state)
    raw.execute("DROP TABLE views")  # the file was damaged under the running kiosk
    raw.commit()
    raw.close()
    history.begin(PENGUINS)
    history.set_playing(True)
    clock.advance(5)
    with caplog.at_level(logging.WARNING):
        history.begin(SEGMENT)  # saves the first view on the way
        assert history.end("finished") is None
    assert history.current is None
    assert caplog.text.count("could not be saved to the history") == 2
    with pytest.raises(StoreReadError):
        history.views()


def test_the_demo_store_keeps_history_in_memory(clock: FakeClock) -> None:
    store = Store.in_memory()
    history = WatchHistory(store, clock)
    history.begin(PENGUINS)
    history.end("skipped")
    assert [v.title for v in history.views()] == ["Slide"]
    store.close()

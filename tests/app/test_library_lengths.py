"""File lengths for the library service, on a real SQLite store, with a probe that holds its
answers until the test gives them: in batches, for the file as it was, and only for files the
last scan still has."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.library_lengths import SAVE_BATCH, FileLengths
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import raw_connection
from tests.library_kit import HeldProbe


@pytest.fixture
def state(store: Store) -> LibraryState:
    return LibraryState(store, FakeClock())


def lengths_with(state: LibraryState, probe: HeldProbe, measured: list[bool]) -> FileLengths:
    return FileLengths(state, probe, measured.append)


def test_lengths_are_saved_in_batches_not_one_transaction_each(
    store: Store, state: LibraryState
) -> None:
    probe, measured = HeldProbe(), []
    lengths = lengths_with(state, probe, measured)
    files = {Path(f"/clips/{index}.mp4"): (1000 + index, 7) for index in range(100)}
    lengths.adopt(files, complete=True)
    lengths.request([], files)
    statements: list[str] = []
    raw_connection(store).set_trace_callback(statements.append)
    for index in range(100):
        probe.answer(index, 10.0 + index)
        if lengths.save_due:
            lengths.save()
    raw_connection(store).set_trace_callback(None)

    assert sum(line.startswith("BEGIN") for line in statements) == -(-100 // SAVE_BATCH)
    assert measured == [False] * 100  # none of them was waited on by the feed
    assert state.cached_duration(Path("/clips/99.mp4"), 1099, 7) == 109.0


def test_an_answer_for_a_file_since_replaced_does_not_label_the_new_one(
    state: LibraryState,
) -> None:
    probe, measured = HeldProbe(), []
    lengths = lengths_with(state, probe, measured)
    story = Path("/clips/Story.mp4")
    lengths.adopt({story: (5000, 1)}, complete=True)
    lengths.request([story], [])
    lengths.adopt({story: (2000, 2)}, complete=True)  # replaced, and scanned again
    lengths.request([story], [])

    probe.answer(0, 3600.0)  # the old file's length comes late
    assert lengths.seconds(story) is None and lengths.feed_is_waiting
    probe.answer(1, 100.0)
    lengths.save()

    assert lengths.seconds(story) == 100.0 and not lengths.feed_is_waiting
    assert lengths.known() == {story: 100.0}
    assert state.cached_duration(story, 2000, 2) == 100.0
    assert state.cached_duration(story, 5000, 1) is None


def test_a_new_folder_does_not_wait_for_the_lengths_of_the_old_one(state: LibraryState) -> None:
    probe, measured = HeldProbe(), []
    lengths = lengths_with(state, probe, measured)
    old = {Path(f"/old/{index}.mp4"): (100, index) for index in range(50)}
    lengths.adopt(old, complete=True)
    lengths.request(old, [])
    assert lengths.feed_is_waiting

    new = Path("/new/1.mp4")
    lengths.adopt({new: (100, 1)}, complete=True)
    assert not lengths.feed_is_waiting
    lengths.request([new], [])
    probe.answer(0, 500.0)  # an old folder's answer, still coming back
    assert measured == [] and lengths.known() == {}
    probe.answer(len(probe.asked) - 1, 20.0)
    assert measured == [True] and lengths.known() == {new: 20.0}


def test_forgetting_the_asks_of_an_old_folder_cancels_their_probes(state: LibraryState) -> None:
    probe, measured = HeldProbe(), []
    lengths = lengths_with(state, probe, measured)
    old = {Path(f"/old/{index}.mp4"): (100, index) for index in range(5)}
    lengths.adopt(old, complete=True)
    lengths.request(old, [])
    lengths.forget_asks()
    assert probe.cancels == 1 and not lengths.feed_is_waiting
    probe.answer(0, 60.0)  # one was already running: its answer is not taken
    assert measured == [] and lengths.seconds(Path("/old/0.mp4")) is None

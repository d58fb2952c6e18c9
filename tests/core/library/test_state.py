"""What the store remembers about the library: hidden clips and shows, approval of new files,
measured durations and the shuffle cycle, each read back from a reopened state file."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.library.state import LibraryState
from kiosk.core.store.library_records import FileStamp
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import (
    open_set_up_store,
    open_store,
    raw_connection,
    set_up_marker,
    state_path,
)

FOLDER = Path("/videos/kids")
OTHER_FOLDER = Path("/media/usb/cartoons")


#: A file's size and mtime_ns as the scan found them; approvals hold for the file as it was.
AS_FIRST_SEEN = (1_000_000, 1_700_000_000_000_000_000)


def videos(
    *names: str, folder: Path = FOLDER, stamp: FileStamp = AS_FIRST_SEEN
) -> dict[Path, FileStamp]:
    return {folder / name: stamp for name in names}


class Kiosk:
    """A state file that a test can close and open again, as a restart would."""

    def __init__(self, tmp_path: Path) -> None:
        self.state = state_path(tmp_path)
        self.clock = FakeClock()
        self.store = open_set_up_store(tmp_path)
        self.marker = set_up_marker(tmp_path)

    def library(self) -> LibraryState:
        return LibraryState(self.store, self.clock)

    def restart(self) -> LibraryState:
        self.store.close()
        self.store = open_store(self.state, self.marker)
        return self.library()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = Kiosk(tmp_path)
    yield kiosk
    kiosk.store.close()


# Hidden clips and shows.


def test_hidden_clips_and_shows_survive_a_restart(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.set_clip_hidden("/videos/kids/Scary.mp4", True)
    library.set_clip_hidden("/videos/kids/Long.mp4#0-60", True)
    library.set_show_hidden("Loud Show", True)
    library = kiosk.restart()
    assert library.hidden_clip_keys() == {"/videos/kids/Scary.mp4", "/videos/kids/Long.mp4#0-60"}
    assert library.hidden_shows() == {"Loud Show"}


def test_unhiding_brings_a_clip_back_and_repeats_are_harmless(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.set_clip_hidden("a", True)
    library.set_clip_hidden("a", True)
    library.set_show_hidden("S", True)
    library.set_clip_hidden("a", False)
    library.set_clip_hidden("never hidden", False)
    library.set_show_hidden("S", False)
    assert library.hidden_clip_keys() == frozenset()
    assert library.hidden_shows() == frozenset()


# Approval.


def test_the_first_scan_of_a_chosen_folder_is_the_review(kiosk: Kiosk) -> None:
    library = kiosk.library()
    pending = library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    assert pending == frozenset()
    assert library.pending_paths() == frozenset()


def test_with_approval_on_a_new_file_waits_for_the_parent(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    library = kiosk.restart()
    pending = library.note_files(FOLDER, videos("a.mp4", "new.mp4"), require_approval=True)
    assert pending == {FOLDER / "new.mp4"}
    assert library.pending_paths() == {FOLDER / "new.mp4"}
    # Seeing it again is not a review.
    again = library.note_files(FOLDER, videos("a.mp4", "new.mp4"), require_approval=True)
    assert again == {FOLDER / "new.mp4"}


def test_approving_lets_a_file_in_for_good(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    library.note_files(FOLDER, videos("a.mp4", "b.mp4", "c.mp4"), require_approval=True)
    library.approve(videos("b.mp4"))
    assert library.pending_paths() == {FOLDER / "c.mp4"}
    library = kiosk.restart()
    pending = library.note_files(FOLDER, videos("a.mp4", "b.mp4", "c.mp4"), require_approval=True)
    assert pending == {FOLDER / "c.mp4"}


def test_with_approval_off_new_files_are_approved(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=False)
    assert library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=False) == set()
    # Turning approval on later does not put what the child could already see up for review.
    pending = library.note_files(FOLDER, videos("a.mp4", "b.mp4", "c.mp4"), require_approval=True)
    assert pending == {FOLDER / "c.mp4"}


def test_turning_approval_off_lets_waiting_files_in(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    assert library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=False) == set()
    assert library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True) == set()


def test_choosing_another_folder_is_a_review_of_it_the_first_time_only(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    library.note_files(FOLDER, videos("a.mp4", "late.mp4"), require_approval=True)
    usb = videos("x.mp4", "y.mp4", folder=OTHER_FOLDER)
    assert library.note_files(OTHER_FOLDER, usb, require_approval=True) == set()
    more = usb | videos("z.mp4", folder=OTHER_FOLDER)
    assert library.note_files(OTHER_FOLDER, more, require_approval=True) == {OTHER_FOLDER / "z.mp4"}
    # Choosing the first folder again is no review: the file that waited there still waits,
    # and so does the one that waits in the other folder.
    back = library.note_files(FOLDER, videos("a.mp4", "late.mp4"), require_approval=True)
    assert back == {FOLDER / "late.mp4"}
    assert library.pending_paths() == {FOLDER / "late.mp4", OTHER_FOLDER / "z.mp4"}
    assert library.note_files(OTHER_FOLDER, more, require_approval=True) == {OTHER_FOLDER / "z.mp4"}


def test_the_folder_is_compared_as_an_absolute_path(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    library = kiosk.library()
    folder = tmp_path / "clips"
    library.note_files(Path("clips"), videos("a.mp4", folder=folder), require_approval=True)
    pending = library.note_files(
        folder, videos("a.mp4", "b.mp4", folder=folder), require_approval=True
    )
    assert pending == {tmp_path / "clips" / "b.mp4"}


def test_a_file_that_goes_and_comes_back_keeps_its_state(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    assert library.note_files(FOLDER, {}, require_approval=True) == set()  # the drive is out
    assert library.pending_paths() == {FOLDER / "b.mp4"}  # still waiting, though not present
    back = library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    assert back == {FOLDER / "b.mp4"}
    rows = (
        raw_connection(kiosk.store)
        .execute("SELECT path, first_seen_at FROM library_files ORDER BY path")
        .fetchall()
    )
    assert [Path(r[0]).name for r in rows] == ["a.mp4", "b.mp4"]


def test_an_approval_holds_for_the_file_as_it_was_approved(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    pending = library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    assert pending == {FOLDER / "b.mp4"}
    library.approve(videos("b.mp4"))
    # Another video under an approved name: other bytes, or the same size written anew.
    bigger, rewritten = (2_000_000, AS_FIRST_SEEN[1]), (AS_FIRST_SEEN[0], AS_FIRST_SEEN[1] + 1)
    changed = videos("a.mp4", stamp=bigger) | videos("b.mp4", stamp=rewritten)
    assert library.note_files(FOLDER, changed, require_approval=True) == changed.keys()
    library = kiosk.restart()
    assert library.pending_paths() == changed.keys()
    # Approved as it is now, it plays; changed back, it waits again.
    library.approve(videos("a.mp4", stamp=bigger))
    assert library.note_files(FOLDER, changed, require_approval=True) == {FOLDER / "b.mp4"}
    again = videos("a.mp4") | videos("b.mp4", stamp=rewritten)
    assert library.note_files(FOLDER, again, require_approval=True) == again.keys()


def test_with_approval_off_a_changed_file_is_approved_as_it_is_now(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=False)
    changed = videos("a.mp4", stamp=(5, 5))
    assert library.note_files(FOLDER, changed, require_approval=False) == set()
    assert library.note_files(FOLDER, changed, require_approval=True) == set()


def test_a_file_that_could_not_be_looked_at_is_not_taken_for_the_one_approved(
    kiosk: Kiosk,
) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    unknown = videos("a.mp4", stamp=(-1, -1))
    assert library.note_files(FOLDER, unknown, require_approval=True) == unknown.keys()
    assert library.note_files(FOLDER, unknown, require_approval=True) == unknown.keys()


def test_the_first_sight_is_recorded_with_the_time(kiosk: Kiosk) -> None:
    library = kiosk.library()
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    kiosk.clock.advance(3600)
    library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True)
    rows = dict(
        raw_connection(kiosk.store)
        .execute("SELECT path, first_seen_at FROM library_files")
        .fetchall()
    )
    assert rows[str(FOLDER / "a.mp4")] == "2026-11-26T09:00:00.000+00:00"
    assert rows[str(FOLDER / "b.mp4")] == "2026-11-26T10:00:00.000+00:00"


def test_ten_thousand_files_are_noted_in_one_transaction(kiosk: Kiosk) -> None:
    library = kiosk.library()
    first = {FOLDER / f"show {n // 100}" / f"episode {n}.mp4": AS_FIRST_SEEN for n in range(10_000)}
    statements: list[str] = []
    raw_connection(kiosk.store).set_trace_callback(statements.append)
    library.note_files(FOLDER, first, require_approval=True)
    pending = library.note_files(FOLDER, first | videos("new.mp4"), require_approval=True)
    raw_connection(kiosk.store).set_trace_callback(None)
    assert pending == {FOLDER / "new.mp4"}
    assert sum(s.startswith("BEGIN") for s in statements) == 2  # one per call
    count = raw_connection(kiosk.store).execute("SELECT count(*) FROM library_files").fetchone()[0]
    assert count == 10_001


# Durations.


def test_a_duration_is_found_again_for_the_same_size_and_mtime(kiosk: Kiosk) -> None:
    library = kiosk.library()
    path = FOLDER / "film.mkv"
    library.save_durations([(path, 1_000_000, 1_700_000_000_123_456_789, 2712.48)])
    library = kiosk.restart()
    assert library.cached_duration(path, 1_000_000, 1_700_000_000_123_456_789) == 2712.48


@pytest.mark.parametrize(
    ("size", "mtime_ns"),
    [(999_999, 1_700_000_000_123_456_789), (1_000_000, 1_700_000_000_123_456_790)],
    ids=["size changed", "mtime changed"],
)
def test_a_changed_file_is_measured_again(kiosk: Kiosk, size: int, mtime_ns: int) -> None:
    library = kiosk.library()
    path = FOLDER / "film.mkv"
    library.save_durations([(path, 1_000_000, 1_700_000_000_123_456_789, 2712.48)])
    assert library.cached_duration(path, size, mtime_ns) is None
    assert library.cached_duration(FOLDER / "other.mkv", 1_000_000, 1) is None
    library.save_durations([(path, size, mtime_ns, 95.0)])  # the new measurement replaces the old
    assert library.cached_duration(path, size, mtime_ns) == 95.0
    assert library.cached_duration(path, 1_000_000, 1_700_000_000_123_456_789) is None


@pytest.mark.parametrize("measured", [0.0, -1.0, float("nan"), float("inf")])
def test_a_length_libvlc_could_not_tell_is_kept_as_zero(kiosk: Kiosk, measured: float) -> None:
    library = kiosk.library()
    library.save_durations([(FOLDER / "odd.avi", 10, 20, measured)])
    library.save_durations([(FOLDER / "odder.avi", 10, 20, measured)])
    assert library.cached_duration(FOLDER / "odd.avi", 10, 20) == 0.0
    assert library.cached_duration(FOLDER / "odder.avi", 10, 20) == 0.0


def test_a_thousand_durations_are_saved_in_one_transaction(kiosk: Kiosk) -> None:
    """A first start probes every file; a commit each would be a sync each, on the GUI thread."""
    library = kiosk.library()
    library.save_durations([(FOLDER / "0.mp4", 1, 1, 1.0)])  # measured before, now changed
    batch = [(FOLDER / f"{n}.mp4", n, 2 * n, n + 0.5) for n in range(1_000)]
    statements: list[str] = []
    raw_connection(kiosk.store).set_trace_callback(statements.append)
    library.save_durations(batch)
    library.save_durations([])  # nothing to write: no transaction at all
    raw_connection(kiosk.store).set_trace_callback(None)
    assert sum(s.startswith("BEGIN") for s in statements) == 1
    library = kiosk.restart()
    assert all(library.cached_duration(p, size, mtime) == s for p, size, mtime, s in batch)


# The shuffle memory.


def test_the_shuffle_cycle_survives_a_restart(kiosk: Kiosk) -> None:
    memory = kiosk.library().shuffle_memory()
    assert memory.seen_keys() == set()
    memory.mark_shown("a")
    memory.mark_shown("b#0-60")
    memory.mark_shown("a")
    memory = kiosk.restart().shuffle_memory()
    assert memory.seen_keys() == {"a", "b#0-60"}
    memory.start_new_cycle()
    assert memory.seen_keys() == set()
    memory.mark_shown("c")
    assert kiosk.restart().shuffle_memory().seen_keys() == {"c"}


def test_seen_keys_is_a_copy(kiosk: Kiosk) -> None:
    memory = kiosk.library().shuffle_memory()
    memory.mark_shown("a")
    memory.seen_keys().add("b")
    assert memory.seen_keys() == {"a"}


def test_a_shuffle_memory_that_cannot_be_saved_does_not_stop_the_feed(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    memory = kiosk.library().shuffle_memory()
    memory.mark_shown("a")
    _drop_table(kiosk.state, "shuffle_memory")
    with caplog.at_level(logging.WARNING):
        memory.mark_shown("b")
        memory.start_new_cycle()
        memory.mark_shown("c")
    assert memory.seen_keys() == {"c"}  # it goes on in memory
    assert "shuffle memory could not be saved" in caplog.text
    # A memory that cannot be read starts afresh.
    assert kiosk.library().shuffle_memory().seen_keys() == set()


def test_choices_that_cannot_be_read_are_an_error_not_an_empty_set(kiosk: Kiosk) -> None:
    """An empty set would show every hidden clip: the caller must know the read failed."""
    library = kiosk.library()
    library.set_clip_hidden("a", True)
    _drop_table(kiosk.state, "hidden_clips")
    with pytest.raises(StoreReadError):
        library.hidden_clip_keys()
    with pytest.raises(StoreWriteError):
        library.set_clip_hidden("b", True)


def test_the_demo_store_keeps_the_library_state_in_memory() -> None:
    store = Store.in_memory()
    library = LibraryState(store, FakeClock())
    library.note_files(FOLDER, videos("a.mp4"), require_approval=True)
    assert library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=True) == {
        FOLDER / "b.mp4"
    }
    store.close()


def _drop_table(state: Path, table: str) -> None:
    """Another program damages the open state file."""
    raw = sqlite3.connect(state)
    raw.execute(f"DROP TABLE {table}")
    raw.commit()
    raw.close()


# What a scan read before.


def test_the_stamps_of_noted_files_are_known_after_a_restart_and_follow_changes(
    kiosk: Kiosk,
) -> None:
    library = kiosk.library()
    a, b = videos("a.mp4", "b.mp4")
    library.note_files(FOLDER, {a: (10, 1), b: (20, 2)}, require_approval=False)
    library = kiosk.restart()
    assert library.known_files() == {str(a): (10, 1), str(b): (20, 2)}
    library.note_files(FOLDER, {a: (11, 3), b: (20, 2)}, require_approval=False)
    assert library.known_files() == {str(a): (11, 3), str(b): (20, 2)}


def test_the_stamps_are_read_on_a_connection_of_their_own_on_any_thread(kiosk: Kiosk) -> None:
    library = kiosk.library()
    (a,) = videos("a.mp4")
    library.note_files(FOLDER, {a: (10, 1)}, require_approval=False)
    answers: list[dict[str, tuple[int, int]]] = []
    reader = threading.Thread(target=lambda: answers.append(library.known_files()))
    reader.start()
    reader.join()
    assert answers == [{str(a): (10, 1)}]


def test_a_store_in_memory_knows_no_stamps() -> None:
    library = LibraryState(Store.in_memory(), FakeClock())
    (a,) = videos("a.mp4")
    library.note_files(FOLDER, {a: (10, 1)}, require_approval=False)
    assert library.known_files() == {}

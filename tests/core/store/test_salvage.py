"""What earlier state files hold comes across into the store that replaced them: the PIN with its
attempt counter from the newest copy that has one, and the parent's library choices, or else a
review of every file by the parent."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from kiosk.core.library.state import LibraryState
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.kept import kept_copies
from kiosk.core.store.pin_records import PinStoreDamaged
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import AT, on_disk, open_store, state_path

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"
FOLDER = Path("/videos/kids")
#: A file's size and mtime_ns as the scan found them; approvals hold for the file as it was.
AS_SEEN = (1_000_000, 1_700_000_000_000_000_000)


def videos(*names: str) -> dict[Path, tuple[int, int]]:
    return {FOLDER / name: AS_SEEN for name in names}


def used_file(path: Path, *, wrong_tries: int = 3) -> Path:
    """A state file with a PIN, some wrong tries, a hidden clip and show, and approvals."""
    store = open_store(path, path.with_name("never-set-up"))
    guard = PinGuard(store.pin_records, FakeClock(), params=FAST)
    guard.set_pin(PIN)
    for _ in range(wrong_tries):
        guard.attempt("46283951")
    library = LibraryState(store, FakeClock())
    library.note_files(FOLDER, videos("a.mp4", "b.mp4"), require_approval=False)
    library.set_clip_hidden(str(FOLDER / "Scary.mp4"), True)
    library.set_show_hidden("Loud Show", True)
    store.close()
    return path


@pytest.fixture
def fresh(tmp_path: Path) -> Store:
    return open_store(state_path(tmp_path), tmp_path / "never-set-up")


def test_the_pin_its_count_and_the_library_choices_come_across(
    fresh: Store, tmp_path: Path
) -> None:
    source = used_file(tmp_path / "old" / "kiosk.sqlite3")
    events = fresh.salvage([source], AT, needs_review=True)
    assert [kind for kind, _ in events] == ["pin_salvaged", "library_salvaged"]
    assert fresh.pin_records.load_throttle().failures == 3  # no fresh free tries
    assert PinGuard(fresh.pin_records, FakeClock(), params=FAST).attempt(PIN).ok
    library = LibraryState(fresh, FakeClock())
    assert library.hidden_clip_keys() == {str(FOLDER / "Scary.mp4")}
    assert library.hidden_shows() == {"Loud Show"}
    # The folder was reviewed and its files approved: nothing waits, and a new file does.
    scanned = videos("a.mp4", "b.mp4", "new.mp4")
    assert library.note_files(FOLDER, scanned, require_approval=True) == {FOLDER / "new.mp4"}


def test_the_household_zone_comes_across_with_the_pin(fresh: Store, tmp_path: Path) -> None:
    source = used_file(tmp_path / "old" / "kiosk.sqlite3")
    kept = open_store(source, tmp_path / "never-set-up")
    with kept.write() as writer:
        assert writer.record_household_zone("Europe/Berlin")
    kept.close()
    fresh.salvage([source], AT, needs_review=True)
    assert fresh.household_zone() == "Europe/Berlin"


def test_a_pin_without_its_counter_means_the_longest_wait(fresh: Store, tmp_path: Path) -> None:
    source = used_file(tmp_path / "old" / "kiosk.sqlite3")
    on_disk(source, "DROP TABLE pin_throttle")
    fresh.salvage([source], AT, needs_review=True)
    with pytest.raises(PinStoreDamaged, match="missing"):
        fresh.pin_records.load_throttle()  # so the guard applies its longest wait


def test_an_empty_copy_gives_way_to_an_older_one_that_has_the_pin(
    fresh: Store, tmp_path: Path
) -> None:
    """The state file a full disk once emptied is kept too, but the PIN is in the copy before."""
    older = used_file(tmp_path / "old" / "kiosk.sqlite3")
    emptied = tmp_path / "emptied.sqlite3"
    emptied.write_bytes(b"")
    events = dict(fresh.salvage([emptied, older], AT, needs_review=True))
    assert events["pin_salvaged"] == {"from": str(older)}
    assert events["library_salvaged"] == {"from": str(older)}
    assert PinGuard(fresh.pin_records, FakeClock(), params=FAST).attempt(PIN).ok


def test_without_the_library_every_file_waits_for_the_parent(fresh: Store, tmp_path: Path) -> None:
    source = used_file(tmp_path / "old" / "kiosk.sqlite3")
    on_disk(source, "DROP TABLE hidden_clips")
    events = [kind for kind, _ in fresh.salvage([source], AT, needs_review=True)]
    assert events == ["pin_salvaged", "library_review_needed"]
    library = LibraryState(fresh, FakeClock())
    scanned = videos("a.mp4", "Scary.mp4")
    # Approval is off, and still nothing shows before the parent looked at it.
    assert library.note_files(FOLDER, scanned, require_approval=False) == set(scanned)
    library.approve(videos("a.mp4"))
    assert library.note_files(FOLDER, scanned, require_approval=False) == {FOLDER / "Scary.mp4"}
    library.approve(videos("Scary.mp4"))
    assert library.note_files(FOLDER, scanned, require_approval=False) == set()
    # Every file of a scan approved: the review is over, and approval works as before.
    assert (
        library.note_files(FOLDER, videos("a.mp4", "Scary.mp4", "new.mp4"), require_approval=False)
        == set()
    )


def test_a_scan_that_found_nothing_ends_no_review(fresh: Store, tmp_path: Path) -> None:
    fresh.salvage([], AT, needs_review=True)
    library = LibraryState(fresh, FakeClock())
    assert library.note_files(FOLDER, {}, require_approval=False) == set()
    assert library.note_files(FOLDER, videos("a.mp4"), require_approval=False) == {FOLDER / "a.mp4"}


def test_before_setup_nothing_to_salvage_asks_for_no_review(fresh: Store) -> None:
    assert fresh.salvage([], AT, needs_review=False) == []
    library = LibraryState(fresh, FakeClock())
    assert library.note_files(FOLDER, videos("a.mp4"), require_approval=False) == set()


def test_nothing_is_taken_from_files_that_are_no_state(fresh: Store, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    events = fresh.salvage([junk, tmp_path / "missing.sqlite3"], AT, needs_review=True)
    assert [kind for kind, _ in events] == ["library_review_needed"]
    assert not fresh.pin_records.has_pin()


def test_reading_a_copy_creates_nothing_beside_it(fresh: Store, tmp_path: Path) -> None:
    source = used_file(tmp_path / "old" / "kiosk.sqlite3")
    before = sorted(p.name for p in source.parent.iterdir())
    fresh.salvage([source], AT, needs_review=True)
    assert sorted(p.name for p in source.parent.iterdir()) == before


def test_kept_copies_are_listed_newest_first(tmp_path: Path) -> None:
    state = state_path(tmp_path)
    state.parent.mkdir(parents=True)
    names = {
        "kiosk.sqlite3.corrupt-20261120T101010": 100,
        "kiosk.sqlite3.unreadable-20261121T101010": 300,
        "kiosk.sqlite3.empty-20261121T101010-2": 200,
    }
    for name, mtime in names.items():
        (state.parent / name).write_bytes(b"x")
        os.utime(state.parent / name, (mtime, mtime))
    for other in ("kiosk.sqlite3", "kiosk.sqlite3.corrupt-20261120T101010-wal", "notes.txt"):
        (state.parent / other).write_bytes(b"x")
    assert [p.name for p in kept_copies(state)] == [
        "kiosk.sqlite3.unreadable-20261121T101010",
        "kiosk.sqlite3.empty-20261121T101010-2",
        "kiosk.sqlite3.corrupt-20261120T101010",
    ]


def test_a_copy_from_before_approval_by_stamp_gives_its_choices_too(
    fresh: Store, tmp_path: Path
) -> None:
    """A copy kept by an older version: no stamps yet, and the reviewed folder in `meta`."""
    source = tmp_path / "old" / "kiosk.sqlite3"
    source.parent.mkdir()
    with sqlite3.connect(source) as old:
        old.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE hidden_clips (clip_key TEXT PRIMARY KEY, hidden_at TEXT NOT NULL);
            CREATE TABLE hidden_shows (show TEXT PRIMARY KEY, hidden_at TEXT NOT NULL);
            CREATE TABLE library_files (
                path TEXT PRIMARY KEY, first_seen_at TEXT NOT NULL, approved INTEGER NOT NULL
            );
            INSERT INTO meta VALUES ('library.reviewed_folder', '/videos/kids');
            INSERT INTO hidden_clips VALUES ('/videos/kids/Scary.mp4', '2026-11-20T09:00:00');
            INSERT INTO library_files VALUES ('/videos/kids/a.mp4', '2026-11-20T09:00:00', 1);
            """
        )
    old.close()
    events = dict(fresh.salvage([source], AT, needs_review=True))
    assert events == {"library_salvaged": {"from": str(source)}}
    library = LibraryState(fresh, FakeClock())
    assert library.hidden_clip_keys() == {"/videos/kids/Scary.mp4"}
    # The folder counts as reviewed: a file that is new in it waits, the approved one does not.
    assert library.note_files(FOLDER, videos("a.mp4", "new.mp4"), require_approval=True) == {
        FOLDER / "new.mp4"
    }

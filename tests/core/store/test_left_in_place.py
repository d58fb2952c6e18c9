"""A state file that is not at fault stays exactly where it is: a full disk, a failing disk, a
folder that cannot be written, or a start that must not write. The store runs in memory on a
read-only copy of it, with the parent's PIN and choices, and nothing is created at its path."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from kiosk.core.library.state import LibraryState
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store import recovery as store_recovery
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import STAMP, make_used_store, open_store

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"


def set_up_with_pin(state: Path, marker: Path) -> bytes:
    """A used state file with a PIN and a hidden clip; its bytes once closed."""
    make_used_store(state, marker)
    store = open_store(state, marker)
    PinGuard(store.pin_records, FakeClock(), params=FAST).set_pin(PIN)
    LibraryState(store, FakeClock()).set_clip_hidden("/videos/Scary.mp4", True)
    store.close()
    return state.read_bytes()


def fail_open_with(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def refuse(path: Path, *, set_up: bool, stamp: object) -> sqlite3.Connection:
        raise error

    monkeypatch.setattr(store_recovery, "_open_existing", refuse)


def assert_left_in_place(store: Store, state: Path, kept: bytes, reason: str) -> None:
    recovery = store.recovery
    assert recovery is not None
    assert (recovery.reason, recovery.moved_to) == (reason, None)
    assert (recovery.in_memory, recovery.copied, recovery.fail_closed) == (True, True, True)
    assert state.read_bytes() == kept
    assert [p.name for p in state.parent.iterdir()] == [state.name]  # nothing beside it
    # The parent's PIN and choices are in the copy, and the copy takes writes.
    assert PinGuard(store.pin_records, FakeClock(), params=FAST).attempt(PIN).ok
    assert LibraryState(store, FakeClock()).hidden_clip_keys() == {"/videos/Scary.mp4"}
    assert store.events("tamper")[-1].detail["reason"] == reason


@pytest.mark.parametrize(
    ("error", "reason", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "disk_full", "is full"),
        (OSError(errno.EIO, "Input/output error"), "disk_error", "failed to read or write"),
    ],
)
def test_a_full_or_failing_disk_is_no_damage(
    state: Path,
    marker: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: OSError,
    reason: str,
    words: str,
) -> None:
    kept = set_up_with_pin(state, marker)
    fail_open_with(monkeypatch, error)
    store = open_store(state, marker)
    assert_left_in_place(store, state, kept, reason)
    assert store.recovery is not None and words in store.recovery.message
    store.close()
    monkeypatch.undo()
    again = open_store(state, marker)  # space is back: the file opens as it was
    assert again.recovery is None
    assert again.load_ledger() == {"kept": True}
    again.close()


def test_sqlite_failing_to_grow_its_index_on_a_full_disk_is_a_full_disk(
    state: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a -shm it cannot grow as an I/O error (SQLITE_IOERR_SHMSIZE)."""
    kept = set_up_with_pin(state, marker)
    shm_error = sqlite3.OperationalError("disk I/O error")
    shm_error.sqlite_errorcode = 4874  # type: ignore[attr-defined]
    fail_open_with(monkeypatch, shm_error)
    monkeypatch.setattr(store_recovery, "_nearly_full", lambda folder: True)
    store = open_store(state, marker)
    assert_left_in_place(store, state, kept, "disk_full")
    store.close()


def test_a_folder_that_cannot_be_written_keeps_the_file(
    state: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = set_up_with_pin(state, marker)
    monkeypatch.setattr(store_recovery, "_folder_writable", lambda folder: False)
    store = open_store(state, marker)
    assert_left_in_place(store, state, kept, "folder_read_only")
    assert store.recovery is not None and str(state.parent) in store.recovery.message
    store.close()


def test_a_start_told_not_to_write_reads_the_file_and_locks(state: Path, marker: Path) -> None:
    kept = set_up_with_pin(state, marker)
    cause = "The kiosk's lock file is a folder, so the kiosk starts locked and saves nothing."
    store = Store.open(state, set_up=True, now=STAMP, writable=False, cause=cause)
    assert_left_in_place(store, state, kept, "not_opened")
    assert store.recovery is not None and store.recovery.message == cause
    store.close()


def test_saves_waiting_in_the_wal_of_a_killed_kiosk_are_read(state: Path, marker: Path) -> None:
    set_up_with_pin(state, marker)
    store = open_store(state, marker)
    with store.write() as writer:
        writer.save_ledger({"latest": True}, STAMP)
    killed = sqlite3.connect(state)  # holds the -wal and -shm as a killed kiosk leaves them
    killed.execute("SELECT 1 FROM ledger").fetchall()
    store.close()
    assert state.with_name(state.name + "-wal").stat().st_size > 0
    copy = Store.open(state, set_up=True, now=STAMP, writable=False, cause="test")
    assert copy.load_ledger() == {"latest": True}
    copy.close()
    killed.close()


def test_a_fresh_file_that_cannot_be_made_whole_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No empty file is left for the next start to take for a damaged one."""
    state = tmp_path / "data" / "kiosk.sqlite3"
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]

    def no_space(connection: sqlite3.Connection, stamp: object) -> None:
        raise full

    monkeypatch.setattr(store_recovery, "_probe_write", no_space)
    store = Store.open(state, set_up=False, now=STAMP)
    assert store.recovery is not None
    assert (store.recovery.reason, store.recovery.in_memory) == ("disk_full", True)
    assert list(state.parent.iterdir()) == []
    store.close()

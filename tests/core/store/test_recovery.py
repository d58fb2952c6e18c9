"""Opening a state database that cannot be trusted: each bad file is kept aside for the parent,
a fresh store replaces it, and a tamper event says so (once the kiosk was set up)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from kiosk.core.pin.guard import PinGuard
from kiosk.core.store import recovery as store_recovery
from kiosk.core.store.schema import SCHEMA_VERSION
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import AT, STAMP, make_used_store, open_store

not_as_root = pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")


def assert_failed_closed(store: Store, reason: str, kept: bytes | None) -> None:
    recovery = store.recovery
    assert recovery is not None
    assert (recovery.reason, recovery.fail_closed, recovery.in_memory) == (reason, True, False)
    if kept is not None:
        assert recovery.moved_to is not None
        assert recovery.moved_to.name == f"kiosk.sqlite3.{reason}-20261126T153000"
        assert recovery.moved_to.read_bytes() == kept
        assert str(recovery.moved_to) in recovery.message
    assert "locked" in recovery.message
    (event,) = store.events("tamper")
    assert (event.detail["cause"], event.detail["reason"]) == ("store", reason)
    assert store.load_ledger() is None
    with store.write() as writer:  # the fresh store works
        writer.save_ledger({"fresh": True}, AT)


def test_garbage_file_is_kept_and_replaced(state: Path, marker: Path) -> None:
    state.parent.mkdir(parents=True)
    state.write_bytes(b"this is not a database at all" * 100)
    store = open_store(state, marker)
    assert_failed_closed(store, "corrupt", b"this is not a database at all" * 100)
    store.close()


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_file_is_damaged(state: Path, marker: Path, keep: float) -> None:
    make_used_store(state, marker)
    whole = state.read_bytes()
    state.write_bytes(whole[: int(len(whole) * keep)])
    store = open_store(state, marker)
    assert_failed_closed(store, "corrupt", whole[: int(len(whole) * keep)])
    store.close()


def test_emptied_file_is_not_a_fresh_start(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    state.write_bytes(b"")
    store = open_store(state, marker)
    assert_failed_closed(store, "empty", b"")
    store.close()


def test_a_blank_database_in_place_of_the_state_is_not_a_fresh_start(
    state: Path, marker: Path
) -> None:
    make_used_store(state, marker)
    state.unlink()
    with sqlite3.connect(state) as raw:  # a valid database file with nothing in it
        raw.execute("CREATE TABLE scratch (x)")
        raw.execute("DROP TABLE scratch")
    raw.close()
    kept = state.read_bytes()
    assert kept.startswith(b"SQLite format 3")
    store = open_store(state, marker)
    assert_failed_closed(store, "empty", kept)
    store.close()


def test_deleted_file_after_setup_fails_closed(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    state.unlink()
    store = open_store(state, marker)
    assert_failed_closed(store, "missing", None)
    assert store.recovery is not None and "was missing" in store.recovery.message
    store.close()


def test_a_stray_wal_of_a_deleted_file_is_moved_aside(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    state.unlink()
    wal = state.with_name(state.name + "-wal")
    wal.write_bytes(b"old wal")
    store = open_store(state, marker)
    assert_failed_closed(store, "missing", None)
    assert store.recovery is not None and store.recovery.moved_to is not None
    assert store.recovery.moved_to.read_bytes() == b"old wal"
    store.close()


def test_a_folder_in_place_of_the_file_is_unreadable(state: Path, marker: Path) -> None:
    state.mkdir(parents=True)
    store = open_store(state, marker)
    assert store.recovery is not None and store.recovery.reason == "unreadable"
    assert store.recovery.moved_to is not None and store.recovery.moved_to.is_dir()
    assert state.is_file()
    store.close()


@not_as_root
def test_unreadable_file_fails_closed(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    state.chmod(0)
    store = open_store(state, marker)
    assert store.recovery is not None and store.recovery.reason == "unreadable"
    store.close()


@not_as_root
def test_read_only_file_fails_closed(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    state.chmod(0o444)
    store = open_store(state, marker)
    assert store.recovery is not None and store.recovery.reason == "read_only"
    store.close()


@pytest.mark.parametrize(("denied", "reason"), [(os.R_OK, "unreadable"), (os.W_OK, "read_only")])
def test_permission_checks_name_the_problem(
    state: Path, marker: Path, monkeypatch: pytest.MonkeyPatch, denied: int, reason: str
) -> None:
    """What the two tests above check, for when they are skipped: the OS answer is faked."""
    make_used_store(state, marker)
    kept = state.read_bytes()
    real_access = os.access

    def access(path: str | os.PathLike[str], mode: int) -> bool:
        return False if Path(path) == state and mode == denied else real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    store = open_store(state, marker)
    monkeypatch.undo()
    assert_failed_closed(store, reason, kept)
    store.close()


def test_a_file_sqlite_refuses_to_write_fails_closed(
    state: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root the permission bits do not bite, so SQLite itself is told to open read-only."""
    make_used_store(state, marker)
    kept = state.read_bytes()
    real_connect = store_recovery._connect
    opened: list[Path] = []

    def connect_first_read_only(path: Path) -> sqlite3.Connection:
        opened.append(path)
        if len(opened) == 1:
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        return real_connect(path)

    monkeypatch.setattr(store_recovery, "_connect", connect_first_read_only)
    store = open_store(state, marker)
    assert_failed_closed(store, "read_only", kept)
    store.close()


def test_a_newer_schema_is_kept_untouched(state: Path, marker: Path) -> None:
    make_used_store(state, marker)
    with sqlite3.connect(state) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    kept = state.read_bytes()
    store = open_store(state, marker)
    assert_failed_closed(store, "newer_version", kept)
    store.close()


def test_before_setup_a_bad_file_is_kept_but_nothing_locks(state: Path, tmp_path: Path) -> None:
    state.parent.mkdir(parents=True)
    state.write_bytes(b"garbage" * 50)
    store = Store.open(state, set_up=False, now=STAMP)
    assert store.recovery is not None
    assert (store.recovery.reason, store.recovery.fail_closed) == ("corrupt", False)
    assert store.recovery.moved_to is not None and store.recovery.moved_to.exists()
    assert store.events("tamper") == []
    assert [e.kind for e in store.events()] == ["store_reset"]
    assert "locked" not in store.recovery.message
    store.close()


def test_two_recoveries_in_one_second_keep_both_files(state: Path, marker: Path) -> None:
    for content in (b"first bad file" * 20, b"second bad file" * 20):
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_bytes(content)
        open_store(state, marker).close()
    kept = sorted(p.name for p in state.parent.iterdir() if ".corrupt-" in p.name)
    assert kept == [
        "kiosk.sqlite3.corrupt-20261126T153000",
        "kiosk.sqlite3.corrupt-20261126T153000-2",
    ]


def test_no_place_to_write_keeps_state_in_memory(tmp_path: Path, marker: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = open_store(blocker / "kiosk.sqlite3", marker)
    assert store.recovery is not None
    assert (store.recovery.in_memory, store.recovery.fail_closed) == (True, True)
    assert store.in_memory_only
    assert "nothing is saved" in store.recovery.message
    with store.write() as writer:
        writer.save_ledger({"still": "works"}, AT)
    assert store.load_ledger() == {"still": "works"}
    store.close()


def test_a_file_held_locked_by_another_program_is_left_alone(
    state: Path, marker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_used_store(state, marker)
    monkeypatch.setattr(store_recovery, "_BUSY_TIMEOUT_MS", 10)
    holder = sqlite3.connect(state, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer that does not let go
    store = open_store(state, marker)
    holder.execute("ROLLBACK")
    holder.close()
    assert store.recovery is not None
    assert (store.recovery.reason, store.recovery.moved_to) == ("busy", None)
    assert (store.recovery.in_memory, store.recovery.fail_closed) == (True, True)
    store.close()
    again = open_store(state, marker)
    assert again.load_ledger() == {"kept": True}  # untouched
    again.close()


@pytest.mark.parametrize("table", ["views", "library_files"])
def test_a_file_without_a_library_table_is_set_aside_and_keeps_its_pin(
    state: Path, marker: Path, table: str
) -> None:
    """The library tables are part of the state: a file that lost one is set aside like any
    other damaged file, and the PIN salvage still finds the PIN in it."""
    store = open_store(state, marker)
    PinGuard(store.pin_records, FakeClock()).set_pin("4827")
    store.close()
    with sqlite3.connect(state) as raw:
        raw.execute(f"DROP TABLE {table}")
    raw.close()
    store = open_store(state, marker)
    assert store.recovery is not None and store.recovery.moved_to is not None
    assert (store.recovery.reason, store.recovery.fail_closed) == ("corrupt", True)
    assert [e.detail["from"] for e in store.events("pin_salvaged")] == [
        str(store.recovery.moved_to)
    ]
    assert PinGuard(store.pin_records, FakeClock()).attempt("4827").ok
    store.close()

"""The state database: durability settings, schema and migrations, transactions, reading back."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.store import Store, StoreWriteError, mark_set_up
from kiosk.core.store_schema import MIGRATIONS, SCHEMA_VERSION
from tests.core.store_kit import AT, open_store, set_up_marker, state_path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return state_path(tmp_path)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return set_up_marker(tmp_path)


def test_new_store_is_wal_with_full_sync_at_the_current_schema(state: Path, marker: Path) -> None:
    store = Store.open(state, setup_marker=marker.with_name("not-set-up"))
    assert store.recovery is None
    assert store.durability() == ("wal", 2)
    store.close()
    with sqlite3.connect(state) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len(MIGRATIONS) == SCHEMA_VERSION


@pytest.mark.parametrize("blank", ["empty file", "database without tables"])
def test_a_blank_file_before_setup_is_built_up(state: Path, tmp_path: Path, blank: str) -> None:
    """What a first run killed early can leave behind."""
    state.parent.mkdir(parents=True)
    with sqlite3.connect(state) as raw:
        if blank == "database without tables":
            raw.execute("CREATE TABLE scratch (x)")
            raw.execute("DROP TABLE scratch")
    raw.close()
    store = Store.open(state, setup_marker=tmp_path / "absent")
    assert store.recovery is None
    assert store.load_ledger() is None
    store.close()
    with sqlite3.connect(state) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_committed_writes_are_visible_to_another_reader_at_once(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    with store.write() as writer:
        session = writer.insert_session(AT, 900)
        writer.update_session(session, counted_seconds=12.5, allowance_seconds=900)
        writer.save_ledger({"used": 12.5}, AT)
    reader = open_store(state, marker)  # what a restart after kill -9 would read
    assert reader.load_ledger() == {"used": 12.5}
    assert [s.counted_seconds for s in reader.sessions()] == [12.5]
    reader.close()
    store.close()


def test_a_failed_transaction_leaves_nothing_behind(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    with store.write() as writer:
        writer.save_ledger({"version": "before"}, AT)
    with pytest.raises(RuntimeError), store.write() as writer:
        writer.save_ledger({"version": "after"}, AT)
        writer.add_event(AT, "session_start", {})
        raise RuntimeError("killed half way")
    assert store.load_ledger() == {"version": "before"}
    assert store.events("session_start") == []
    store.close()


def test_sqlite_errors_inside_a_write_become_store_write_errors(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    with pytest.raises(StoreWriteError), store.write() as writer:
        writer.add_event(AT, "x", {})
        writer.update_session(1, counted_seconds=-5, allowance_seconds=10)  # no such row: fine
        writer.insert_session(AT, -1)  # violates CHECK (allowance_seconds >= 0)
    assert store.events("x") == []
    store.close()


def test_events_and_sessions_read_back_in_order_with_utc_times(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    local = AT.astimezone(datetime.now().astimezone().tzinfo)
    with store.write() as writer:
        writer.add_event(local, "warning", {"seconds": 120})
        writer.add_event(local + timedelta(seconds=90), "warning", {"seconds": 30})
        session = writer.insert_session(local, 600)
        writer.update_session(
            session, counted_seconds=600, allowance_seconds=600, ended_at=AT, end_reason="time_up"
        )
    warnings = store.events("warning")
    assert [e.detail["seconds"] for e in warnings] == [120, 30]
    assert warnings[0].at == AT and warnings[0].at.utcoffset() == timedelta(0)
    (record,) = store.sessions()
    assert (record.ended_at, record.end_reason, record.counted_seconds) == (AT, "time_up", 600)
    store.close()


def test_the_demo_store_lives_in_memory() -> None:
    store = Store.in_memory()
    assert store.in_memory_only and store.recovery is None and not store.was_set_up
    with store.write() as writer:
        writer.save_ledger({"demo": True}, AT)
    assert store.load_ledger() == {"demo": True}
    store.close()


def test_setup_marker_is_written_whole(tmp_path: Path) -> None:
    marker = tmp_path / "deep" / "config" / "kiosk.setup"
    mark_set_up(marker)
    assert "set up" in marker.read_text(encoding="utf-8")
    assert [p.name for p in marker.parent.iterdir()] == ["kiosk.setup"]

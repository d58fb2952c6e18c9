"""The state database: durability settings, schema and migrations, transactions, reading back."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.library.state import LibraryState
from kiosk.core.setup_marks import mark_set_up
from kiosk.core.store.schema import MIGRATIONS, REQUIRED_TABLES, SCHEMA_VERSION
from kiosk.core.store.store import Store, StoreWriteError
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import AT, open_store, raw_connection


def test_new_store_is_wal_with_full_sync_at_the_current_schema(state: Path, marker: Path) -> None:
    store = Store.open(state, set_up=False)
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
    store = Store.open(state, set_up=False)
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
    mark_set_up([marker])
    assert "set up" in marker.read_text(encoding="utf-8")
    assert [p.name for p in marker.parent.iterdir()] == ["kiosk.setup"]


def test_every_ledger_save_moves_its_revision_on(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    assert store.read_ledger() == (None, 0) and store.ledger_revision() == 0
    with store.write() as writer:
        assert writer.save_ledger({"n": 1}, AT) == 1
        assert writer.ledger_revision() == 1  # seen inside the same transaction
        assert writer.save_ledger({"n": 2}, AT) == 2
    other = open_store(state, marker)  # another process sees the revision with the document
    assert other.read_ledger() == ({"n": 2}, 2) and other.ledger_revision() == 2
    with other.write() as writer:
        writer.save_ledger({"n": 3}, AT)
    assert store.read_ledger() == ({"n": 3}, 3)
    other.close()
    store.close()


def test_a_rolled_back_save_leaves_the_revision_where_it_was(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    with store.write() as writer:
        writer.save_ledger({"n": 1}, AT)
    with pytest.raises(RuntimeError), store.write() as writer:
        writer.save_ledger({"n": 2}, AT)
        raise RuntimeError("killed half way")
    assert store.read_ledger() == ({"n": 1}, 1)
    store.close()


def file_at_version(state: Path, version: int) -> sqlite3.Connection:
    """A state file as that release left it: its migrations run, its version not yet set."""
    state.parent.mkdir(parents=True)
    raw = sqlite3.connect(state)
    for migration in MIGRATIONS[:version]:
        for statement in migration.statements:
            raw.execute(statement)
    return raw


def test_a_version_2_file_gains_the_revision_and_keeps_its_ledger(
    state: Path, marker: Path
) -> None:
    raw = file_at_version(state, 2)
    raw.execute("INSERT INTO ledger (id, data, saved_at) VALUES (1, '{\"kept\": true}', 'x')")
    raw.execute("PRAGMA user_version = 2")
    raw.commit()
    raw.close()
    store = open_store(state, marker)
    assert store.recovery is None
    assert store.read_ledger() == ({"kept": True}, 0)
    with store.write() as writer:
        assert writer.save_ledger({"kept": "still"}, AT) == 1
    store.close()
    with sqlite3.connect(state) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_a_version_3_file_gains_the_library_tables_and_keeps_its_state(
    state: Path, marker: Path
) -> None:
    """What an upgrade from the release before library curation finds."""
    raw = file_at_version(state, 3)
    raw.execute(
        "INSERT INTO ledger (id, data, saved_at, revision) VALUES (1, '{\"kept\": true}', 'x', 7)"
    )
    raw.execute("INSERT INTO events (at, kind) VALUES ('2026-11-26T09:00:00.000+00:00', 'old')")
    raw.execute("PRAGMA user_version = 3")
    raw.commit()
    raw.close()
    store = open_store(state, marker)
    assert store.recovery is None
    assert store.read_ledger() == ({"kept": True}, 7)
    assert [e.kind for e in store.events()] == ["old"]
    with store.write():
        raw_connection(store).execute(
            "INSERT INTO hidden_shows (show, hidden_at) VALUES ('S', 'x')"
        )
        raw_connection(store).execute(
            "INSERT INTO views (clip_key, path, title, started_at, watched_seconds, outcome)"
            " VALUES ('k', '/v.mp4', 'V', '2026-11-26T09:00:00.000+00:00', 3.5, 'finished')"
        )
    store.close()
    with sqlite3.connect(state) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        indexes = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    raw.close()
    assert tables >= REQUIRED_TABLES
    assert "views_started_at" in indexes


@pytest.mark.parametrize(
    ("watched", "outcome"),
    [
        (-1.0, "finished"),  # watched time is never negative
        (1.0, "paused"),  # only the two outcomes
    ],
)
def test_the_views_table_refuses_rows_a_report_could_not_trust(
    state: Path, marker: Path, watched: float, outcome: str
) -> None:
    store = open_store(state, marker)
    with pytest.raises(StoreWriteError), store.write():
        raw_connection(store).execute(
            "INSERT INTO views (clip_key, path, title, started_at, watched_seconds, outcome)"
            " VALUES ('k', '/v.mp4', 'V', 'x', ?, ?)",
            (watched, outcome),
        )
    store.close()


def test_a_version_4_file_keeps_its_approvals_for_the_files_as_they_are_now(
    state: Path, marker: Path
) -> None:
    """What an upgrade from the release that kept approvals by path alone finds."""
    raw = file_at_version(state, 4)
    raw.executemany(
        "INSERT INTO library_files (path, first_seen_at, approved) VALUES (?, 'x', ?)",
        [("/videos/kids/approved.mp4", 1), ("/videos/kids/waiting.mp4", 0)],
    )
    raw.execute("INSERT INTO meta (key, value) VALUES ('library.reviewed_folder', '/videos/kids')")
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()
    store = open_store(state, marker)
    library = LibraryState(store, FakeClock())
    folder = Path("/videos/kids")
    now = {folder / "approved.mp4": (10, 20), folder / "waiting.mp4": (30, 40)}
    # The folder stays reviewed, so nothing waiting is approved by this first scan; the one
    # approved stays approved, as the file it is now.
    pending = library.note_files(folder, now, require_approval=True)
    assert pending == {folder / "waiting.mp4"}
    changed = {**now, folder / "approved.mp4": (11, 20)}
    assert library.note_files(folder, changed, require_approval=True) == set(changed)
    store.close()

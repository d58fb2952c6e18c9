"""The rows of the time rules' tables: the ledger, sessions, events and the household's time
zone. The record types
`Store.events()` and `Store.sessions()` return, their readers, and the statements of one write
transaction (`StoreWriter`). Split from `store`, which owns opening the file, so that the SQL for
each row lives in one place with no connection handling. `store` re-exports every public name,
and callers import them from there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.core.store.access import StoreReadError
from kiosk.core.store.times import (
    read_optional_time,
    read_time,
    store_time,
    time_conditions,
    where,
)

#: The `meta` key that holds the household's time zone, recorded when the PIN is first set.
HOUSEHOLD_ZONE_KEY = "household.time_zone"
#: The `meta` key that holds the text of the parent's config.toml as the kiosk last read or
#: saved it: a deleted settings file is put back from here rather than run on the defaults.
KEPT_CONFIG_KEY = "config.kept"


@dataclass(frozen=True)
class EventRecord:
    id: int
    at: datetime
    kind: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: datetime
    ended_at: datetime | None
    counted_seconds: float
    allowance_seconds: float
    end_reason: str | None


def read_ledger(connection: sqlite3.Connection) -> tuple[dict[str, Any] | None, int]:
    """The ledger document and its revision, in one SELECT (None and 0 if none was saved).

    sqlite3 errors pass through: inside a write they must roll the transaction back.
    """
    row = connection.execute("SELECT data, revision FROM ledger WHERE id = 1").fetchone()
    if row is None:
        return None, 0
    try:
        data = json.loads(row[0])
    except (ValueError, TypeError, RecursionError) as error:
        # RecursionError: a row of thousands of nested brackets, which only damage writes.
        raise StoreReadError(f"the saved ledger could not be read: {error}") from error
    if not isinstance(data, dict):
        raise StoreReadError("the saved ledger is not a JSON object")
    return data, int(row[1])


def read_ledger_revision(connection: sqlite3.Connection) -> int:
    """The ledger's revision alone: one cheap read, for a check at every tick."""
    row = connection.execute("SELECT revision FROM ledger WHERE id = 1").fetchone()
    return 0 if row is None else int(row[0])


def read_household_zone(connection: sqlite3.Connection) -> str | None:
    """The IANA name of the zone recorded at setup, or None if none was recorded yet."""
    row = connection.execute(
        "SELECT value FROM meta WHERE key = ?", (HOUSEHOLD_ZONE_KEY,)
    ).fetchone()
    return None if row is None else str(row[0])


def read_kept_config(connection: sqlite3.Connection) -> str | None:
    """The parent's config.toml as last kept, or None if none was kept yet."""
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (KEPT_CONFIG_KEY,)).fetchone()
    return None if row is None else str(row[0])


def read_events(
    connection: sqlite3.Connection,
    kinds: Collection[str] | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[EventRecord]:
    """The events of `kinds` (all when None) at `since` or later and before `until`, oldest first.

    An event whose detail is not a JSON object raises ValueError: it was not written here.
    """
    conditions, params = time_conditions("at", since, until)
    if kinds is not None:
        chosen = sorted(set(kinds))
        conditions.append(f"kind IN ({', '.join('?' * len(chosen))})")
        params.extend(chosen)
    rows = connection.execute(
        f"SELECT id, at, kind, detail FROM events{where(conditions)} ORDER BY id", params
    ).fetchall()
    return [EventRecord(int(r[0]), read_time(r[1]), str(r[2]), _detail(r[3])) for r in rows]


def read_sessions(
    connection: sqlite3.Connection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[SessionRecord]:
    """The sessions started before `until` that were still open at `since` (open now, or ended
    then or later), oldest first; all of them without either."""
    conditions, params = time_conditions("started_at", None, until)
    if since is not None:
        ended, ended_params = time_conditions("ended_at", since, None)
        conditions.append(f"(ended_at IS NULL OR {ended[0]})")
        params.extend(ended_params)
    rows = connection.execute(
        "SELECT id, started_at, ended_at, counted_seconds, allowance_seconds, end_reason"
        f" FROM sessions{where(conditions)} ORDER BY id",
        params,
    ).fetchall()
    return [
        SessionRecord(
            int(r[0]),
            read_time(r[1]),
            read_optional_time(r[2]),
            float(r[3]),
            float(r[4]),
            None if r[5] is None else str(r[5]),
        )
        for r in rows
    ]


def _detail(text: object) -> dict[str, Any]:
    detail = json.loads(str(text))
    if not isinstance(detail, dict):
        raise ValueError("an event's detail is not a JSON object")
    return detail


class StoreWriter:
    """The statements of one open write transaction. Only `Store.write()` makes one."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def insert_session(self, started_at: datetime, allowance_seconds: float) -> int:
        cursor = self._connection.execute(
            "INSERT INTO sessions (started_at, allowance_seconds) VALUES (?, ?)",
            (store_time(started_at), allowance_seconds),
        )
        assert cursor.lastrowid is not None  # an INSERT into a rowid table always sets it
        return cursor.lastrowid

    def update_session(
        self,
        session_id: int,
        *,
        counted_seconds: float,
        allowance_seconds: float,
        ended_at: datetime | None = None,
        end_reason: str | None = None,
    ) -> None:
        self._connection.execute(
            "UPDATE sessions SET counted_seconds = ?, allowance_seconds = ?,"
            " ended_at = ?, end_reason = ? WHERE id = ?",
            (
                counted_seconds,
                allowance_seconds,
                None if ended_at is None else store_time(ended_at),
                end_reason,
                session_id,
            ),
        )

    def add_event(self, at: datetime, kind: str, detail: Mapping[str, Any] | None = None) -> None:
        self._connection.execute(
            "INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)",
            (store_time(at), kind, json.dumps(dict(detail or {}), sort_keys=True)),
        )

    def add_session_seconds(self, session_id: int, seconds: float) -> None:
        """Add counted time to a session row that another process already closed."""
        self._connection.execute(
            "UPDATE sessions SET counted_seconds = counted_seconds + ? WHERE id = ?",
            (seconds, session_id),
        )

    def record_household_zone(self, name: str) -> bool:
        """Record the household's zone unless one is recorded already; True if this one was.

        Once recorded it stays: only the parent's `session.time_zone` overrides it.
        """
        cursor = self._connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (HOUSEHOLD_ZONE_KEY, name),
        )
        return cursor.rowcount == 1

    def keep_config(self, text: str) -> None:
        """Keep the text of the parent's config.toml, replacing the one kept before."""
        self._connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEPT_CONFIG_KEY, text)
        )

    def ledger_revision(self) -> int:
        """The saved ledger's revision. The write lock is held, so nobody can move it on."""
        return read_ledger_revision(self._connection)

    def load_ledger(self) -> dict[str, Any] | None:
        return read_ledger(self._connection)[0]

    def save_ledger(self, data: Mapping[str, Any], saved_at: datetime) -> int:
        """Save the ledger; returns its new revision, one more than the one it replaces.

        The caller makes this a compare-and-set: it reads `ledger_revision()` in the same
        transaction first (the write lock is held, so nobody can save in between).
        """
        revision = self.ledger_revision() + 1
        self._connection.execute(
            "INSERT INTO ledger (id, data, saved_at, revision) VALUES (1, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET data = excluded.data,"
            " saved_at = excluded.saved_at, revision = excluded.revision",
            (json.dumps(dict(data), sort_keys=True), store_time(saved_at), revision),
        )
        return revision

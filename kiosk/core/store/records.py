"""The rows of the state file: the record types `Store.events()` and `Store.sessions()` return,
the statements of one write transaction (`StoreWriter`), the ledger row's reader, and the two
errors callers catch. Split from `store`, which owns opening the file and its transactions, so
that the SQL for each row lives in one place with no connection handling; times are stored here
as UTC text. `store` re-exports every public name, and callers import them from there.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


class StoreWriteError(Exception):
    """A checkpoint could not be written; nothing of it was saved."""


class StoreReadError(Exception):
    """Stored state could not be read back."""


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


def store_time(moment: datetime) -> str:
    """Times are stored in UTC, so they sort as text; readers convert to local time."""
    if moment.tzinfo is None:
        raise ValueError("stored times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def read_ledger_row(
    connection: sqlite3.Connection, columns: str
) -> tuple[dict[str, Any] | None, int]:
    """One SELECT of the ledger row: the document (None unless asked for) and the revision.

    sqlite3 errors pass through: inside a write they must roll the transaction back.
    """
    row = connection.execute(f"SELECT {columns} FROM ledger WHERE id = 1").fetchone()
    if row is None:
        return None, 0
    revision = int(row[-1])
    if len(row) == 1:
        return None, revision
    try:
        data = json.loads(row[0])
    except (ValueError, TypeError, RecursionError) as error:
        # RecursionError: a row of thousands of nested brackets, which only damage writes.
        raise StoreReadError(f"the saved ledger could not be read: {error}") from error
    if not isinstance(data, dict):
        raise StoreReadError("the saved ledger is not a JSON object")
    return data, revision


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

    def ledger_revision(self) -> int:
        """The saved ledger's revision. The write lock is held, so nobody can move it on."""
        return read_ledger_row(self._connection, "revision")[1]

    def load_ledger(self) -> dict[str, Any] | None:
        return read_ledger_row(self._connection, "data, revision")[0]

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

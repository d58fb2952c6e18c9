"""SQLite persistence for the kiosk's state: the time ledger, sessions and the event log.

The file is opened in WAL mode with synchronous=FULL, so a commit survives a kill -9 or a power
cut, and `kiosk status` can read while the kiosk writes. Writes go through `Store.write()`, one
transaction per checkpoint. Each ledger save bumps the ledger's revision, so a process can tell
that another one (`kiosk unlock` beside the running kiosk) saved since it last read. Opening
fails closed (see `store_recovery`); a write that fails raises `StoreWriteError`, which `limits`
turns into a locked kiosk rather than a crash. The PIN's tables live here too (`pin_store`), and
new tables arrive as `store_schema` migrations. The rows themselves (records, the writer's
statements, the errors) are in `store_records`; import them from here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.atomic import write_atomically
from kiosk.core.store.records import (
    EventRecord,
    SessionRecord,
    StoreReadError,
    StoreWriteError,
    StoreWriter,
    read_ledger_row,
)
from kiosk.core.store.recovery import StoreRecovery, open_state
from kiosk.core.store.schema import migrate

__all__ = [
    "EventRecord",
    "SessionRecord",
    "Store",
    "StoreReadError",
    "StoreRecovery",
    "StoreWriteError",
    "StoreWriter",
    "mark_set_up",
]


class Store:
    """The open state database. Make one with `Store.open` (or `Store.in_memory` for a demo)."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: Path | None,
        recovery: StoreRecovery | None = None,
        was_set_up: bool = False,
    ) -> None:
        self._connection = connection
        self.path = path
        self.recovery = recovery
        self.was_set_up = was_set_up

    @classmethod
    def open(cls, path: Path, *, setup_marker: Path, now: datetime | None = None) -> Store:
        """Open or create the state file; never raises for a bad file (see `store_recovery`).

        `setup_marker` is the file `mark_set_up` writes once the parent finished setup. While it
        exists, a missing or unusable state file makes the kiosk start locked. `now` names the
        kept copy of a bad file; it defaults to the local time.
        """
        stamp = now if now is not None else datetime.now().astimezone()
        set_up = _is_file(setup_marker)
        connection, recovery = open_state(path, set_up=set_up, stamp=stamp)
        store = cls(connection, path=path, recovery=recovery, was_set_up=set_up)
        if recovery is not None:
            with contextlib.suppress(StoreWriteError), store.write() as writer:
                # Only a set-up kiosk treats this as tamper: before setup there is no PIN yet.
                kind = "tamper" if recovery.fail_closed else "store_reset"
                detail = {
                    "cause": "store",
                    "reason": recovery.reason,
                    "moved_to": None if recovery.moved_to is None else str(recovery.moved_to),
                    "message": recovery.message,
                }
                writer.add_event(stamp, kind, detail)
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """Throw-away state that lives only as long as this object (for `kiosk --demo`)."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        migrate(connection)
        return cls(connection, path=None)

    @property
    def connection(self) -> sqlite3.Connection:
        """The open connection, for the stores of other tables in this file (the PIN's).

        It is in autocommit mode; they run their own BEGIN IMMEDIATE transactions. From the
        GUI thread only, and never with one of theirs open across a call into `limits`.
        """
        return self._connection

    @property
    def in_memory_only(self) -> bool:
        return self.path is None or (self.recovery is not None and self.recovery.in_memory)

    @contextlib.contextmanager
    def write(self) -> Iterator[StoreWriter]:
        """One transaction: all of it is committed (and synced) or none of it."""
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreWriteError(str(error)) from error
        try:
            yield StoreWriter(self._connection)
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StoreWriteError(str(error)) from error
            raise
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("ROLLBACK")
            raise StoreWriteError(str(error)) from error

    def durability(self) -> tuple[str, int]:
        """SQLite's journal mode and synchronous level for this connection ("wal", 2 = FULL)."""
        mode = self._connection.execute("PRAGMA journal_mode").fetchone()[0]
        level = self._connection.execute("PRAGMA synchronous").fetchone()[0]
        return str(mode), int(level)

    def load_ledger(self) -> dict[str, Any] | None:
        """The saved ledger document, or None if none was ever saved."""
        return self.read_ledger()[0]

    def read_ledger(self, columns: str = "data, revision") -> tuple[dict[str, Any] | None, int]:
        """The saved ledger document and its revision, read in one go (None and 0 if none)."""
        try:
            return read_ledger_row(self._connection, columns)
        except sqlite3.Error as error:
            raise StoreReadError(f"the saved ledger could not be read: {error}") from error

    def ledger_revision(self) -> int:
        """The saved ledger's revision alone: one cheap read, for a check at every tick."""
        return self.read_ledger("revision")[1]

    def events(self, kind: str | None = None) -> list[EventRecord]:
        """The event log, oldest first, optionally of one kind."""
        query = "SELECT id, at, kind, detail FROM events"
        params: tuple[str, ...] = ()
        if kind is not None:
            query += " WHERE kind = ?"
            params = (kind,)
        try:
            rows = self._connection.execute(query + " ORDER BY id", params).fetchall()
            return [
                EventRecord(int(r[0]), datetime.fromisoformat(r[1]), str(r[2]), json.loads(r[3]))
                for r in rows
            ]
        except (sqlite3.Error, ValueError) as error:
            raise StoreReadError(f"the event log could not be read: {error}") from error

    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first."""
        try:
            rows = self._connection.execute(
                "SELECT id, started_at, ended_at, counted_seconds, allowance_seconds, end_reason"
                " FROM sessions ORDER BY id"
            ).fetchall()
            return [
                SessionRecord(
                    int(r[0]),
                    datetime.fromisoformat(r[1]),
                    None if r[2] is None else datetime.fromisoformat(r[2]),
                    float(r[3]),
                    float(r[4]),
                    None if r[5] is None else str(r[5]),
                )
                for r in rows
            ]
        except (sqlite3.Error, ValueError) as error:
            raise StoreReadError(f"the sessions could not be read: {error}") from error

    def close(self) -> None:
        """Close the file. Closing does not save anything: unsaved state is what a kill loses."""
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()


def mark_set_up(marker: Path) -> None:
    """Record that the parent finished setup. From now on a lost state file locks the kiosk.

    The marker lives beside the config (the caller picks the path), apart from the state file,
    so deleting the state folder does not also delete the evidence that there was a state.
    """
    marker.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    # Written atomically: a crash leaves no marker or a whole one, never an empty file.
    write_atomically(
        marker, f"Kiosk Clips was set up on {stamp}. Do not delete this file.\n".encode()
    )


def _is_file(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return True  # present but not inspectable: assume set up, which fails closed

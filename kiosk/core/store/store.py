"""SQLite persistence for the kiosk's state: the time ledger, sessions and the event log, and the
record objects of the other tables in the same file.

The file is opened in WAL mode with synchronous=FULL, so a commit survives a kill -9 or a power
cut, and `kiosk status` can read while the kiosk writes. Writes go through `Store.write()`, one
transaction per checkpoint. Each ledger save bumps the ledger's revision, so a process can tell
that another one (`kiosk unlock` beside the running kiosk) saved since it last read. Opening
fails closed (see `recovery`); a write that fails raises `StoreWriteError`, which `limits` turns
into a locked kiosk rather than a crash. The other tables are kept by their own record objects
on the same connection (`pin_records`, `library_records`, `view_records`), and new tables arrive
as `schema` migrations. The connection itself never leaves this package: every SQL statement of
the kiosk lives here. The time rules' rows (records, the writer's statements) are in `records`,
the errors in `access`; import them from here.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.atomic import write_atomically
from kiosk.core.store.access import (
    StoreError,
    StoreReadError,
    StoreWriteError,
    reading,
    write_transaction,
)
from kiosk.core.store.library_records import LibraryRecords
from kiosk.core.store.pin_records import PinRecords
from kiosk.core.store.records import (
    EventRecord,
    SessionRecord,
    StoreWriter,
    read_events,
    read_household_zone,
    read_ledger,
    read_ledger_revision,
    read_sessions,
)
from kiosk.core.store.recovery import StoreRecovery, open_state
from kiosk.core.store.schema import migrate
from kiosk.core.store.view_records import ViewRecords

__all__ = [
    "EventRecord",
    "SessionRecord",
    "Store",
    "StoreError",
    "StoreReadError",
    "StoreRecovery",
    "StoreWriteError",
    "StoreWriter",
    "mark_set_up",
]


class Store:
    """The open state database. Make one with `Store.open` (or `Store.in_memory` for a demo).

    The time rules' tables are read here and written through `write()`; the PIN's, the
    library's and the watch history's through `pin_records`, `library_records` and
    `view_records`, which share this store's connection. All of it from the GUI thread only (or
    from one command's thread), and never with a transaction open across a call into `limits`.
    """

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
        self.pin_records = PinRecords(connection)
        self.library_records = LibraryRecords(connection, None if self.in_memory_only else path)
        self.view_records = ViewRecords(connection)

    @classmethod
    def open(cls, path: Path, *, setup_marker: Path, now: datetime | None = None) -> Store:
        """Open or create the state file; never raises for a bad file (see `recovery`).

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
    def in_memory_only(self) -> bool:
        return self.path is None or (self.recovery is not None and self.recovery.in_memory)

    @contextlib.contextmanager
    def write(self) -> Iterator[StoreWriter]:
        """One transaction: all of it is committed (and synced) or none of it."""
        with write_transaction(self._connection):
            yield StoreWriter(self._connection)

    def durability(self) -> tuple[str, int]:
        """SQLite's journal mode and synchronous level for this connection ("wal", 2 = FULL)."""
        mode = self._connection.execute("PRAGMA journal_mode").fetchone()[0]
        level = self._connection.execute("PRAGMA synchronous").fetchone()[0]
        return str(mode), int(level)

    def load_ledger(self) -> dict[str, Any] | None:
        """The saved ledger document, or None if none was ever saved."""
        return self.read_ledger()[0]

    def read_ledger(self) -> tuple[dict[str, Any] | None, int]:
        """The saved ledger document and its revision, read in one go (None and 0 if none)."""
        with reading("saved ledger"):
            return read_ledger(self._connection)

    def ledger_revision(self) -> int:
        """The saved ledger's revision alone: one cheap read, for a check at every tick."""
        with reading("saved ledger"):
            return read_ledger_revision(self._connection)

    def household_zone(self) -> str | None:
        """The zone recorded when the PIN was first set (an IANA name), or None before that."""
        with reading("household time zone"):
            return read_household_zone(self._connection)

    def events(self, kind: str | None = None) -> list[EventRecord]:
        """The event log, oldest first, optionally of one kind."""
        with reading("event log"):
            return read_events(self._connection, None if kind is None else (kind,))

    def events_between(
        self, since: datetime, until: datetime, kinds: Collection[str]
    ) -> list[EventRecord]:
        """The events of `kinds` at `since` or later and before `until`, oldest first."""
        with reading("event log"):
            return read_events(self._connection, kinds, since=since, until=until)

    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first."""
        with reading("sessions"):
            return read_sessions(self._connection)

    def sessions_between(self, since: datetime, until: datetime) -> list[SessionRecord]:
        """The sessions started before `until` and still open at `since` (open now, or ended
        then or later), oldest first."""
        with reading("sessions"):
            return read_sessions(self._connection, since=since, until=until)

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

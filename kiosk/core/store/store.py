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
import os
import sqlite3
from collections.abc import Collection, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.i18n import _
from kiosk.core.store.access import (
    StoreError,
    StoreReadError,
    StoreWriteError,
    reading,
    write_transaction,
)
from kiosk.core.store.kept import kept_copies
from kiosk.core.store.library_records import LibraryRecords
from kiosk.core.store.pin_records import PinRecords
from kiosk.core.store.records import (
    EventRecord,
    SessionRecord,
    StoreWriter,
    read_events,
    read_household_zone,
    read_kept_config,
    read_ledger,
    read_ledger_revision,
    read_sessions,
)
from kiosk.core.store.recovery import StoreRecovery, open_state
from kiosk.core.store.salvage import Salvage, salvage
from kiosk.core.store.schema import migrate
from kiosk.core.store.view_records import ViewRecords

__all__ = [
    "EventRecord",
    "Salvage",
    "SessionRecord",
    "Store",
    "StoreError",
    "StoreReadError",
    "StoreRecovery",
    "StoreWriteError",
    "StoreWriter",
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
        # Which file was opened, to notice when it is removed or replaced while it is open.
        self._opened = None if self.in_memory_only or path is None else _identity(path)
        self.pin_records = PinRecords(connection)
        self.library_records = LibraryRecords(connection, None if self.in_memory_only else path)
        self.view_records = ViewRecords(connection)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        set_up: bool,
        now: datetime | None = None,
        writable: bool = True,
        cause: str | None = None,
    ) -> Store:
        """Open or create the state file; never raises for a bad file (see `recovery`).

        `set_up`: the caller found a trace that the parent finished setup (see
        `core.setup_marks`). While there is one, a missing or unusable state file makes the
        kiosk start locked; a copy of an earlier state file kept beside `path` is such a trace
        too. `writable=False` reads the file into memory and writes nothing, for a kiosk that
        could not start properly; `cause` says why, in a sentence for the parent. `now` names
        the kept copy of a bad file; it defaults to the local time.
        """
        stamp = now if now is not None else datetime.now().astimezone()
        set_up = set_up or bool(kept_copies(path))
        connection, recovery = open_state(
            path, set_up=set_up, stamp=stamp, writable=writable, cause=cause
        )
        store = cls(connection, path=path, recovery=recovery, was_set_up=set_up)
        if recovery is None:
            return store
        events: list[tuple[str, dict[str, Any]]] = [
            # Only a set-up kiosk treats this as tamper: before setup there is no PIN yet.
            (
                "tamper" if recovery.fail_closed else "store_reset",
                {
                    "cause": "store",
                    "reason": recovery.reason,
                    "moved_to": None if recovery.moved_to is None else str(recovery.moved_to),
                    "message": recovery.message,
                },
            )
        ]
        if not recovery.copied:
            # The file just set aside first: it is the newest, even when an older write time
            # would sort it behind another kept copy.
            candidates = kept_copies(path)
            if recovery.moved_to in candidates:
                candidates.remove(recovery.moved_to)
                candidates.insert(0, recovery.moved_to)
            events += store.salvage(candidates, stamp, needs_review=recovery.fail_closed)
        with contextlib.suppress(StoreWriteError), store.write() as writer:
            for kind, detail in events:
                writer.add_event(stamp, kind, detail)
        return store

    def salvage(
        self, candidates: list[Path], at: datetime, *, needs_review: bool
    ) -> list[tuple[str, dict[str, Any]]]:
        """Take the PIN and the library's choices from earlier state files (see `salvage`);
        the events that say what came from where. Without `needs_review` (before setup there
        are no choices to lose) a library that came from nowhere asks for no review."""
        found = salvage(self._connection, candidates, at, review_if_lost=needs_review)
        events: list[tuple[str, dict[str, Any]]] = []
        if found.pin_from is not None:
            events.append(("pin_salvaged", {"from": str(found.pin_from)}))
        if found.library_from is not None:
            events.append(("library_salvaged", {"from": str(found.library_from)}))
        elif needs_review:
            events.append(("library_review_needed", {}))
        return events

    @classmethod
    def in_memory(cls) -> Store:
        """Throw-away state that lives only as long as this object (for `kiosk --demo`)."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        migrate(connection)
        return cls(connection, path=None)

    @property
    def in_memory_only(self) -> bool:
        return self.path is None or (self.recovery is not None and self.recovery.in_memory)

    @property
    def replaced(self) -> bool:
        """The file at `path` is not the one opened any more: it was removed (with its folder,
        say) or replaced while the kiosk ran. Saves would go to a file nobody will read."""
        return self._opened is not None and _identity(self.path) != self._opened

    @contextlib.contextmanager
    def write(self) -> Iterator[StoreWriter]:
        """One transaction: all of it is committed (and synced) or none of it. StoreWriteError
        once the file was removed or replaced (`replaced`)."""
        if self.replaced:
            raise StoreWriteError(
                _("the state file {path} was removed while the kiosk ran").format(path=self.path)
            )
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

    def kept_config(self) -> str | None:
        """The text of the parent's config.toml as last kept (`StoreWriter.keep_config`)."""
        with reading("kept settings"):
            return read_kept_config(self._connection)

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


def _identity(path: Path | None) -> tuple[int, int] | None:
    """The device and file number of `path`, or None if nothing is there."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino

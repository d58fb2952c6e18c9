"""Opening the state database, and failing closed when it cannot be trusted.

A file that is damaged, emptied, unreadable, read-only, from a newer version, or gone although
the kiosk was set up, is never repaired in place and never silently replaced: it is moved aside
under a new name for the parent, a fresh file takes its place, and the recovery says so. The
child must not gain a fresh budget from a broken file, so `limits` starts locked after any
recovery of a set-up kiosk. Opening never raises for a bad file; at worst the store lives in
memory for this run.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from kiosk.core.store.access import StoreWriteError, write_transaction
from kiosk.core.store.schema import (
    REQUIRED_TABLES,
    SCHEMA_VERSION,
    NewerSchemaError,
    migrate,
    schema_version,
    table_names,
)
from kiosk.core.store.times import store_time

RecoveryReason = Literal[
    "missing",
    "empty",
    "corrupt",
    "unreadable",
    "read_only",
    "newer_version",
    "not_creatable",
    "busy",
]

_SQLITE_HEADER = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")
_BUSY_TIMEOUT_MS = 2000
_MAX_KEPT_COPIES = 1000

_WHAT_HAPPENED: dict[RecoveryReason, str] = {
    "missing": "was missing",
    "empty": "had been emptied",
    "corrupt": "was damaged",
    "unreadable": "could not be read",
    "read_only": "could not be written to",
    "newer_version": "was written by a newer version of Kiosk Clips",
    "not_creatable": "could not be created",
    "busy": "was kept locked by another program",
}


@dataclass(frozen=True)
class StoreRecovery:
    """What was wrong with the state file at start, and what was done about it."""

    reason: RecoveryReason
    path: Path
    moved_to: Path | None
    # True once the kiosk was set up: the kiosk then starts locked with lock_reason "tamper".
    fail_closed: bool
    # True when no fresh file could be made either: nothing is saved during this run.
    in_memory: bool

    @property
    def message(self) -> str:
        """One plain sentence for the parent: what was wrong, where the file went, what now."""
        text = f"The kiosk's state file {self.path} {_WHAT_HAPPENED[self.reason]}"
        if self.moved_to is not None:
            text += f", so it was kept as {self.moved_to}"
        if self.in_memory:
            text += "; no new one could be made there, so nothing is saved until that is fixed"
        else:
            text += "; a new one was started"
        if self.fail_closed:
            text += ", and the kiosk is locked until a parent unlocks it"
        return text + "."


class _Unusable(Exception):
    def __init__(self, reason: RecoveryReason) -> None:
        super().__init__(reason)
        self.reason = reason


def open_state(
    path: Path, *, set_up: bool, stamp: datetime
) -> tuple[sqlite3.Connection, StoreRecovery | None]:
    """A ready connection to `path`, and the recovery that was needed to get it, if any."""
    reason: RecoveryReason | None = None
    moved: Path | None = None
    if _exists(path):
        try:
            return _open_existing(path, set_up=set_up, stamp=stamp), None
        except (_Unusable, NewerSchemaError, StoreWriteError, sqlite3.Error, OSError) as error:
            reason = _reason_for(error)
        if reason != "busy":  # a file in use is not a bad file: it stays where it is
            moved = _move_aside(path, reason, stamp, companions_only=False)
    elif set_up:
        # Gone although the kiosk was set up. A stray -wal must not be replayed into the new
        # file, so the companions go aside before it is made.
        reason = "missing"
        moved = _move_aside(path, reason, stamp, companions_only=True)
    in_memory = False
    try:
        if _exists(path):
            raise OSError(f"the bad file {path} could not be moved aside")
        connection = _create(path, stamp)
    except (_Unusable, NewerSchemaError, StoreWriteError, sqlite3.Error, OSError):
        connection = _configure(sqlite3.connect(":memory:", isolation_level=None))
        migrate(connection)
        in_memory = True
    if reason is None and not in_memory:
        return connection, None
    return connection, StoreRecovery(reason or "not_creatable", path, moved, set_up, in_memory)


def _configure(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS:d}")
    mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
    if str(mode[0]).lower() not in {"wal", "memory"}:
        raise _Unusable("read_only")  # WAL could not be switched on: the file cannot be written
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the store issues BEGIN IMMEDIATE / COMMIT itself.
    return sqlite3.connect(path, isolation_level=None)


def _create(path: Path, stamp: datetime) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path)
    try:
        _configure(connection)
        migrate(connection)
        _probe_write(connection, stamp)
    except BaseException:
        connection.close()
        raise
    return connection


def _open_existing(path: Path, *, set_up: bool, stamp: datetime) -> sqlite3.Connection:
    # Permissions are checked first, so the parent is told "read-only" rather than whatever
    # SQLite reports on the way. (They say nothing for root; the probe write below still does.)
    if not os.access(path, os.R_OK):
        raise _Unusable("unreadable")
    if not os.access(path, os.W_OK):
        raise _Unusable("read_only")
    with path.open("rb") as handle:
        header = handle.read(len(_SQLITE_HEADER))
    if not header:
        if set_up:
            raise _Unusable("empty")
        path.unlink()  # an empty file before setup: nothing to keep, start afresh
        return _create(path, stamp)
    if header != _SQLITE_HEADER:
        raise _Unusable("corrupt")
    connection = _connect(path)
    try:
        # Only reads until the file is known to be ours and sound, so a file that is kept
        # aside is kept exactly as it was found.
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS:d}")
        check = connection.execute("PRAGMA quick_check").fetchall()
        if [tuple(row) for row in check] != [("ok",)]:
            raise _Unusable("corrupt")
        if not table_names(connection) & REQUIRED_TABLES and set_up:
            raise _Unusable("empty")  # a valid but blank database where our state should be
        if schema_version(connection) > SCHEMA_VERSION:
            raise NewerSchemaError(schema_version(connection))
        _configure(connection)
        migrate(connection)
        if not table_names(connection) >= REQUIRED_TABLES:
            raise _Unusable("corrupt")
        _probe_write(connection, stamp)
    except BaseException:
        connection.close()
        raise
    return connection


def _probe_write(connection: sqlite3.Connection, stamp: datetime) -> None:
    """Write once at open, so a file we may read but not write is found now, not mid-session."""
    with write_transaction(connection):
        connection.execute(
            "INSERT INTO meta (key, value) VALUES ('opened_at', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (store_time(stamp),),
        )


def _reason_for(error: Exception) -> RecoveryReason:
    if isinstance(error, StoreWriteError) and isinstance(error.__cause__, sqlite3.Error):
        error = error.__cause__  # a write (migration or probe) that SQLite refused: say why
    if isinstance(error, _Unusable):
        return error.reason
    if isinstance(error, NewerSchemaError):
        return "newer_version"
    if not isinstance(error, sqlite3.Error):
        return "unreadable"  # an OSError: a folder where the file should be, an I/O error
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "readonly" in text or "read-only" in text:
        return "read_only"
    if "unable to open" in text or "disk i/o" in text or "authorization" in text:
        return "unreadable"
    return "corrupt"


def _exists(path: Path) -> bool:
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # something is there that we cannot look at: treat it as a bad file
    return True


def _move_aside(
    path: Path, reason: RecoveryReason, stamp: datetime, *, companions_only: bool
) -> Path | None:
    """Rename the bad file (and its -wal/-shm) to `<name>.<reason>-<stamp>`; None if nothing
    was moved. The companions keep their suffix so SQLite can open the kept copy as it was."""
    base = f"{path.name}.{reason}-{stamp:%Y%m%dT%H%M%S}"
    target = path.with_name(base)
    for counter in range(2, _MAX_KEPT_COPIES):
        if not any(_exists(target.with_name(target.name + s)) for s in ("", *_COMPANIONS)):
            break
        target = path.with_name(f"{base}-{counter}")
    else:
        return None  # a folder full of kept copies, or one we cannot look into
    moved: Path | None = None
    if not companions_only:
        try:
            path.rename(target)
        except OSError:
            return None
        moved = target
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if _exists(companion):
            with contextlib.suppress(OSError):
                companion.rename(target.with_name(target.name + suffix))
                moved = moved or target.with_name(target.name + suffix)
    return moved

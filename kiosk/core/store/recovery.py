"""Opening the state database, and failing closed when it cannot be trusted.

A file that is damaged, emptied, unreadable, read-only, from a newer version, or gone although
the kiosk was set up, is never repaired in place and never silently replaced: it is moved aside
under a new name for the parent, a fresh file takes its place, and the recovery says so. The
child must not gain a fresh budget from a broken file, so `limits` starts locked after any
recovery of a set-up kiosk. Opening never raises for a bad file; at worst the store lives in
memory for this run.

A file that is not at fault is left exactly where it is: one another program keeps locked, one
on a full disk, one the disk fails to read or write, one in a folder that cannot be written, and
one the caller asked not to write (`writable=False`). Nothing is created at its path, and the
store runs in memory on a read-only copy of it (`read_only`), so the parent's PIN and choices
work while the kiosk stays locked. A fresh file that cannot be made whole is removed again, so a
failed start never leaves an empty file behind for the next start to take for a damaged one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from kiosk.core.i18n import N_, _
from kiosk.core.store.access import StoreWriteError, disk_error, out_of_space, write_transaction
from kiosk.core.store.kept import COMPANIONS, exists, move_aside
from kiosk.core.store.read_only import copy_into_memory
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
    "disk_full",
    "disk_error",
    "folder_read_only",
    "not_opened",
]

_SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_MS = 2000
# Less free space than this beside a file SQLite failed to open with an I/O error: the error was
# SQLite failing to grow its -shm index, not the disk failing.
_NEARLY_FULL_BYTES = 256 * 1024

# The file is not at fault: it stays where it is, and the store runs on a read-only copy.
_LEFT_IN_PLACE: frozenset[RecoveryReason] = frozenset(
    {"busy", "disk_full", "disk_error", "folder_read_only", "not_opened"}
)

# What happened to the file, the part of the sentence that follows its name ("The kiosk's state
# file ... was missing, ..."). Marked only, as every text below: `message` translates them.
_WHAT_HAPPENED: dict[RecoveryReason, str] = {
    "missing": N_("was missing"),
    "empty": N_("had been emptied"),
    "corrupt": N_("was damaged"),
    "unreadable": N_("could not be read"),
    "read_only": N_("could not be written to"),
    "newer_version": N_("was written by a newer version of Kiosk Clips"),
    "not_creatable": N_("could not be created"),
    "busy": N_("was kept locked by another program"),
    "not_opened": N_("was not opened for writing"),
}
# The first sentence, around it: was the file kept aside as a copy? Marked only, as below.
_WHAT_BECAME_OF_IT = {
    True: N_("The kiosk's state file {path} {happened}, so it was kept as {kept}."),
    False: N_("The kiosk's state file {path} {happened}."),
}
# The second sentence: (no new file could be made, the kiosk is locked).
_WHAT_NOW: dict[tuple[bool, bool], str] = {
    (False, False): N_("A new one was started."),
    (False, True): N_("A new one was started, and the kiosk is locked until a parent unlocks it."),
    (True, False): N_("No new one could be made there, so nothing is saved until that is fixed."),
    (True, True): N_(
        "No new one could be made there, so nothing is saved until that is fixed, and the kiosk"
        " is locked until a parent unlocks it."
    ),
}

# Whole sentences for a file that was left in place: what is wrong and what would help. The
# lock screen and `kiosk status` add that a parent's PIN unlocks the kiosk.
_LEFT_AS_IT_IS: dict[RecoveryReason, str] = {
    "disk_full": N_(
        "The disk that holds the kiosk's state file {path} is full, so nothing is saved until"
        " some space is freed on it and the kiosk is started again."
    ),
    "disk_error": N_(
        "The disk that holds the kiosk's state file {path} failed to read or write it, so"
        " nothing is saved until the disk is checked and the kiosk is started again."
    ),
    "folder_read_only": N_(
        "The folder {folder} that holds the kiosk's state file cannot be written to, so"
        " nothing is saved until it can be and the kiosk is started again."
    ),
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
    # True when the store in memory is a read-only copy of the file, which stayed in place.
    copied: bool = False
    # For "not_opened": the caller's sentence saying why the file was not opened for writing.
    cause: str | None = None

    @property
    def disk_full(self) -> bool:
        return self.reason == "disk_full"

    @property
    def message(self) -> str:
        """Plain sentences for the parent, in the kiosk's language: what was wrong, where the
        file went, what now."""
        if self.reason == "not_opened" and self.cause is not None:
            return self.cause
        if self.reason in _LEFT_AS_IT_IS:
            return _(_LEFT_AS_IT_IS[self.reason]).format(path=self.path, folder=self.path.parent)
        what_became = _(_WHAT_BECAME_OF_IT[self.moved_to is not None]).format(
            path=self.path, happened=_(_WHAT_HAPPENED[self.reason]), kept=self.moved_to
        )
        return f"{what_became} {_(_WHAT_NOW[(self.in_memory, self.fail_closed)])}"


class _Unusable(Exception):
    def __init__(self, reason: RecoveryReason) -> None:
        super().__init__(reason)
        self.reason = reason


def open_state(
    path: Path, *, set_up: bool, stamp: datetime, writable: bool = True, cause: str | None = None
) -> tuple[sqlite3.Connection, StoreRecovery | None]:
    """A ready connection to `path`, and the recovery that was needed to get it, if any.

    `writable=False` opens nothing for writing: the store runs on a read-only copy in memory,
    locked once the kiosk was set up, and `cause` is the sentence that says why.
    """
    reason: RecoveryReason | None = None
    moved: Path | None = None
    if not writable:
        reason = "not_opened"
    elif exists(path):
        if not _folder_writable(path.parent):
            reason = "folder_read_only"
        else:
            try:
                return _open_existing(path, set_up=set_up, stamp=stamp), None
            except (_Unusable, NewerSchemaError, StoreWriteError, sqlite3.Error, OSError) as error:
                reason = _reason_for(error, path)
        if reason not in _LEFT_IN_PLACE:
            moved = move_aside(path, reason, stamp, companions_only=False)
    elif set_up:
        # Gone although the kiosk was set up. A stray -wal must not be replayed into the new
        # file, so the companions go aside before it is made.
        reason = "missing"
        moved = move_aside(path, reason, stamp, companions_only=True)
    in_memory = copied = False
    try:
        if not writable or exists(path):
            raise OSError(f"the file {path} is still in place")
        connection = _create(path, stamp)
    except (_Unusable, NewerSchemaError, StoreWriteError, sqlite3.Error, OSError) as error:
        if reason is None and _reason_for(error, path) == "disk_full":
            reason = "disk_full"
        connection, copied = _in_memory(path)
        in_memory = True
    if reason is None and not in_memory:
        return connection, None
    recovery = StoreRecovery(
        reason or "not_creatable", path, moved, set_up, in_memory, copied=copied, cause=cause
    )
    return connection, recovery


def _in_memory(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A store in memory: a copy of what `path` holds if it can be read (True), or else an
    empty one (False)."""
    copy = copy_into_memory(path) if exists(path) else None
    if copy is not None:
        try:
            migrate(_configure(copy))
            return copy, True
        except (_Unusable, NewerSchemaError, StoreWriteError, sqlite3.Error):
            copy.close()
    connection = _configure(sqlite3.connect(":memory:", isolation_level=None))
    migrate(connection)
    return connection, False


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
    """A fresh state file at `path`, where there is none. If it cannot be made whole, what was
    made is removed again (with its -wal and -shm): an empty file left behind would read as a
    damaged one at the next start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path)
    try:
        _configure(connection)
        migrate(connection)
        _probe_write(connection, stamp)
    except BaseException:
        connection.close()
        for leftover in (path, *(path.with_name(path.name + s) for s in COMPANIONS)):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
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


def _reason_for(error: Exception, path: Path) -> RecoveryReason:
    error = _sqlite_cause(error)
    if isinstance(error, _Unusable):
        return error.reason
    if isinstance(error, NewerSchemaError):
        return "newer_version"
    # Neither is the file's fault. SQLite reports a -shm index it cannot grow as an I/O error,
    # so an I/O error with (next to) no space left is a full disk too.
    if out_of_space(error) or (disk_error(error) and _nearly_full(path.parent)):
        return "disk_full"
    if disk_error(error):
        return "disk_error"
    if not isinstance(error, sqlite3.Error):
        return "unreadable"  # an OSError: a folder where the file should be, say
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "readonly" in text or "read-only" in text:
        return "read_only"
    if "unable to open" in text or "disk i/o" in text or "authorization" in text:
        return "unreadable"
    return "corrupt"


def _sqlite_cause(error: Exception) -> Exception:
    """A write (migration or probe) that SQLite refused is judged by SQLite's own error."""
    if isinstance(error, StoreWriteError) and isinstance(error.__cause__, sqlite3.Error):
        return error.__cause__
    return error


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def _folder_writable(folder: Path) -> bool:
    """Whether files can be made in `folder`. A read-only mount says so even to root."""
    return os.access(folder, os.W_OK)

"""How every table of the state file is written and read: the one write transaction, and the
errors a caller catches instead of sqlite3's.

`write_transaction` takes the write lock at once (BEGIN IMMEDIATE), so two processes (the kiosk
and `kiosk unlock`) never both read a value and both write it back, and it commits before the
caller goes on. The file is opened in WAL mode with synchronous=FULL (see `recovery`), so that
commit survives a kill or a power cut: what the caller tells the user next is already on disk.
Anything that fails inside rolls the whole transaction back. sqlite3's errors leave this package
only as `StoreWriteError` or `StoreReadError`, so no module outside it needs sqlite3 at all. A
write refused for lack of space says so (`StoreWriteError.disk_full`): that is no damage, and the
same connection writes again once space is freed.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class StoreError(Exception):
    """The state file could not be read or written."""


class StoreWriteError(StoreError):
    """A write could not be made; nothing of it was saved. `disk_full`: for lack of space."""

    def __init__(self, message: str, *, disk_full: bool = False) -> None:
        super().__init__(message)
        self.disk_full = disk_full

    @classmethod
    def from_sqlite(cls, error: sqlite3.Error) -> StoreWriteError:
        return cls(str(error), disk_full=out_of_space(error))


class StoreReadError(StoreError):
    """Stored state could not be read back."""


class NoTransaction(RuntimeError):
    """A write outside `write_transaction`, or a transaction inside another one: a bug."""


@contextlib.contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One transaction: all of it is committed (and synced) or none of it."""
    if connection.in_transaction:
        # Committing someone else's open transaction here would break theirs, and nesting
        # inside it would make this write only as durable as their eventual commit.
        raise NoTransaction("a transaction is already open on this connection")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreWriteError.from_sqlite(error) from error
    try:
        yield
    except BaseException as error:
        _roll_back(connection)
        if isinstance(error, sqlite3.Error):
            raise StoreWriteError.from_sqlite(error) from error
        raise
    try:
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        _roll_back(connection)
        raise StoreWriteError.from_sqlite(error) from error


def require_transaction(connection: sqlite3.Connection) -> None:
    """Refuse a write that would otherwise commit on its own, outside the caller's transaction."""
    if not connection.in_transaction:
        raise NoTransaction("this write must happen inside write_transaction()")


@contextlib.contextmanager
def reading(what: str) -> Iterator[None]:
    """Report a read that failed, or a row that could not be understood (ValueError), as
    `StoreReadError`: "the <what> could not be read: ..."."""
    try:
        yield
    except (sqlite3.Error, ValueError) as error:
        raise StoreReadError(f"the {what} could not be read: {error}") from error


def out_of_space(error: BaseException) -> bool:
    """SQLite's "database or disk is full", or the OS's "no space" or "quota exceeded"."""
    if isinstance(error, sqlite3.Error):
        return _primary_code(error) == _SQLITE_FULL
    return isinstance(error, OSError) and error.errno in _NO_SPACE_ERRNOS


def disk_error(error: BaseException) -> bool:
    """An I/O error from SQLite or the OS: the disk failed, whatever the file holds."""
    if isinstance(error, sqlite3.Error):
        return _primary_code(error) == _SQLITE_IOERR
    return isinstance(error, OSError) and error.errno == errno.EIO


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _roll_back(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:  # a failed COMMIT may have ended it already
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")

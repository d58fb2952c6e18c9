"""The SQLite tables that keep the PIN's hash, the recovery code's hash and the throttle state.

The tables live in the kiosk's state database; the store's migration list creates them from
`PIN_TABLE_STATEMENTS`. `PinRecords` reads and writes them: the store makes the one for its file
(`Store.pin_records`), and `PinGuard` is given it. Every write happens in the store's one write
transaction (`PinRecords.transaction()`), which takes the write lock at once and commits before
the caller answers the user, so a kill right after a wrong PIN cannot undo the count; with WAL
and `synchronous = FULL` the commit also survives a power cut. A row that cannot be read back is
reported as damaged, never guessed.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from kiosk.core.pin.rules import ScryptParams, SecretHash
from kiosk.core.pin.throttle import ThrottleState
from kiosk.core.store.access import reading, require_transaction, write_transaction
from kiosk.core.store.times import read_optional_time, read_time, store_time

PIN_TABLE_STATEMENTS: Final[tuple[str, ...]] = (
    # One row per secret, each with the scrypt parameters it was made with, so the cost can be
    # raised later without making older rows unreadable. No row ever holds a secret itself.
    """CREATE TABLE IF NOT EXISTS pin_secrets (
        kind TEXT PRIMARY KEY CHECK (kind IN ('pin', 'recovery')),
        algorithm TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (typeof(n) = 'integer'),
        r INTEGER NOT NULL CHECK (typeof(r) = 'integer'),
        p INTEGER NOT NULL CHECK (typeof(p) = 'integer'),
        dklen INTEGER NOT NULL CHECK (typeof(dklen) = 'integer'),
        salt BLOB NOT NULL CHECK (typeof(salt) = 'blob'),
        digest BLOB NOT NULL CHECK (typeof(digest) = 'blob'),
        created_at TEXT NOT NULL,
        changed_at TEXT NOT NULL
    )""",
    # One row, made here: a missing row later means someone removed it.
    """CREATE TABLE IF NOT EXISTS pin_throttle (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL CHECK (typeof(failures) = 'integer' AND failures >= 0),
        last_failure_at TEXT,
        deadline_at TEXT,
        boot_id TEXT,
        anchor_boot_seconds REAL,
        deadline_boot_seconds REAL
    )""",
    "INSERT OR IGNORE INTO pin_throttle (id, failures) VALUES (1, 0)",
)


class PinStoreDamaged(Exception):
    """A PIN or throttle row is missing or unreadable: someone changed the file by hand."""


@dataclass(frozen=True)
class PinRecord:
    """The stored PIN: its hash, the recovery code's hash (gone once used), and when it was set."""

    pin: SecretHash
    recovery: SecretHash | None
    created_at: datetime  # when the first PIN was set up
    changed_at: datetime  # when this PIN was set


class PinRecords:
    """Reads and writes the PIN tables on the store's connection. Reads raise StoreReadError and
    writes StoreWriteError when SQLite fails; a row that makes no sense is PinStoreDamaged."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def transaction(self) -> AbstractContextManager[None]:
        """Hold the write lock, and commit (durably) on leaving; roll back on an exception."""
        return write_transaction(self._connection)

    def has_pin(self) -> bool:
        with reading("PIN"):
            row = self._connection.execute(
                "SELECT 1 FROM pin_secrets WHERE kind = 'pin'"
            ).fetchone()
        return row is not None

    def load_record(self) -> PinRecord | None:
        """The PIN record, or None before setup. Raises PinStoreDamaged for an unreadable row."""
        with reading("PIN"):
            rows = self._connection.execute(f"SELECT {_SECRET_COLUMNS} FROM pin_secrets").fetchall()
        by_kind = {str(row[0]): row for row in rows}
        pin_row = by_kind.get("pin")
        if pin_row is None:
            return None
        recovery_row = by_kind.get("recovery")
        try:
            return PinRecord(
                pin=_secret_from_row(pin_row),
                recovery=None if recovery_row is None else _secret_from_row(recovery_row),
                created_at=read_time(pin_row[8]),
                changed_at=read_time(pin_row[9]),
            )
        except (ValueError, TypeError) as error:
            raise PinStoreDamaged(f"the stored PIN cannot be read: {error}") from error

    def save_record(self, pin: SecretHash, recovery: SecretHash, at: datetime) -> None:
        """Replace the PIN and the recovery code together; the first setup time is kept."""
        require_transaction(self._connection)
        for kind, secret in (("pin", pin), ("recovery", recovery)):
            self._connection.execute(
                f"INSERT INTO pin_secrets ({_SECRET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (kind) DO UPDATE SET algorithm = excluded.algorithm,"
                " n = excluded.n, r = excluded.r, p = excluded.p, dklen = excluded.dklen,"
                " salt = excluded.salt, digest = excluded.digest, changed_at = excluded.changed_at",
                (
                    kind,
                    secret.algorithm,
                    secret.params.n,
                    secret.params.r,
                    secret.params.p,
                    secret.params.dklen,
                    secret.salt,
                    secret.digest,
                    store_time(at),
                    store_time(at),
                ),
            )

    def load_throttle(self) -> ThrottleState:
        """The stored throttle state. Raises PinStoreDamaged if its row is missing or unreadable."""
        with reading("PIN attempt counter"):
            row = self._connection.execute(
                "SELECT failures, last_failure_at, deadline_at, boot_id, anchor_boot_seconds,"
                " deadline_boot_seconds FROM pin_throttle WHERE id = 1"
            ).fetchone()
        if row is None:
            raise PinStoreDamaged("the PIN attempt counter is missing")
        failures, last_failure_at, deadline_at, boot_id, anchor, deadline = row
        try:
            if not isinstance(failures, int):
                raise TypeError("the failure count is not a whole number")
            return ThrottleState(
                failures=failures,
                last_failure_at=read_optional_time(last_failure_at),
                deadline_at=read_optional_time(deadline_at),
                boot_id=None if boot_id is None else str(boot_id),
                anchor_boot_seconds=_optional_float(anchor),
                deadline_boot_seconds=_optional_float(deadline),
            )
        except (ValueError, TypeError) as error:
            raise PinStoreDamaged(f"the PIN attempt counter cannot be read: {error}") from error

    def save_throttle(self, state: ThrottleState) -> None:
        require_transaction(self._connection)
        # INSERT OR REPLACE also restores a row that was deleted.
        self._connection.execute(
            f"INSERT OR REPLACE INTO pin_throttle ({_THROTTLE_COLUMNS})"
            " VALUES (1, ?, ?, ?, ?, ?, ?)",
            (
                state.failures,
                None if state.last_failure_at is None else store_time(state.last_failure_at),
                None if state.deadline_at is None else store_time(state.deadline_at),
                state.boot_id,
                state.anchor_boot_seconds,
                state.deadline_boot_seconds,
            ),
        )


_SECRET_COLUMNS = "kind, algorithm, n, r, p, dklen, salt, digest, created_at, changed_at"
_THROTTLE_COLUMNS = (
    "id, failures, last_failure_at, deadline_at, boot_id, anchor_boot_seconds,"
    " deadline_boot_seconds"
)


def _secret_from_row(row: tuple[object, ...]) -> SecretHash:
    _kind, algorithm, n, r, p, dklen, salt, digest = row[:8]
    if algorithm != "scrypt":
        raise ValueError(f"unknown hash algorithm {algorithm!r}")
    if not isinstance(salt, bytes) or not isinstance(digest, bytes):
        raise TypeError("the salt or the digest is not binary")
    params = ScryptParams(n=_whole(n), r=_whole(r), p=_whole(p), dklen=_whole(dklen))
    return SecretHash(params, salt, digest)


def _whole(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError("a hash parameter is not a whole number")
    return value


def _optional_float(value: object) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float):
        raise TypeError("a stored boot time is not a number")
    return float(value)

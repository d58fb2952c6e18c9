"""The state database's tables, built by numbered migrations and versioned with PRAGMA user_version.

Each migration runs in its own transaction together with the version bump, so a kill during an
upgrade leaves the file at the old version or the new one, never between. New tables come as
new migrations appended here; a migration is never edited once released.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.core.pin_store import PIN_TABLE_STATEMENTS


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "meta, the time ledger, sessions and events",
        (
            """CREATE TABLE meta (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            # One row: the ledger is a JSON document owned by kiosk.core.ledger, so its fields
            # can grow without a migration. `limits` validates it on load and fails closed.
            """CREATE TABLE ledger (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                data TEXT NOT NULL,
                saved_at TEXT NOT NULL
            )""",
            """CREATE TABLE sessions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                counted_seconds REAL NOT NULL DEFAULT 0 CHECK (counted_seconds >= 0),
                allowance_seconds REAL NOT NULL CHECK (allowance_seconds >= 0),
                end_reason TEXT
            )""",
            "CREATE INDEX sessions_started_at ON sessions (started_at)",
            """CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT '{}'
            )""",
            "CREATE INDEX events_at ON events (at)",
            "CREATE INDEX events_kind ON events (kind)",
        ),
    ),
    Migration(2, "the PIN, the recovery code and the PIN throttle", PIN_TABLE_STATEMENTS),
    Migration(
        3,
        "a revision for the ledger",
        # Bumped by every ledger save, so a process can tell that another one (`kiosk unlock`
        # beside the running kiosk) saved since it last read, and merge instead of overwrite.
        ("ALTER TABLE ledger ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

# The tables this version reads and writes; a file at our version without them is damaged.
REQUIRED_TABLES = frozenset({"meta", "ledger", "sessions", "events", "pin_secrets", "pin_throttle"})


class NewerSchemaError(Exception):
    """The file was written by a newer Kiosk Clips; this version must not touch it."""

    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than {SCHEMA_VERSION}")
        self.found = found


def schema_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(row[0]) for row in rows}


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the file up to SCHEMA_VERSION. The connection must be in autocommit mode."""
    current = schema_version(connection)
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(current)
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in migration.statements:
                connection.execute(statement)
            # user_version lives in the file header and is part of this transaction.
            connection.execute(f"PRAGMA user_version = {migration.version:d}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

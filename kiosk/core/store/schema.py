"""The state database's tables, built by numbered migrations and versioned with PRAGMA user_version.

Each migration runs in its own transaction together with the version bump, so a kill during an
upgrade leaves the file at the old version or the new one, never between. New tables come as
new migrations appended here; a migration is never edited once released.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.core.store.access import write_transaction
from kiosk.core.store.pin_records import PIN_TABLE_STATEMENTS


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
            # One row: the ledger is a JSON document owned by kiosk.core.limits.ledger, so its fields
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
    Migration(
        4,
        "library curation: hidden clips and shows, approval, durations, shuffle, watch history",
        (
            # The parent's choices in the library view. A row means hidden; un-hiding deletes it.
            # Keys are `Clip.key` (the path, plus the range for a segment); shows are by name.
            """CREATE TABLE hidden_clips (
                clip_key TEXT PRIMARY KEY,
                hidden_at TEXT NOT NULL
            )""",
            """CREATE TABLE hidden_shows (
                show TEXT PRIMARY KEY,
                hidden_at TEXT NOT NULL
            )""",
            # Every video file the scan ever found, so a file that appears later can wait for the
            # parent's approval (`library.require_approval`). Rows are kept when a file goes, so
            # one that comes back keeps its decision. The reviewed folder is in `meta`.
            """CREATE TABLE library_files (
                path TEXT PRIMARY KEY,
                first_seen_at TEXT NOT NULL,
                approved INTEGER NOT NULL CHECK (approved IN (0, 1))
            )""",
            # What libvlc measured, so a long file is not probed again at every start. A file
            # whose size or mtime changed is measured again. 0 seconds: libvlc could not tell.
            """CREATE TABLE media_durations (
                path TEXT PRIMARY KEY,
                size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL,
                seconds REAL NOT NULL CHECK (seconds >= 0)
            )""",
            # The clips shown in the current shuffle cycle, so a restart does not deal them again.
            """CREATE TABLE shuffle_memory (
                clip_key TEXT PRIMARY KEY,
                shown_at TEXT NOT NULL
            )""",
            # Watch history, one row per clip that became the current one; `kiosk report` reads
            # it. started_at is ISO 8601 in UTC with its offset ("2026-11-26T09:00:00.000+00:00"),
            # so it sorts as text. watched_seconds counts only time playing on screen (not paused,
            # not held). outcome: 'finished' (played to its end) or 'skipped' (the child moved on,
            # or the feed stopped). path, title and show are copied so the report can name a clip
            # that has since left the library.
            """CREATE TABLE views (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                clip_key TEXT NOT NULL,
                path TEXT NOT NULL,
                title TEXT NOT NULL,
                show TEXT,
                started_at TEXT NOT NULL,
                watched_seconds REAL NOT NULL CHECK (watched_seconds >= 0),
                outcome TEXT NOT NULL CHECK (outcome IN ('finished', 'skipped'))
            )""",
            "CREATE INDEX views_started_at ON views (started_at)",
        ),
    ),
    Migration(
        5,
        "approval by content stamp, and every folder the parent ever chose",
        (
            # An approval holds for the file as it was when approved: its size and mtime_ns. A
            # file changed since is new again. NULL: approved (or not) before stamps were kept;
            # the next scan takes the file as it is then, so nothing approved goes back to new.
            # The same stamp spares the next scan reading the file's first bytes again: a file
            # found with the size and mtime it had when a scan last kept it is still a video.
            "ALTER TABLE library_files ADD COLUMN size INTEGER",
            "ALTER TABLE library_files ADD COLUMN mtime_ns INTEGER",
            # The folders whose first scan was the parent's review. Only the first: choosing a
            # folder again (A, then B, then A) approves nothing that waits in it.
            """CREATE TABLE reviewed_folders (
                folder TEXT PRIMARY KEY
            )""",
            "INSERT INTO reviewed_folders (folder)"
            " SELECT value FROM meta WHERE key = 'library.reviewed_folder'",
            "DELETE FROM meta WHERE key = 'library.reviewed_folder'",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version

# The tables this version reads and writes; a file at our version without them is damaged.
REQUIRED_TABLES = frozenset(
    {
        "meta",
        "ledger",
        "sessions",
        "events",
        "pin_secrets",
        "pin_throttle",
        "hidden_clips",
        "hidden_shows",
        "library_files",
        "media_durations",
        "shuffle_memory",
        "views",
        "reviewed_folders",
    }
)


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
    """Bring the file up to SCHEMA_VERSION. The connection must be in autocommit mode.

    A migration that cannot be written raises StoreWriteError, and nothing of it is kept.
    """
    current = schema_version(connection)
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(current)
    for migration in MIGRATIONS:
        if migration.version <= current:
            continue
        with write_transaction(connection):
            for statement in migration.statements:
                connection.execute(statement)
            # user_version lives in the file header and is part of this transaction.
            connection.execute(f"PRAGMA user_version = {migration.version:d}")

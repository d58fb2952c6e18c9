"""What earlier state files still hold, copied into the store that replaced them.

A state file set aside as damaged usually has only some pages broken, and the tables that matter
most are small: the parent's PIN, without which a kiosk that failed closed could never be opened
again, and the parent's library choices, without which the clips the parent hid would play after
the recovery. The candidates are the file just set aside and then the older copies kept beside it,
newest first: the file just set aside may be the empty one a full disk once left behind, while an
older copy still holds the PIN.

The PIN comes from the first candidate that has one, with its attempt counter and the household's
time zone recorded when it was first set (else the zone would be recorded afresh from the system,
which a child may have changed). If the PIN comes
across but the counter does not, the counter is left out, so the guard applies its longest wait:
failing closed never hands out fresh free attempts. The library's choices (hidden clips and
shows, the files seen and approved with their stamps, the folders reviewed) come from the first
candidate where all of them can be read. If none has them, every video file waits for the
parent's review in the library view (`library_records.REVIEW_NEEDED_KEY`), even with approval off: a clip the parent
hid must not play because the record of hiding it was lost. Candidates are only ever read, and
nothing is created beside them (see `read_only`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.core.store.access import StoreWriteError, write_transaction
from kiosk.core.store.library_records import REVIEW_NEEDED_KEY
from kiosk.core.store.read_only import open_read_only
from kiosk.core.store.records import HOUSEHOLD_ZONE_KEY, KEPT_CONFIG_KEY
from kiosk.core.store.times import store_time

#: Each table's columns, and its rows as far as they could be read.
Rows = dict[str, tuple[list[str], list[tuple[object, ...]]]]

_PIN_TABLES = ("pin_secrets", "pin_throttle")
_LIBRARY_TABLES = ("hidden_clips", "hidden_shows", "library_files", "reviewed_folders")
# Before schema 5 the one folder the parent chose was kept in `meta` under this key.
_OLD_REVIEWED_FOLDER_KEY = "library.reviewed_folder"


@dataclass(frozen=True)
class Salvage:
    """Where the PIN and the library's choices came from; None for what no candidate gave."""

    pin_from: Path | None
    library_from: Path | None


def salvage(
    connection: sqlite3.Connection,
    candidates: Sequence[Path],
    at: datetime,
    *,
    review_if_lost: bool,
) -> Salvage:
    """Copy the PIN and the library's choices from the first candidates that hold them into
    the fresh store on `connection`; with `review_if_lost`, where no library came across, every
    file waits for the parent's review."""
    pin: tuple[Path, Rows] | None = None
    library: tuple[Path, Rows] | None = None
    for candidate in candidates:
        if pin is not None and library is not None:
            break
        source = open_read_only(candidate)
        if source is None:
            continue
        try:
            if pin is None:
                pin = _found(candidate, _pin_tables(source), _has_pin)
            if library is None:
                library = _found(candidate, _library_tables(source), _has_all)
        finally:
            source.close()
    pin_from = _copy(connection, pin, clear="pin_throttle")
    library_from = _copy(connection, library, clear=None)
    if library_from is None and review_if_lost:
        with contextlib.suppress(StoreWriteError), write_transaction(connection):
            connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (REVIEW_NEEDED_KEY, store_time(at)),
            )
    return Salvage(pin_from, library_from)


def _tables(source: sqlite3.Connection, tables: tuple[str, ...]) -> Rows:
    """The tables of `source` that can be read whole."""
    rows: Rows = {}
    for table in tables:
        with contextlib.suppress(sqlite3.Error):
            columns = [str(row[1]) for row in source.execute(f"PRAGMA table_info({table})")]
            if columns:
                listed = ", ".join(columns)
                rows[table] = (columns, source.execute(f"SELECT {listed} FROM {table}").fetchall())
    return rows


def _pin_tables(source: sqlite3.Connection) -> Rows:
    """The PIN's tables of `source`, the household zone recorded with the first PIN, and the
    kept copy of the parent's settings: the parent's, like the PIN."""
    rows = _tables(source, _PIN_TABLES)
    with contextlib.suppress(sqlite3.Error):
        parents = source.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (HOUSEHOLD_ZONE_KEY, KEPT_CONFIG_KEY)
        ).fetchall()
        if parents:
            rows["meta"] = (["key", "value"], parents)
    return rows


def _library_tables(source: sqlite3.Connection) -> Rows:
    """The library's tables of `source`, with the folders the parent reviewed as this version
    keeps them, whatever version wrote `source`."""
    rows = _tables(source, _LIBRARY_TABLES)
    if "reviewed_folders" not in rows:
        with contextlib.suppress(sqlite3.Error):
            folders = source.execute(
                "SELECT value FROM meta WHERE key = ?", (_OLD_REVIEWED_FOLDER_KEY,)
            ).fetchall()
            rows["reviewed_folders"] = (["folder"], folders)
    return rows


def _found(candidate: Path, rows: Rows, usable: Callable[[Rows], bool]) -> tuple[Path, Rows] | None:
    return (candidate, rows) if usable(rows) else None


def _has_pin(rows: Rows) -> bool:
    columns, secrets = rows.get("pin_secrets", ([], []))
    return "kind" in columns and any(row[columns.index("kind")] == "pin" for row in secrets)


def _has_all(rows: Rows) -> bool:
    return all(table in rows for table in _LIBRARY_TABLES)


def _copy(
    connection: sqlite3.Connection, found: tuple[Path, Rows] | None, *, clear: str | None
) -> Path | None:
    """Insert the rows found, in one transaction, by the columns both files have (an older
    file may lack a column this version added, which then takes its default). `clear` is
    emptied first. The candidate's path, or None if nothing was found or it could not be
    written (a row this version's checks refuse, say)."""
    if found is None:
        return None
    candidate, rows = found
    try:
        with write_transaction(connection):
            if clear is not None:
                connection.execute(f"DELETE FROM {clear}")
            for table, (columns, values) in rows.items():
                have = {str(row[1]) for row in connection.execute(f"PRAGMA table_info({table})")}
                shared = [index for index, column in enumerate(columns) if column in have]
                listed = ", ".join(columns[index] for index in shared)
                marks = ", ".join("?" for _ in shared)
                connection.executemany(
                    f"INSERT OR REPLACE INTO {table} ({listed}) VALUES ({marks})",
                    ([row[index] for index in shared] for row in values),
                )
    except StoreWriteError:
        return None
    return candidate

"""The `views` table: one row per clip that became the current one, which `kiosk report` reads
(its columns are documented in `schema`). `WatchHistory` decides what a view is and counts its
seconds; this keeps and reads the rows. The clip's key, path, title and show go through `text`,
so a file name that is not valid UTF-8 is saved and read back exactly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from kiosk.core.store.access import reading, write_transaction
from kiosk.core.store.text import from_store, to_store
from kiosk.core.store.times import read_time, store_time, time_conditions, where

ViewOutcome = Literal["finished", "skipped"]
VIEW_OUTCOMES: tuple[ViewOutcome, ...] = get_args(ViewOutcome)

_COLUMNS = "id, clip_key, path, title, show, started_at, watched_seconds, outcome"


@dataclass(frozen=True)
class ViewRecord:
    """One saved view. `started_at` is in UTC; a reader converts it to local time."""

    id: int
    clip_key: str
    path: Path
    title: str
    show: str | None
    started_at: datetime
    watched_seconds: float
    outcome: ViewOutcome


class ViewRecords:
    """Adds and reads the rows of `views` on the store's connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def add(
        self,
        *,
        clip_key: str,
        path: Path,
        title: str,
        show: str | None,
        started_at: datetime,
        watched_seconds: float,
        outcome: ViewOutcome,
    ) -> ViewRecord:
        """Save one view in its own transaction, and return it as it will be read back.
        Raises StoreWriteError if it could not be saved."""
        started_text = store_time(started_at)
        with write_transaction(self._connection):
            cursor = self._connection.execute(
                "INSERT INTO views (clip_key, path, title, show, started_at, watched_seconds,"
                " outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    to_store(clip_key),
                    to_store(str(path)),
                    to_store(title),
                    None if show is None else to_store(show),
                    started_text,
                    watched_seconds,
                    outcome,
                ),
            )
        assert cursor.lastrowid is not None  # an INSERT into a rowid table always sets it
        return ViewRecord(
            cursor.lastrowid,
            clip_key,
            path,
            title,
            show,
            read_time(started_text),
            watched_seconds,
            outcome,
        )

    def views(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[ViewRecord]:
        """The saved views, oldest first: with `since`, those started then or later; with
        `until`, those started before it. Raises StoreReadError if they cannot be read, and
        ValueError for a bound without a zone."""
        conditions, params = time_conditions("started_at", since, until)
        with reading("watch history"):
            rows = self._connection.execute(
                f"SELECT {_COLUMNS} FROM views{where(conditions)} ORDER BY started_at, id", params
            ).fetchall()
            return [_record(row) for row in rows]


def _record(row: tuple[Any, ...]) -> ViewRecord:
    outcome = str(row[7])
    if outcome not in VIEW_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    return ViewRecord(
        id=int(row[0]),
        clip_key=from_store(str(row[1])),
        path=Path(from_store(str(row[2]))),
        title=from_store(str(row[3])),
        show=None if row[4] is None else from_store(str(row[4])),
        started_at=read_time(row[5]),
        watched_seconds=float(row[6]),
        outcome=outcome,
    )

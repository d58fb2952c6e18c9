"""The watch history: which clips the child watched, when, for how long, and whether to the end.

One row per view in the store's `views` table (its columns are documented in `store_schema`),
which the parent's report reads. A view starts when a clip becomes the current one and is saved
when the feed moves on, the clip ends, or the kiosk stops. Its seconds come from the monotonic
clock and count only while the clip plays: a pause, a hold (locked, hidden) or a suspend adds
nothing. Its start comes from the wall clock, which is only a label here; the time rules never
read this table. A view in progress when the kiosk is killed is lost.

Saving never raises: a store that cannot be written is logged, and the feed goes on, because the
history is not worth interrupting a child's clip for. The clip's key, path, title and show go
through `store_text`, so a file name that is not valid UTF-8 is saved and read back exactly.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from kiosk.core.clip import Clip
from kiosk.core.clock import Clock
from kiosk.core.store.records import store_time
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError
from kiosk.core.store.text import from_store, to_store

log = logging.getLogger(__name__)

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


@dataclass
class _OpenView:
    clip: Clip
    started_at: datetime
    counted_seconds: float = 0.0
    playing_since: float | None = None  # monotonic reading when play began, None when not


class WatchHistory:
    """Counts the current view and saves each one to `store` when it ends. GUI thread only."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        self._view: _OpenView | None = None

    @property
    def current(self) -> Clip | None:
        """The clip of the view in progress, if any."""
        return None if self._view is None else self._view.clip

    def begin(self, clip: Clip) -> None:
        """`clip` became the current one. A view still open is saved first as skipped.

        The new view counts no time until `set_playing(True)`: a clip that is loading, or shown
        while the feed is held, is not being watched.
        """
        if self._view is not None:
            self.end("skipped")
        self._view = _OpenView(clip, self._clock.wall())

    def set_playing(self, playing: bool) -> None:
        """The current clip started or stopped playing (pause, hold, end). Repeats are harmless."""
        view = self._view
        if view is None:
            return
        if playing and view.playing_since is None:
            view.playing_since = self._clock.monotonic()
        elif not playing and view.playing_since is not None:
            view.counted_seconds += self._played_since(view.playing_since)
            view.playing_since = None

    def watched_seconds(self) -> float:
        """Seconds the current view has played so far (0 when there is none)."""
        view = self._view
        if view is None:
            return 0.0
        running = 0.0 if view.playing_since is None else self._played_since(view.playing_since)
        return view.counted_seconds + running

    def end(self, outcome: ViewOutcome) -> ViewRecord | None:
        """Close the current view and save it. Returns the saved record; None if no view was
        open or it could not be saved (which is logged, never raised)."""
        if outcome not in VIEW_OUTCOMES:
            raise ValueError(f"outcome '{outcome}' is not one of {', '.join(VIEW_OUTCOMES)}")
        view = self._view
        if view is None:
            return None
        watched = self.watched_seconds()
        self._view = None
        clip = view.clip
        started_text = store_time(view.started_at)
        try:
            with self._store.write():
                cursor = self._store.connection.execute(
                    "INSERT INTO views (clip_key, path, title, show, started_at, watched_seconds,"
                    " outcome) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        to_store(clip.key),
                        to_store(str(clip.path)),
                        to_store(clip.title),
                        None if clip.show is None else to_store(clip.show),
                        started_text,
                        watched,
                        outcome,
                    ),
                )
        except StoreWriteError as error:
            log.warning("A view of %s could not be saved to the history: %s", clip.key, error)
            return None
        assert cursor.lastrowid is not None  # an INSERT into a rowid table always sets it
        return ViewRecord(
            cursor.lastrowid,
            clip.key,
            clip.path,
            clip.title,
            clip.show,
            datetime.fromisoformat(started_text),
            watched,
            outcome,
        )

    def views(self, since: datetime | None = None) -> list[ViewRecord]:
        """The saved views, oldest first; with `since` (timezone-aware), those started then or
        later. Raises StoreReadError if the history cannot be read."""
        query = f"SELECT {_COLUMNS} FROM views"
        params: tuple[str, ...] = ()
        if since is not None:
            if since.tzinfo is None:
                raise ValueError("since must be timezone-aware")
            query += " WHERE started_at >= ?"
            params = (store_time(since),)
        try:
            rows = self._store.connection.execute(
                query + " ORDER BY started_at, id", params
            ).fetchall()
            return [_record(row) for row in rows]
        except (sqlite3.Error, ValueError) as error:
            raise StoreReadError(f"the watch history could not be read: {error}") from error

    def _played_since(self, since: float) -> float:
        # Never negative: a monotonic clock does not go back, but a reading from another boot
        # (a fake clock, a restored process) must not take time away.
        return max(0.0, self._clock.monotonic() - since)


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
        started_at=datetime.fromisoformat(str(row[5])),
        watched_seconds=float(row[6]),
        outcome=outcome,
    )

"""What the kiosk remembers about the library between runs: the clips and shows the parent hid,
which files the parent has approved, the durations libvlc measured, and which clips the current
shuffle cycle already showed. It lives in the state file, never beside the user's videos, which
may be read-only or shared with other programs.

Each call is one write transaction through `Store.write()`, so a batch (the 10,000 files of a
first scan, the durations of a probe) costs one sync, not one per row. Paths, clip keys and show
names go in and come out through `store_text`, so a file name that is not valid UTF-8 is kept
like any other instead of failing the whole batch. Like the store, this is for the GUI thread only: a
background probe hands its durations back to the GUI thread before they are saved here. Reads
raise `StoreReadError` and writes `StoreWriteError`, except in the shuffle memory, where losing
a row only means a clip may come round again sooner.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from kiosk.core.clock import Clock
from kiosk.core.store.records import store_time
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError
from kiosk.core.store.text import from_store, to_store

log = logging.getLogger(__name__)

#: The `meta` key that names the folder the parent last chose (and so reviewed).
REVIEWED_FOLDER_KEY = "library.reviewed_folder"


class LibraryState:
    """The parent's library choices and the library caches, kept in `store`."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    # Hidden clips and shows.

    def hidden_clip_keys(self) -> frozenset[str]:
        """The `Clip.key` of every clip the parent hid."""
        return frozenset(self._read_column("SELECT clip_key FROM hidden_clips", "hidden clips"))

    def hidden_shows(self) -> frozenset[str]:
        """The names of the shows the parent hid, whole."""
        return frozenset(self._read_column("SELECT show FROM hidden_shows", "hidden shows"))

    def set_clip_hidden(self, clip_key: str, hidden: bool) -> None:
        self._set_hidden("hidden_clips", "clip_key", clip_key, hidden)

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        self._set_hidden("hidden_shows", "show", show, hidden)

    # Approval of new files.

    def note_files(
        self, folder: Path, paths: Iterable[Path], *, require_approval: bool
    ) -> frozenset[Path]:
        """Record the first sight of each video file of a scan of `folder`; return those that
        wait for the parent's approval.

        A file is approved when it is first seen while approval is off, and when it is seen in
        the first scan of a folder the parent has just chosen (first run, or a new
        `library.folder`): choosing a folder is a review of what is in it. After that, with
        approval on, a file that appears is pending until `approve`. A file seen while approval
        is off is approved too: the child could already see it, so there is nothing left to
        review. Records are never removed, so a file that goes and comes back keeps its state.

        Pass only a scan that could read the folder: a scan of a missing folder (a drive that is
        not mounted) would count as the review of an empty folder, and everything on the drive
        would then wait for approval.
        """
        folder_text = to_store(os.path.abspath(folder))
        by_text = {to_store(str(path)): path for path in paths}
        now = self._now_text()
        with self._store.write():
            connection = self._store.connection
            reviewed = connection.execute(
                "SELECT value FROM meta WHERE key = ?", (REVIEWED_FOLDER_KEY,)
            ).fetchone()
            approve_all = not require_approval or reviewed is None or reviewed[0] != folder_text
            # max(): a file already approved stays approved; one that is pending is approved
            # only by a review (approve_all), never by being seen again.
            connection.executemany(
                "INSERT INTO library_files (path, first_seen_at, approved) VALUES (?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET approved = max(approved, excluded.approved)",
                ((text, now, int(approve_all)) for text in by_text),
            )
            connection.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (REVIEWED_FOLDER_KEY, folder_text),
            )
            pending = connection.execute(
                "SELECT path FROM library_files WHERE approved = 0"
            ).fetchall()
        # The scan's own Path objects, so the caller gets back exactly what it passed.
        return frozenset(by_text[row[0]] for row in pending if row[0] in by_text)

    def approve(self, paths: Iterable[Path]) -> None:
        """The parent approved these files in the library view; the feed may now play them."""
        now = self._now_text()
        with self._store.write():
            self._store.connection.executemany(
                "INSERT INTO library_files (path, first_seen_at, approved) VALUES (?, ?, 1)"
                " ON CONFLICT (path) DO UPDATE SET approved = 1",
                ((to_store(str(path)), now) for path in paths),
            )

    def pending_paths(self) -> frozenset[Path]:
        """Every recorded file still waiting for approval, in any folder ever scanned."""
        rows = self._read_column("SELECT path FROM library_files WHERE approved = 0", "approvals")
        return frozenset(Path(text) for text in rows)

    # Durations.

    def cached_duration(self, path: Path, size: int, mtime_ns: int) -> float | None:
        """The measured duration of `path` in seconds, or None if it was never measured or the
        file changed since (its size or mtime differ). 0.0: libvlc could not tell."""
        try:
            row = self._store.connection.execute(
                "SELECT seconds FROM media_durations WHERE path = ? AND size = ? AND mtime_ns = ?",
                (to_store(str(path)), size, mtime_ns),
            ).fetchone()
        except sqlite3.Error as error:
            raise StoreReadError(f"the duration cache could not be read: {error}") from error
        return None if row is None else float(row[0])

    def save_durations(self, items: Iterable[tuple[Path, int, int, float]]) -> None:
        """Remember what libvlc measured, as (path, size, mtime_ns, seconds), in one transaction:
        a first start probes thousands of files, and a commit each would be a sync each.

        A length it could not tell (0, negative, NaN) is kept as 0.0, so the file is not probed
        again at every start; it then plays whole. An empty batch writes nothing.
        """
        rows = [
            (to_store(str(path)), size, mtime_ns, _usable_seconds(seconds))
            for path, size, mtime_ns, seconds in items
        ]
        if not rows:
            return
        with self._store.write():
            self._store.connection.executemany(
                "INSERT INTO media_durations (path, size, mtime_ns, seconds) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, seconds = excluded.seconds",
                rows,
            )

    # Shuffle.

    def shuffle_memory(self) -> StoreShuffleMemory:
        """The shuffle cycle's memory, read from the store now."""
        return StoreShuffleMemory(self._store, self._clock)

    # Helpers.

    def _set_hidden(self, table: str, column: str, name: str, hidden: bool) -> None:
        # table and column are ours, never user input.
        with self._store.write():
            if hidden:
                self._store.connection.execute(
                    f"INSERT INTO {table} ({column}, hidden_at) VALUES (?, ?)"
                    f" ON CONFLICT ({column}) DO NOTHING",
                    (to_store(name), self._now_text()),
                )
            else:
                self._store.connection.execute(
                    f"DELETE FROM {table} WHERE {column} = ?", (to_store(name),)
                )

    def _read_column(self, query: str, what: str) -> list[str]:
        # ValueError: an escaped text that is damaged. Failing the read is safer than an empty
        # or partial set, which would show a clip the parent hid.
        try:
            rows = self._store.connection.execute(query).fetchall()
            return [from_store(str(row[0])) for row in rows]
        except (sqlite3.Error, ValueError) as error:
            raise StoreReadError(f"the {what} could not be read: {error}") from error

    def _now_text(self) -> str:
        return utc_text(self._clock)


class StoreShuffleMemory:
    """The playlist's `ShuffleMemory`, kept in the store, so a restart (or a new session) goes on
    with the same cycle instead of dealing the clips the child just saw again.

    The keys are kept in memory too, and a store that fails to read or write is logged and
    ignored: shuffle memory is not worth stopping a child's feed for.
    """

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        try:
            rows = store.connection.execute("SELECT clip_key FROM shuffle_memory").fetchall()
            self._seen = {from_store(str(row[0])) for row in rows}
        except (sqlite3.Error, ValueError) as error:
            log.warning("The shuffle memory could not be read, so it starts afresh: %s", error)
            self._seen = set()

    def seen_keys(self) -> set[str]:
        """The `Clip.key` of each clip shown in the current cycle (a copy)."""
        return set(self._seen)

    def mark_shown(self, key: str) -> None:
        """A clip became the current one."""
        self._seen.add(key)
        self._write(
            "INSERT INTO shuffle_memory (clip_key, shown_at) VALUES (?, ?)"
            " ON CONFLICT (clip_key) DO UPDATE SET shown_at = excluded.shown_at",
            (to_store(key), utc_text(self._clock)),
        )

    def start_new_cycle(self) -> None:
        """Every visible clip has been shown: forget them all."""
        self._seen.clear()
        self._write("DELETE FROM shuffle_memory", ())

    def _write(self, statement: str, params: tuple[str, ...]) -> None:
        try:
            with self._store.write():
                self._store.connection.execute(statement, params)
        except StoreWriteError as error:
            log.warning("The shuffle memory could not be saved: %s", error)


def _usable_seconds(seconds: float) -> float:
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0


def utc_text(clock: Clock) -> str:
    """The wall clock now, as the store keeps times."""
    return store_time(clock.wall())

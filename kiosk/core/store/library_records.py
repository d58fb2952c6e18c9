"""The library's tables: the clips and shows the parent hid, every video file seen and whether
the parent approved it, the durations libvlc measured, and the clips the shuffle cycle showed.

The rules that use them (what counts as reviewed, what a length libvlc could not tell becomes)
are `LibraryState`'s; this is how the rows are kept. An approval is kept with the size and mtime
of the file approved, so a file replaced under an approved name waits again. Each write is one write transaction, so a
batch (the 10,000 files of a first scan, the durations of a probe) costs one sync, not one per
row. Paths, clip keys, show names and the reviewed folder go through `text`, so a file name that
is not valid UTF-8 is kept like any other instead of failing a whole batch. Reads raise
`StoreReadError`, writes `StoreWriteError`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from kiosk.core.store.access import reading, write_transaction
from kiosk.core.store.text import from_store, to_store
from kiosk.core.store.times import store_time

#: The `meta` key set when a recovery lost the library's choices (see `salvage`): until the
#: parent has approved every file of a scan, no file is approved without the parent.
REVIEW_NEEDED_KEY = "library.review_needed"

#: A file's size and modification time in ns, as `os.stat` gives them: what an approval and a
#: measured length hold for. (-1, -1): the file could not be looked at, so it matches nothing.
FileStamp = tuple[int, int]

# Seen again: an approval stays while the file is the one approved (or was approved before
# stamps were kept); a changed file, or one that could not be looked at, is approved only if
# everything seen is (approval is off).
_NOTE_FILE = """
INSERT INTO library_files (path, first_seen_at, approved, size, mtime_ns)
VALUES (:path, :seen_at, :approve_new, :size, :mtime_ns)
ON CONFLICT (path) DO UPDATE SET
    approved = CASE
        WHEN excluded.size >= 0 AND (
            library_files.size IS NULL
            OR (library_files.size = excluded.size AND library_files.mtime_ns = excluded.mtime_ns)
        )
        THEN max(library_files.approved, :approve_seen)
        ELSE :approve_seen
    END,
    size = excluded.size,
    mtime_ns = excluded.mtime_ns
"""


class _Hiding(NamedTuple):
    """The statements that hide and show one kind of thing, and its name in an error."""

    select: str
    hide: str
    show: str
    what: str


_CLIPS = _Hiding(
    "SELECT clip_key FROM hidden_clips",
    "INSERT INTO hidden_clips (clip_key, hidden_at) VALUES (?, ?) ON CONFLICT (clip_key) DO NOTHING",
    "DELETE FROM hidden_clips WHERE clip_key = ?",
    "hidden clips",
)
_SHOWS = _Hiding(
    "SELECT show FROM hidden_shows",
    "INSERT INTO hidden_shows (show, hidden_at) VALUES (?, ?) ON CONFLICT (show) DO NOTHING",
    "DELETE FROM hidden_shows WHERE show = ?",
    "hidden shows",
)


class LibraryRecords:
    """Reads and writes the library's tables on the store's connection."""

    def __init__(self, connection: sqlite3.Connection, state_file: Path | None = None) -> None:
        """`state_file` is the file behind `connection`, for `known_files`; None for a store
        held in memory, which no other connection can reach."""
        self._connection = connection
        self._state_file = state_file

    # Hidden clips and shows.

    def hidden_clip_keys(self) -> frozenset[str]:
        return self._hidden(_CLIPS)

    def hidden_shows(self) -> frozenset[str]:
        return self._hidden(_SHOWS)

    def set_clip_hidden(self, clip_key: str, hidden: bool, at: datetime) -> None:
        self._set_hidden(_CLIPS, clip_key, hidden, at)

    def set_show_hidden(self, show: str, hidden: bool, at: datetime) -> None:
        self._set_hidden(_SHOWS, show, hidden, at)

    # Files seen, and approval.

    def note_files(
        self,
        folder: Path,
        stamps: Mapping[Path, FileStamp],
        *,
        require_approval: bool,
        at: datetime,
    ) -> frozenset[Path]:
        """Record each file of a scan of `folder` as it is now (`stamps`), and `folder` as one
        the parent chose, in one transaction; return those of `stamps` that wait for approval.

        A file seen for the first time is approved unless `require_approval` is on and `folder`
        was chosen before; a file seen before keeps its approval only while it is the same file
        (size and mtime), and one that waits is approved only by the parent, never by being
        seen again or by its folder being chosen again (see `LibraryState.note_files`). After a
        recovery that lost the library's choices, no file is approved here at all, until a
        scan finds every one of its files approved by the parent.
        """
        folder_text = to_store(os.path.abspath(folder))
        by_text = {to_store(str(path)): path for path in stamps}
        seen_at = store_time(at)
        with write_transaction(self._connection):
            reviewed = self._connection.execute(
                "SELECT 1 FROM reviewed_folders WHERE folder = ?", (folder_text,)
            ).fetchone()
            review_needed = self._connection.execute(
                "SELECT 1 FROM meta WHERE key = ?", (REVIEW_NEEDED_KEY,)
            ).fetchone()
            approve_seen = not require_approval and review_needed is None
            approve_new = approve_seen or (reviewed is None and review_needed is None)
            self._connection.executemany(
                _NOTE_FILE,
                (
                    {
                        "path": text,
                        "seen_at": seen_at,
                        "approve_new": int(approve_new),
                        "approve_seen": int(approve_seen),
                        "size": stamps[path][0],
                        "mtime_ns": stamps[path][1],
                    }
                    for text, path in by_text.items()
                ),
            )
            self._connection.execute(
                "INSERT INTO reviewed_folders (folder) VALUES (?) ON CONFLICT DO NOTHING",
                (folder_text,),
            )
            pending = self._connection.execute(
                "SELECT path FROM library_files WHERE approved = 0"
            ).fetchall()
            waiting = frozenset(by_text[row[0]] for row in pending if row[0] in by_text)
            if review_needed is not None and by_text and not waiting:
                self._connection.execute("DELETE FROM meta WHERE key = ?", (REVIEW_NEEDED_KEY,))
        # The scan's own Path objects, so the caller gets back exactly what it passed.
        return waiting

    def known_files(self) -> dict[str, FileStamp]:
        """The size and mtime of every recorded file, by path, as they were when a scan last
        kept it as a video. Unlike the rest, it may be called from any thread: it reads on a
        connection of its own, opened read-only and closed before it returns. A store held in
        memory knows nothing here (an empty answer only means every file is read again)."""
        if self._state_file is None:
            return {}
        uri = f"{self._state_file.resolve().as_uri()}?mode=ro"
        with reading("file stamps"):
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:
                rows = connection.execute(
                    "SELECT path, size, mtime_ns FROM library_files"
                    " WHERE size IS NOT NULL AND mtime_ns IS NOT NULL"
                ).fetchall()
            finally:
                connection.close()
            return {from_store(str(row[0])): (int(row[1]), int(row[2])) for row in rows}

    def approve(self, stamps: Mapping[Path, FileStamp], at: datetime) -> None:
        """Approve each file as it was when the parent saw it; a later change undoes that."""
        seen_at = store_time(at)
        with write_transaction(self._connection):
            self._connection.executemany(
                "INSERT INTO library_files (path, first_seen_at, approved, size, mtime_ns)"
                " VALUES (?, ?, 1, ?, ?) ON CONFLICT (path) DO UPDATE SET approved = 1,"
                " size = excluded.size, mtime_ns = excluded.mtime_ns",
                (
                    (to_store(str(path)), seen_at, size, mtime_ns)
                    for path, (size, mtime_ns) in stamps.items()
                ),
            )

    def pending_paths(self) -> frozenset[Path]:
        """Every recorded file still waiting for approval, in any folder ever scanned."""
        with reading("approvals"):
            rows = self._connection.execute(
                "SELECT path FROM library_files WHERE approved = 0"
            ).fetchall()
            return frozenset(Path(from_store(str(row[0]))) for row in rows)

    # Durations.

    def cached_duration(self, path: Path, size: int, mtime_ns: int) -> float | None:
        """The seconds measured for `path` at this size and mtime; None if none were."""
        with reading("duration cache"):
            row = self._connection.execute(
                "SELECT seconds FROM media_durations WHERE path = ? AND size = ? AND mtime_ns = ?",
                (to_store(str(path)), size, mtime_ns),
            ).fetchone()
        return None if row is None else float(row[0])

    def save_durations(self, items: Iterable[tuple[Path, int, int, float]]) -> None:
        """Keep (path, size, mtime_ns, seconds) for each, replacing what an older size or mtime
        had, in one transaction. An empty batch writes nothing."""
        rows = [
            (to_store(str(path)), size, mtime_ns, seconds)
            for path, size, mtime_ns, seconds in items
        ]
        if not rows:
            return
        with write_transaction(self._connection):
            self._connection.executemany(
                "INSERT INTO media_durations (path, size, mtime_ns, seconds) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, seconds = excluded.seconds",
                rows,
            )

    # The shuffle cycle.

    def shown_clip_keys(self) -> set[str]:
        """The `Clip.key` of each clip the current shuffle cycle has shown."""
        with reading("shuffle memory"):
            rows = self._connection.execute("SELECT clip_key FROM shuffle_memory").fetchall()
            return {from_store(str(row[0])) for row in rows}

    def mark_shown(self, clip_key: str, at: datetime) -> None:
        with write_transaction(self._connection):
            self._connection.execute(
                "INSERT INTO shuffle_memory (clip_key, shown_at) VALUES (?, ?)"
                " ON CONFLICT (clip_key) DO UPDATE SET shown_at = excluded.shown_at",
                (to_store(clip_key), store_time(at)),
            )

    def forget_shown(self) -> None:
        """A new shuffle cycle begins: no clip has been shown in it."""
        with write_transaction(self._connection):
            self._connection.execute("DELETE FROM shuffle_memory")

    def _hidden(self, hiding: _Hiding) -> frozenset[str]:
        # ValueError: an escaped text that is damaged. Failing the read is safer than an empty
        # or partial set, which would show a clip the parent hid.
        with reading(hiding.what):
            rows = self._connection.execute(hiding.select).fetchall()
            return frozenset(from_store(str(row[0])) for row in rows)

    def _set_hidden(self, hiding: _Hiding, name: str, hidden: bool, at: datetime) -> None:
        with write_transaction(self._connection):
            if hidden:
                self._connection.execute(hiding.hide, (to_store(name), store_time(at)))
            else:
                self._connection.execute(hiding.show, (to_store(name),))

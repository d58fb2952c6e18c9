"""What the kiosk remembers about the library between runs: the clips and shows the parent hid,
which files the parent has approved, the durations libvlc measured, and which clips the current
shuffle cycle already showed. It lives in the state file, never beside the user's videos, which
may be read-only or shared with other programs.

The rows are kept by the store's `library_records`; this holds the rules and the clock. Each
call is one write transaction, so a batch (the 10,000 files of a first scan, the durations of a
probe) costs one sync, not one per row, and a file name that is not valid UTF-8 is kept like any
other. Like the store, this is for the GUI thread only (but `known_files`, which reads on a
connection of its own): a background probe hands its durations back to the GUI thread before
they are saved here. Reads raise `StoreReadError` and writes
`StoreWriteError`, except in the shuffle memory, where losing a row only means a clip may come
round again sooner.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from kiosk.core.clock import Clock
from kiosk.core.store.library_records import FileStamp, LibraryRecords
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError

log = logging.getLogger(__name__)


class LibraryState:
    """The parent's library choices and the library caches, kept in `store`."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._records = store.library_records
        self._clock = clock

    # Hidden clips and shows.

    def hidden_clip_keys(self) -> frozenset[str]:
        """The `Clip.key` of every clip the parent hid."""
        return self._records.hidden_clip_keys()

    def hidden_shows(self) -> frozenset[str]:
        """The names of the shows the parent hid, whole."""
        return self._records.hidden_shows()

    def set_clip_hidden(self, clip_key: str, hidden: bool) -> None:
        self._records.set_clip_hidden(clip_key, hidden, self._clock.wall())

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        self._records.set_show_hidden(show, hidden, self._clock.wall())

    # Approval of new files.

    def note_files(
        self, folder: Path, stamps: Mapping[Path, FileStamp], *, require_approval: bool
    ) -> frozenset[Path]:
        """Record each video file of a scan of `folder` as it is now (its `FileStamp`); return
        those that wait for the parent's approval.

        A file is approved when it is first seen while approval is off, and when it is seen in
        the first scan of a folder the parent has just chosen for the first time (first run,
        or a new `library.folder`): choosing a folder is a review of what is in it. Only the
        first time: choosing it again later (A, then B, then A) approves nothing that waits in
        it. After that, with approval on, a file that appears is pending until `approve`. A
        file seen while approval is off is approved too: the child could already see it, so
        there is nothing left to review. An approval holds for the file as it was: a file whose
        size or mtime changed (another video under an approved name) waits again. Records are
        never removed, so a file that goes and comes back keeps its state.

        Pass only a scan that could read the folder: a scan of a missing folder (a drive that is
        not mounted) would count as the review of an empty folder, and everything on the drive
        would then wait for approval.
        """
        return self._records.note_files(
            folder, stamps, require_approval=require_approval, at=self._clock.wall()
        )

    def known_files(self) -> dict[str, FileStamp]:
        """The stamp of each file a scan kept as a video, by path: a file found again with it
        need not be read again. Safe on any thread (see `LibraryRecords.known_files`): the scan
        thread reads it before it walks."""
        return self._records.known_files()

    def approve(self, stamps: Mapping[Path, FileStamp]) -> None:
        """The parent approved these files, as they were when the library view showed them;
        the feed may now play them."""
        self._records.approve(stamps, self._clock.wall())

    def pending_paths(self) -> frozenset[Path]:
        """Every recorded file still waiting for approval, in any folder ever scanned."""
        return self._records.pending_paths()

    # Durations.

    def cached_duration(self, path: Path, size: int, mtime_ns: int) -> float | None:
        """The measured duration of `path` in seconds, or None if it was never measured or the
        file changed since (its size or mtime differ). 0.0: libvlc could not tell."""
        return self._records.cached_duration(path, size, mtime_ns)

    def save_durations(self, items: Iterable[tuple[Path, int, int, float]]) -> None:
        """Remember what libvlc measured, as (path, size, mtime_ns, seconds), in one transaction:
        a first start probes thousands of files, and a commit each would be a sync each.

        A length it could not tell (0, negative, NaN) is kept as 0.0, so the file is not probed
        again at every start; it then plays whole. An empty batch writes nothing.
        """
        self._records.save_durations(
            (path, size, mtime_ns, _usable_seconds(seconds))
            for path, size, mtime_ns, seconds in items
        )

    # Shuffle.

    def shuffle_memory(self) -> StoreShuffleMemory:
        """The shuffle cycle's memory, read from the store now."""
        return StoreShuffleMemory(self._records, self._clock)


class StoreShuffleMemory:
    """The playlist's `ShuffleMemory`, kept in the store, so a restart (or a new session) goes on
    with the same cycle instead of dealing the clips the child just saw again.

    The keys are kept in memory too, and a store that fails to read or write is logged and
    ignored: shuffle memory is not worth stopping a child's feed for.
    """

    def __init__(self, records: LibraryRecords, clock: Clock) -> None:
        self._records = records
        self._clock = clock
        try:
            self._seen = records.shown_clip_keys()
        except StoreReadError as error:
            log.warning("The shuffle memory could not be read, so it starts afresh: %s", error)
            self._seen = set()

    def seen_keys(self) -> set[str]:
        """The `Clip.key` of each clip shown in the current cycle (a copy)."""
        return set(self._seen)

    def mark_shown(self, key: str) -> None:
        """A clip became the current one."""
        self._seen.add(key)
        self._save(partial(self._records.mark_shown, key, self._clock.wall()))

    def start_new_cycle(self) -> None:
        """Every visible clip has been shown: forget them all."""
        self._seen.clear()
        self._save(self._records.forget_shown)

    def _save(self, write: Callable[[], None]) -> None:
        try:
            write()
        except StoreWriteError as error:
            log.warning("The shuffle memory could not be saved: %s", error)


def _usable_seconds(seconds: float) -> float:
    return seconds if math.isfinite(seconds) and seconds > 0 else 0.0

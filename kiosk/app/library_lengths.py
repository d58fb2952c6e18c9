"""How long each file of the library is, as libvlc found it, for the library service.

A length belongs to a file as it was when measured: the store caches it by path, size and
modification time, and so does this map, so a file replaced by a shorter one under the same name
is measured again instead of being cut into clips that start past its end. Lengths the feed
waits on (the auto-clip candidates) are asked for first; the others only label the library
view's tiles. Results are saved in batches: each save is a transaction with an fsync, and ten
thousand of them would hold up the GUI thread at a first start. 0 means "libvlc could not tell":
such a file plays whole, and is not measured again while it stays the same file.

Everything here runs on the GUI thread; the probe answers there too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Protocol

from kiosk.core.library.state import LibraryState
from kiosk.core.store.library_records import FileStamp
from kiosk.core.store.store import StoreWriteError

log = logging.getLogger(__name__)

#: Lengths written to the store in one transaction, at the most.
SAVE_BATCH = 64


class DurationProbe(Protocol):
    """The media worker's duration job: `on_done(path, seconds or None)` on the GUI thread."""

    def request_duration(
        self, path: Path, on_done: Callable[[Path, float | None], None]
    ) -> None: ...

    def cancel_durations(self) -> None: ...


class FileLengths:
    """The lengths of the files of the current scan, cached, measured and saved."""

    def __init__(
        self,
        state: LibraryState,
        probe: DurationProbe | None,
        on_measured: Callable[[bool], None],
    ) -> None:
        """`on_measured(for_feed)` is called after each length libvlc gives."""
        self._state = state
        self._probe = probe
        self._on_measured = on_measured
        self._stamps: dict[Path, FileStamp] = {}
        self._lengths: dict[Path, tuple[FileStamp, float]] = {}
        # Asked of libvlc: the stamp it was asked for, and whether the feed waits on it.
        self._asked: dict[Path, tuple[FileStamp, bool]] = {}
        self._asked_for_feed = 0
        self._unsaved: list[tuple[Path, int, int, float]] = []

    def adopt(self, stamps: dict[Path, FileStamp], *, complete: bool) -> None:
        """The stamps a scan found: cached lengths are looked up for them. A complete scan's
        stamps replace the last ones, and a length measured for another stamp is forgotten."""
        stamps = {path: stamp for path, stamp in stamps.items() if stamp[0] >= 0}
        self._stamps = stamps if complete else self._stamps | stamps
        if complete:
            # Files of another folder, or gone: nobody waits for their lengths any more.
            for path in [path for path in self._asked if path not in stamps]:
                self._forget_ask(path)
        for path, stamp in stamps.items():
            known = self._lengths.get(path)
            if known is not None and known[0] == stamp:
                continue
            seconds = self._state.cached_duration(path, *stamp)
            if seconds is not None:
                self._lengths[path] = (stamp, seconds)
            else:
                self._lengths.pop(path, None)

    def known(self) -> dict[Path, float]:
        """Every length that belongs to the file as the last scan saw it. Without a probe to
        ask, a file's length is 0 (unknown): it plays whole rather than wait for ever."""
        lengths = {
            path: seconds
            for path, (stamp, seconds) in self._lengths.items()
            if self._stamps.get(path) == stamp
        }
        if self._probe is None:
            lengths = dict.fromkeys(self._stamps, 0.0) | lengths
        return lengths

    def seconds(self, path: Path) -> float | None:
        known = self._lengths.get(path)
        return None if known is None or self._stamps.get(path) != known[0] else known[1]

    def request(self, for_feed: Iterable[Path], others: Iterable[Path]) -> None:
        """Ask libvlc for the lengths not known yet, the ones the feed waits on first."""
        if self._probe is None:
            return
        feed_paths = dict.fromkeys(for_feed)
        for path in dict.fromkeys([*feed_paths, *others]):
            stamp = self._stamps.get(path)
            if stamp is None or self.seconds(path) is not None:
                continue
            asked = self._asked.get(path)
            if asked is not None and asked[0] == stamp:
                continue
            self._forget_ask(path)
            self._asked[path] = (stamp, path in feed_paths)
            self._asked_for_feed += path in feed_paths
            self._probe.request_duration(path, partial(self._measured, stamp))

    @property
    def feed_is_waiting(self) -> bool:
        return self._asked_for_feed > 0

    @property
    def save_due(self) -> bool:
        """A batch is full, or nothing more is coming for now."""
        return len(self._unsaved) >= SAVE_BATCH or not self._asked

    def save(self) -> None:
        """Write the lengths measured since the last save, in one transaction."""
        batch, self._unsaved = self._unsaved, []
        if not batch:
            return
        try:
            self._state.save_durations(batch)
        except StoreWriteError as error:
            # Only a cache: the files are measured again at the next start.
            log.warning("%d file lengths could not be cached: %s", len(batch), error)

    def forget_asks(self) -> None:
        """Another folder: the lengths asked for the old one are not waited for, and the ones
        not yet started are not measured at all."""
        self._asked.clear()
        self._asked_for_feed = 0
        if self._probe is not None:
            self._probe.cancel_durations()

    def _forget_ask(self, path: Path) -> None:
        asked = self._asked.pop(path, None)
        if asked is not None and asked[1]:
            self._asked_for_feed -= 1

    def _measured(self, stamp: FileStamp, path: Path, seconds: float | None) -> None:
        """libvlc's answer for `path` as it was at `stamp`. An answer for a file since
        replaced is still true of the old file, but must not label the new one."""
        asked = self._asked.get(path)
        if asked is None or asked[0] != stamp:
            return
        for_feed = asked[1]
        self._forget_ask(path)
        value = seconds if seconds is not None else 0.0
        self._lengths[path] = (stamp, value)
        self._unsaved.append((path, stamp[0], stamp[1], value))
        self._on_measured(for_feed)

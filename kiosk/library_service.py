"""The library as the running kiosk keeps it: scanned off the GUI thread, curated with the
parent's choices, and handed to the feed as it changes.

A scan of a big folder on a slow USB disk can take seconds, and probing the length of every long
episode for auto-clips takes longer still, so nothing here waits on the disk or on libvlc on the
GUI thread. The scan runs on its own thread and reports clips as it finds them, and the feed
starts with the first ones. Durations come from the store's cache, or from the media worker in
the background; each one that arrives is curated again, and the clips it makes join the feed.
Whenever the visible clips change (a scan, a duration, a parent's toggle), the listeners hear
exactly which clips came and which went. The parent's choices are saved in the store before the
feed hears of them, so what the panel shows is what is stored.

Everything except `_scan_job` runs on the GUI thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from kiosk.core.clip import Clip
from kiosk.core.config import LibrarySettings
from kiosk.core.curation import Curation, curate
from kiosk.core.library import LibraryScan, scan_library
from kiosk.core.library_state import LibraryState
from kiosk.media.interface import PostToGui

log = logging.getLogger(__name__)

#: A file's size and modification time: what the duration and thumbnail caches are keyed by.
FileStamp = tuple[int, int]


class LibraryListener(Protocol):
    """What the feed hears. Called on the GUI thread."""

    def clips_added(self, clips: list[Clip]) -> None: ...

    def clips_removed(self, clips: list[Clip]) -> None: ...

    def loading_finished(self) -> None: ...


class DurationProbe(Protocol):
    """The media worker's duration job: `on_done(path, seconds or None)` on the GUI thread."""

    def request_duration(
        self, path: Path, on_done: Callable[[Path, float | None], None]
    ) -> None: ...


@dataclass
class _Scanned:
    """What the scan thread hands over: the scan, and the stamp of every whole file it kept."""

    scan: LibraryScan
    stamps: dict[Path, FileStamp] = field(default_factory=dict)


class LibraryService:
    """The curated library. Make one per kiosk; `rescan` whenever the folder may have changed."""

    def __init__(self, state: LibraryState, settings: LibrarySettings, post: PostToGui) -> None:
        self._state = state
        self._settings = settings
        self._post = post
        self.probe: DurationProbe | None = None
        self.listeners: list[LibraryListener] = []
        self.scan: LibraryScan | None = None
        self.curation: Curation | None = None
        self._stamps: dict[Path, FileStamp] = {}
        self._durations: dict[Path, float] = {}
        # Paths with no probe to ask: they play whole rather than wait for ever.
        self._unknown_length: set[Path] = set()
        # The lengths asked of libvlc, each with whether the feed waits on it (auto-clips).
        self._probing: dict[Path, bool] = {}
        self._lengths_since_curated = 0
        self._visible: dict[str, Clip] = {}
        # What the running scan has found so far (see `_batch_found`).
        self._partial: list[Clip] = []
        self._pending: frozenset[Path] = frozenset()
        self._generation = 0
        self._loading = False

    @property
    def settings(self) -> LibrarySettings:
        return self._settings

    @property
    def loading(self) -> bool:
        """A scan or a duration probe is still under way: more clips may come."""
        return self._loading

    def visible(self) -> list[Clip]:
        """The clips the feed may play now, in library order."""
        return list(self._visible.values())

    def duration_of(self, path: Path) -> float | None:
        return self._durations.get(path)

    def rescan(self, settings: LibrarySettings | None = None) -> None:
        """Scan the folder again in the background (on start, when the panel closes)."""
        if settings is not None:
            self._settings = settings
        self._generation += 1
        self._loading = True
        self._partial = []
        thread = threading.Thread(
            target=self._scan_job,
            args=(self._generation, self._settings.folder),
            name="library-scan",
            daemon=True,
        )
        thread.start()

    # The parent's choices: saved first, then the feed hears of them.

    def set_clip_hidden(self, clip: Clip, hidden: bool) -> None:
        self._state.set_clip_hidden(clip.key, hidden)
        self._curate()

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        self._state.set_show_hidden(show, hidden)
        self._curate()

    def approve(self, paths: Iterable[Path]) -> None:
        self._state.approve(paths)
        self._pending = self._state.pending_paths()
        self._curate()

    # The scan.

    def _scan_job(self, generation: int, folder: Path) -> None:
        """On the scan thread: the disk work, and nothing that touches the store or the feed."""

        def found(clips: list[Clip]) -> None:
            stamps = {clip.path: _stamp(clip.path) for clip in clips}
            self._post(partial(self._batch_found, generation, clips, stamps))

        try:
            scan = scan_library(folder, on_clips=found)
            scanned = _Scanned(scan, {clip.path: _stamp(clip.path) for clip in scan.clips})
        except Exception:  # a scan must never take the kiosk down
            log.exception("library scan of %s failed", folder)
            problem = f"The clip folder {folder} could not be scanned: choose another folder"
            scanned = _Scanned(LibraryScan(folder, problem=problem))
        self._post(partial(self._scanned, generation, scanned))

    def _batch_found(
        self, generation: int, clips: list[Clip], stamps: dict[Path, FileStamp]
    ) -> None:
        """The first clips of a scan, so that a feed waiting on a big, slow folder can start.

        With approval on, nothing shows before the whole scan is in: only then does the store
        know which files are new. A clips.toml title on a whole file is only known to protect it
        from auto-clipping at the end; until then it may show cut, and the end puts it right.
        """
        if generation != self._generation or self._settings.require_approval:
            return
        self._partial.extend(clips)
        for path, (size, mtime_ns) in stamps.items():
            if path not in self._durations and size >= 0:
                seconds = self._state.cached_duration(path, size, mtime_ns)
                if seconds is not None:
                    self._durations[path] = seconds
        curation = self._curated(self._partial, frozenset())
        if not self._visible and not self._has_unseen(curation.visible):
            # A feed waiting for its first clip would be handed only clips this cycle has
            # shown, and its playlist would start a new cycle: a child resuming a series would
            # start it again from the first episode while the later ones were still being found.
            return
        self._announce(curation, complete=False)

    def _has_unseen(self, clips: list[Clip]) -> bool:
        seen = self._state.shuffle_memory().seen_keys()
        return any(clip.key not in seen for clip in clips)

    def _scanned(self, generation: int, scanned: _Scanned) -> None:
        if generation != self._generation:
            return  # a newer scan is under way
        scan = scanned.scan
        self.scan = scan
        self._partial = []
        self._stamps = {path: stamp for path, stamp in scanned.stamps.items() if stamp != (-1, -1)}
        paths = list(dict.fromkeys(clip.path for clip in scan.clips))
        if paths:
            # Not for a folder that could not be read: an unplugged drive is not a review of
            # an empty folder, after which every file on it would wait for approval.
            self._pending = self._state.note_files(
                scan.folder, paths, require_approval=self._settings.require_approval
            )
        for path, (size, mtime_ns) in self._stamps.items():
            seconds = self._state.cached_duration(path, size, mtime_ns)
            if seconds is not None:
                self._durations[path] = seconds
        self._curate()
        self._probe_lengths()
        self._finish_if_settled()

    # Durations for auto-clips.

    def _probe_lengths(self) -> None:
        """Ask libvlc for the lengths not in the cache: first the long-file candidates the feed
        waits on, then every other file's, which only the library view shows."""
        if self.curation is None or self.scan is None:
            return
        awaiting = self.curation.awaiting_duration
        others = [clip.path for clip in self.scan.clips if clip.end_seconds is None]
        for path in dict.fromkeys([*awaiting, *others]):
            if path in self._durations or path in self._probing or path in self._unknown_length:
                continue
            if self.probe is None:
                self._unknown_length.add(path)
                continue
            self._probing[path] = path in awaiting
            self.probe.request_duration(path, self._duration_found)
        if self.probe is None and awaiting:
            self._curate()

    def _duration_found(self, path: Path, seconds: float | None) -> None:
        # A length is a fact about the file, still true if a rescan started meanwhile: kept.
        for_feed = self._probing.pop(path, False)
        # 0 means "libvlc could not tell": the file plays whole, and is not probed again at
        # every start while it stays the same file.
        seconds = seconds if seconds is not None else 0.0
        self._durations[path] = seconds
        stamp = self._stamps.get(path)
        if stamp is not None:
            self._state.save_duration(path, stamp[0], stamp[1], seconds)
        if for_feed:
            self._lengths_since_curated += 1
        waiting = any(self._probing.values())
        # Curating goes over the whole library: after every 16 lengths rather than each one,
        # so ten thousand long files cost hundreds of passes, not ten thousand.
        if self._lengths_since_curated and (not waiting or self._lengths_since_curated >= 16):
            self._lengths_since_curated = 0
            self._curate()
        self._finish_if_settled()

    def _finish_if_settled(self) -> None:
        if self._loading and not any(self._probing.values()):
            self._loading = False
            for listener in list(self.listeners):
                listener.loading_finished()

    # Curation, and telling the feed what changed.

    def _curate(self) -> None:
        if self.scan is not None:
            self.curation = self._curated(self.scan.clips, self.scan.described)
            self._announce(self.curation, complete=True)

    def _curated(self, clips: list[Clip], described: frozenset[Path]) -> Curation:
        # A long file whose length is unknown plays whole (0 means unknown): better than never.
        durations = {path: 0.0 for path in self._unknown_length} | self._durations
        return curate(
            clips,
            self._settings,
            described=described,
            hidden_clips=self._state.hidden_clip_keys(),
            hidden_shows=self._state.hidden_shows(),
            pending=self._pending,
            durations=durations,
        )

    def _announce(self, curation: Curation, *, complete: bool) -> None:
        """Tell the listeners which visible clips came and went.

        Part of a scan (`complete` false) only adds: a clip it has not reached yet is not gone,
        and a rescan when the panel closes must not pull the clip on screen from under a child.
        """
        now = {clip.key: clip for clip in curation.visible}
        if not complete:
            now = self._visible | now
        added = [clip for key, clip in now.items() if key not in self._visible]
        removed = [clip for key, clip in self._visible.items() if key not in now]
        self._visible = now
        for listener in list(self.listeners):
            if removed:
                listener.clips_removed(removed)
            if added:
                listener.clips_added(added)


def _stamp(path: Path) -> FileStamp:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return info.st_size, info.st_mtime_ns

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

Everything except `_scan_job` (and `_known_files`, which it calls) runs on the GUI thread. A
file that an earlier scan found unchanged is not opened again (`LibraryState.known_files`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.app.library_lengths import DurationProbe, FileLengths
from kiosk.core.clip import Clip
from kiosk.core.config.load import LibrarySettings
from kiosk.core.i18n import _
from kiosk.core.library.curation import Curation, curate
from kiosk.core.library.state import LibraryState
from kiosk.core.playlist.rules import natural_place
from kiosk.core.store.library_records import FileStamp
from kiosk.core.store.store import StoreReadError, StoreWriteError
from kiosk.media.interface import PostToGui

if TYPE_CHECKING:
    from kiosk.core.library.scan import LibraryScan

log = logging.getLogger(__name__)


class LibraryListener(Protocol):
    """What the feed hears. Called on the GUI thread."""

    def clips_added(self, clips: list[Clip]) -> None: ...

    def clips_removed(self, clips: list[Clip]) -> None: ...

    def loading_finished(self) -> None: ...


class _ScanCancelled(Exception):
    """A newer scan started: this one stops walking (raised from its own batch callback)."""


class LibraryService:
    """The curated library. Make one per kiosk; `rescan` whenever the folder may have changed.

    `probe` measures file lengths for auto-clips and the library view; without one (tests of
    the scan alone) every file plays whole.
    """

    def __init__(
        self,
        state: LibraryState,
        settings: LibrarySettings,
        post: PostToGui,
        probe: DurationProbe | None = None,
    ) -> None:
        self._state = state
        self._settings = settings
        self._post = post
        self._lengths = FileLengths(state, probe, self._length_measured)
        self.listeners: list[LibraryListener] = []
        self.scan: LibraryScan | None = None
        self.curation: Curation | None = None
        self._lengths_since_curated = 0
        self._visible: dict[str, Clip] = {}
        # What the running scan has found so far (see `_batch_found`).
        self._partial: list[Clip] = []
        self._pending: frozenset[Path] = frozenset()
        # The stamp of every file of the last whole scan: what an approval is given for.
        self._stamps: dict[Path, FileStamp] = {}
        self._generation = 0
        self._scanning = False
        self._loading = False

    @property
    def settings(self) -> LibrarySettings:
        return self._settings

    @property
    def loading(self) -> bool:
        """A scan, or a length the feed waits on, is still under way: more clips may come."""
        return self._loading

    def visible(self) -> list[Clip]:
        """The clips the feed may play now, in library order (natural order of paths, then
        start), whatever order the scans and lengths brought them in."""
        return sorted(self._visible.values(), key=natural_place)

    def duration_of(self, path: Path) -> float | None:
        return self._lengths.seconds(path)

    @property
    def waits_for_folder(self) -> bool:
        """The last whole scan found the folder unavailable (a drive not plugged in) and no scan
        runs now: worth a look again, as the kiosk does every few seconds."""
        return self.scan is not None and self.scan.unavailable and not self._scanning

    def clip_missing(self, clip: Clip) -> None:
        """The feed found `clip`'s file gone and let it go (a drive unplugged mid-play). It is
        no longer visible, so a scan that finds it again brings it back; one starts now to
        learn what else went, unless one is under way."""
        self._visible.pop(clip.key, None)
        if not self._scanning:
            self.rescan()

    def rescan(self, settings: LibrarySettings | None = None) -> None:
        """Scan the folder again in the background (on start, when the panel closes). A scan
        still running is told to stop: only the newest one counts."""
        if settings is not None:
            if settings.folder != self._settings.folder:
                # Another folder: nothing of the old one may play while the new one is read,
                # and its lengths are not measured any more.
                self.scan, self.curation = None, None
                self._lengths.forget_asks()
                self._announce({})
            self._settings = settings
        self._generation += 1
        self._scanning = self._loading = True
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
        """Approve files as the last scan saw them, which is what the parent was shown; one the
        scan could not look at is approved as such, and waits again once it can be."""
        self._state.approve({path: self._stamps.get(path, _UNKNOWN) for path in paths})
        self._pending = self._state.pending_paths()
        self._curate()

    # The scan.

    def _scan_job(self, generation: int, folder: Path) -> None:
        """On the scan thread: the disk work, and nothing that touches the store or the feed."""
        # Loaded here: the walk and the clips.toml reader are not needed before the first paint.
        from kiosk.core.library.scan import LibraryScan, scan_library

        def found(clips: list[Clip], stamps: Mapping[Path, FileStamp]) -> None:
            if generation != self._generation:
                raise _ScanCancelled
            self._post(partial(self._batch_found, generation, clips, dict(stamps)))

        try:
            scan = scan_library(folder, on_clips=found, known=self._known_files())
        except _ScanCancelled:
            return
        except Exception:  # a scan must never take the kiosk down
            log.exception("library scan of %s failed", folder)
            unscanned = _("The clip folder {folder} could not be scanned: choose another folder")
            problem = unscanned.format(folder=folder)
            scan = LibraryScan(folder, problem=problem)
        self._post(partial(self._scanned, generation, scan))

    def _known_files(self) -> dict[str, FileStamp]:
        """On the scan thread: the files an earlier scan read, which need not be read again."""
        try:
            return self._state.known_files()
        except StoreReadError as error:
            log.info("every file is read again: %s", error)
            return {}

    def _batch_found(
        self, generation: int, clips: list[Clip], stamps: dict[Path, FileStamp]
    ) -> None:
        """The first clips of a scan, so that a feed waiting on a big, slow folder can start.

        With approval on, nothing shows before the whole scan is in: only then does the store
        know which files are new. Files too long to play whole wait too: whether a clips.toml
        names them, so that they are not cut, is known only at the end.
        """
        if generation != self._generation or self._settings.require_approval:
            return
        self._partial.extend(clips)
        try:
            self._lengths.adopt(stamps, complete=False)
            limit = self._settings.long_file_seconds
            short = {path: s for path, s in self._lengths.known().items() if s <= limit}
            curation = self._curated(self._partial, frozenset(), short)
            has_unseen = self._has_unseen(curation.visible)
        except StoreReadError:
            return  # the whole scan, at its end, says what happens then
        if not self._visible and not has_unseen:
            # A feed waiting for its first clip would be handed only clips this cycle has
            # shown, and its playlist would start a new cycle: a child resuming a series would
            # start it again from the first episode while the later ones were still being found.
            return
        self._announce({clip.key: clip for clip in curation.visible} | self._visible)

    def _has_unseen(self, clips: list[Clip]) -> bool:
        seen = self._state.shuffle_memory().seen_keys()
        return any(clip.key not in seen for clip in clips)

    def _scanned(self, generation: int, scan: LibraryScan) -> None:
        if generation != self._generation:
            return  # a newer scan is under way
        try:
            stamps = dict(scan.stamps)
            self._pending = self._pending_after(scan, stamps)
            self._stamps = stamps
            self.scan = scan
            self._partial = []
            self._lengths.adopt(stamps, complete=True)
            self._scanning = False  # before curating: this scan is whole, so clips may leave
            self._curate()
            self._request_lengths()
        except StoreReadError as error:
            self._fail_closed(error)
        finally:
            self._scanning = False
            self._finish_if_settled()

    def _fail_closed(self, error: StoreReadError) -> None:
        """The parent's choices cannot be read: nothing plays, rather than what they hid."""
        log.warning("the library's choices cannot be read, so no clip is shown: %s", error)
        self.curation = None
        self._announce({})

    def _pending_after(self, scan: LibraryScan, stamps: dict[Path, FileStamp]) -> frozenset[Path]:
        """The files of `scan` (as they are now, `stamps`) that wait for the parent's approval."""
        if not stamps:
            # A folder that could not be read: an unplugged drive is not a review of an empty
            # folder, after which every file on it would wait for approval.
            return self._pending
        try:
            return self._state.note_files(
                scan.folder, stamps, require_approval=self._settings.require_approval
            )
        except StoreWriteError as error:
            log.warning("new files could not be recorded: %s", error)
            if not self._settings.require_approval:
                return self._pending
            # Fail closed: every file the last scan did not have as it is now waits, as if new.
            changed = (path for path, stamp in stamps.items() if self._stamps.get(path) != stamp)
            return self._pending | frozenset(changed)

    # Lengths, for auto-clips and the library view.

    def _request_lengths(self) -> None:
        if self.curation is None or self.scan is None:
            return
        others = [clip.path for clip in self.scan.clips if clip.end_seconds is None]
        self._lengths.request(self.curation.awaiting_duration, others)

    def _length_measured(self, for_feed: bool) -> None:
        try:
            self._take_length(for_feed)
        except StoreReadError as error:
            self._fail_closed(error)
        self._finish_if_settled()

    def _take_length(self, for_feed: bool) -> None:
        if for_feed:
            self._lengths_since_curated += 1
        if self._lengths.save_due:
            self._lengths.save()
        # Curating goes over the whole library: after every 16 lengths rather than each one,
        # so ten thousand long files cost hundreds of passes, not ten thousand.
        if self._lengths_since_curated and (
            not self._lengths.feed_is_waiting or self._lengths_since_curated >= 16
        ):
            self._lengths_since_curated = 0
            self._curate()

    def _finish_if_settled(self) -> None:
        if self._loading and not self._scanning and not self._lengths.feed_is_waiting:
            self._loading = False
            for listener in list(self.listeners):
                listener.loading_finished()

    # Curation, and telling the feed what changed.

    def _curate(self) -> None:
        """Curate the last whole scan again. While a newer scan runs, clips its batches
        brought stay, and nothing else leaves unless the parent hid it: the rest is not
        known to be gone until that scan is over."""
        if self.scan is None:
            return
        self.curation = self._curated(self.scan.clips, self.scan.described, self._lengths.known())
        now = {clip.key: clip for clip in self.curation.visible}
        if self._scanning:
            hidden = self._state.hidden_clip_keys()
            hidden_shows = self._state.hidden_shows()
            for key, clip in self._visible.items():
                if key not in hidden and clip.show not in hidden_shows:
                    now.setdefault(key, clip)
        self._announce(now)

    def _curated(
        self, clips: list[Clip], described: frozenset[Path], lengths: dict[Path, float]
    ) -> Curation:
        return curate(
            clips,
            self._settings,
            described=described,
            hidden_clips=self._state.hidden_clip_keys(),
            hidden_shows=self._state.hidden_shows(),
            pending=self._pending,
            durations=lengths,
        )

    def _announce(self, now: dict[str, Clip]) -> None:
        """Make `now` the visible clips, and tell the listeners which came and which went:
        the new ones first, so a feed that loses its only clip to a replacement never shows
        "no clips" in between."""
        added = [clip for key, clip in now.items() if key not in self._visible]
        removed = [clip for key, clip in self._visible.items() if key not in now]
        self._visible = now
        for listener in list(self.listeners):
            if added:
                listener.clips_added(added)
            if removed:
                listener.clips_removed(removed)


#: The stamp of a file that could not be looked at: it matches no approval.
_UNKNOWN: FileStamp = (-1, -1)

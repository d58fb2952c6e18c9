"""The walk behind `scan_library`: what becomes of each entry of each folder, in natural order.

A depth-first walk over a stack of folder listings, so that a deep tree cannot hit Python's
recursion limit, that decides for every entry whether it is a clip, a folder to enter, or a file
to skip with its reason, and applies the clips.toml of the folder it is in (`sidecar.match`).
It also hands the clips over in batches while it goes on, for a caller that wants to start
playing before a long scan ends.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from time import monotonic

from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _
from kiosk.core.library.sidecar.match import FolderSidecar
from kiosk.core.library.sidecar.parse import SidecarProblem, is_sidecar_name
from kiosk.core.library.video_sniff import sniff
from kiosk.core.names import name_key, readable_name
from kiosk.core.os_errors import unreadable
from kiosk.core.store.library_records import FileStamp

__all__ = [
    "PARTIAL_DOWNLOAD_SUFFIXES",
    "VIDEO_EXTENSIONS",
    "ClipBatchListener",
    "SkippedFile",
    "Walk",
    "list_folder",
]

VIDEO_EXTENSIONS = frozenset({"mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts"})
#: Lower-case suffixes browsers and download tools give a file until it is complete. Safari's
#: ".download" is a folder, so these apply to folders too.
PARTIAL_DOWNLOAD_SUFFIXES = frozenset(
    {".part", ".crdownload", ".download", ".partial", ".!qb", ".tmp"}
)
# Folders that an OS or a disk check puts at the top of a drive. A recycle bin holds videos the
# parent deleted: playing them would break the promise that only the parent's choice plays.
# Marked only: translated when a folder is skipped.
_SYSTEM_FOLDERS = {
    "$recycle.bin": N_("recycle bin: deleted files are never played"),
    "recycler": N_("recycle bin: deleted files are never played"),
    "system volume information": N_("system folder of Windows"),
    "lost+found": N_("system folder: files recovered by a disk check"),
}
# When `on_clips` hears of new clips: the first few as soon as they are found (or the first
# folder that holds any is done), then a batch for every so many clips or so much time. The clock
# is read only every so many entries, so batching costs the walk next to nothing.
_FIRST_BATCH_CLIPS = 8
_BATCH_CLIPS = 256
_BATCH_SECONDS = 0.25
_ENTRIES_PER_CLOCK_LOOK = 16


#: The clips found since the last call, and the stamp of each of their files.
ClipBatchListener = Callable[[list[Clip], Mapping[Path, FileStamp]], None]


@dataclass(frozen=True)
class SkippedFile:
    """A file or folder the scan left out, with a short plain sentence saying why."""

    path: Path
    reason: str


class Walk:
    """One scan: a depth-first walk that visits each folder's entries in natural order.

    Since every folder's entries are sorted and a folder's contents are visited in its place,
    clips and skipped files come out in natural order of their paths with no sort at the end.
    """

    def __init__(
        self,
        root_stat: os.stat_result,
        on_clips: ClipBatchListener | None,
        known: Mapping[str, FileStamp] | None = None,
    ) -> None:
        self.clips: list[Clip] = []
        #: The stamp of every video file kept, the files of `clips`.
        self.stamps: dict[Path, FileStamp] = {}
        self._known = known
        self._batches = (
            None if on_clips is None else _ClipBatches(self.clips, self.stamps, on_clips)
        )
        self.skipped: list[SkippedFile] = []
        self.sidecar_problems: list[SidecarProblem] = []
        self.sidecar_hides: dict[Path, tuple[Path, ...]] = {}
        self.described: set[Path] = set()
        self.segment_lines: dict[str, tuple[Path, int]] = {}
        # Every folder entered, by (st_dev, st_ino), with the path it was first reached by (""
        # for the root). This is what makes link loops safe, and it also catches NTFS junctions
        # and bind mounts, which do not look like symlinks.
        self._visited: dict[tuple[int, int], str] = {_identity(root_stat): ""}
        # The folders being walked, innermost last: (entries left, the folder, its show, is it
        # the root, its clips.toml). A stack rather than recursion, so a deep tree cannot hit
        # the recursion limit.
        self._stack: list[
            tuple[Iterator[os.DirEntry[str]], Path, str | None, bool, FolderSidecar | None]
        ] = []

    def run(self, root: Path, root_entries: list[os.DirEntry[str]]) -> None:
        """Walk the whole tree under `root`, whose listing the caller has already read."""
        self._push(root_entries, root, None, True)
        batches = self._batches
        while self._stack:
            entries, folder, show, in_root, sidecar = self._stack[-1]
            entry = next(entries, None)
            if entry is None:
                self._stack.pop()
                if sidecar is not None:
                    self.sidecar_problems.extend(sidecar.finish())
                    if sidecar.hidden_by_problems:
                        self.sidecar_hides[sidecar.path] = sidecar.hidden_by_problems
                if batches is not None:
                    batches.folder_done()
                continue
            # folder / name, not Path(entry.path): joining skips parsing the whole path again,
            # which is a fair share of the time a scan of thousands of files takes.
            path = folder / entry.name
            reason = self._visit(entry, path, show, in_root, sidecar)
            if reason is not None:
                self.skipped.append(SkippedFile(path, reason))
                if sidecar is not None:
                    sidecar.note_skipped(entry.name, reason)
            if batches is not None:
                batches.entry_done()
        if batches is not None:
            batches.send()

    def _push(
        self, entries: list[os.DirEntry[str]], folder: Path, show: str | None, in_root: bool
    ) -> None:
        sidecar = None
        for entry in entries:
            if is_sidecar_name(entry.name):
                # Whatever it is (a folder, a pipe, a broken link): the sidecar says what it
                # makes of it, and fails closed if it cannot be read.
                names = [each.name for each in entries]
                sidecar = FolderSidecar(folder / entry.name, names, VIDEO_EXTENSIONS)
                break
        self._stack.append((iter(entries), folder, show, in_root, sidecar))

    def _visit(
        self,
        entry: os.DirEntry[str],
        path: Path,
        show: str | None,
        in_root: bool,
        sidecar: FolderSidecar | None,
    ) -> str | None:
        """Keep a clip or enter a folder and return None, or say why the entry is skipped."""
        name = entry.name
        if sidecar is not None and is_sidecar_name(name):
            return None  # read when the folder was entered; its problems are reported apart
        stem, extension = os.path.splitext(name)
        extension = extension.lower()
        if name.startswith("._"):
            return _("macOS AppleDouble file")
        if name.startswith("."):
            return _("hidden folder") if _is_dir_quietly(entry) else _("hidden file")
        if extension in PARTIAL_DOWNLOAD_SUFFIXES:
            return _("partial download")

        # d_type from the listing answers "folder or file?" for free, except for a symlink,
        # which needs one stat to learn what it points at.
        try:
            if entry.is_symlink():
                target = os.stat(entry.path)
                is_dir, is_file = stat.S_ISDIR(target.st_mode), stat.S_ISREG(target.st_mode)
            else:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file(follow_symlinks=False)
        except FileNotFoundError:
            return _("broken link: what it points to does not exist")
        except OSError as err:
            return _("symlink loop") if err.errno == errno.ELOOP else unreadable(err)

        if is_dir:
            # A first-level sub-folder is a show; deeper folders belong to the show above them.
            return self._enter(entry, path, readable_name(name) if in_root else show)
        if extension[1:] not in VIDEO_EXTENSIONS:
            return _("not a video file type")
        if not is_file:
            return _("not a regular file (a device, pipe or socket)")
        reason = self._check_content(entry, path)
        if reason is not None:
            return reason
        if sidecar is None or not sidecar.covers(name):
            self.clips.append(Clip(path, readable_name(stem), show))
            return None
        clips, hidden_reason = sidecar.apply(name, path, readable_name(stem), show)
        self.described.add(path)
        for clip, line in clips:
            self.clips.append(clip)
            if clip.start_seconds is not None or clip.end_seconds is not None:
                self.segment_lines[clip.key] = (sidecar.path, line)
        return hidden_reason

    def _check_content(self, entry: os.DirEntry[str], path: Path) -> str | None:
        """Why a video file's content is no video, or None. A file known unchanged is not read.

        Without `known` (a scan whose caller keeps no stamps, such as `kiosk check`), every file
        is read and none is stat'ed: a stat costs about what the read it would save does.
        """
        if self._known is None:
            return sniff(entry.path)
        try:
            info = entry.stat()  # follows a symlink, as the player does
        except OSError as err:
            return unreadable(err)
        stamp = (info.st_size, info.st_mtime_ns)
        # entry.path is str(path), ready made.
        if self._known.get(entry.path) != stamp:
            # New or changed since a scan last read it: its first bytes say what it is.
            reason = sniff(entry.path)
            if reason is not None:
                return reason
        self.stamps[path] = stamp
        return None

    def _enter(self, entry: os.DirEntry[str], path: Path, show: str | None) -> str | None:
        system_reason = _SYSTEM_FOLDERS.get(entry.name.casefold())
        if system_reason is not None:
            return _(system_reason)
        try:
            identity = _identity(os.stat(entry.path))
            first_path = self._visited.get(identity)
            if first_path is None:
                entries = list_folder(entry.path)
        except OSError as err:
            return unreadable(err)
        if first_path is not None:
            if first_path == "" or entry.path.startswith(first_path.rstrip(os.sep) + os.sep):
                return _("symlink loop: it leads back to a folder that contains it")
            return _("same folder as {folder}, which is already scanned").format(folder=first_path)
        self._visited[identity] = entry.path
        self._push(entries, path, show, False)
        return None


class _ClipBatches:
    """Hands the clips of a walk to `on_clips` while it goes on, each clip once, in order.

    It reads the walk's own list, and remembers only how much of it was sent: the walk appends
    a clip final, so what is sent never changes later.
    """

    def __init__(
        self, clips: list[Clip], stamps: Mapping[Path, FileStamp], on_clips: ClipBatchListener
    ) -> None:
        self._clips = clips
        self._stamps = stamps
        self._on_clips = on_clips
        self._sent = 0
        self._entries_since_clock_look = 0
        self._last_sent_at = monotonic()

    def entry_done(self) -> None:
        waiting = len(self._clips) - self._sent
        if waiting >= (_BATCH_CLIPS if self._sent else _FIRST_BATCH_CLIPS):
            self.send()
            return
        self._entries_since_clock_look += 1
        if self._entries_since_clock_look >= _ENTRIES_PER_CLOCK_LOOK:
            self._entries_since_clock_look = 0
            if waiting and monotonic() - self._last_sent_at >= _BATCH_SECONDS:
                self.send()

    def folder_done(self) -> None:
        # The first folder that holds clips is worth playing from at once, however few it has.
        if not self._sent:
            self.send()

    def send(self) -> None:
        """Hand over every clip not yet sent, if there is any."""
        if len(self._clips) > self._sent:
            batch = self._clips[self._sent :]
            self._sent = len(self._clips)
            stamps = self._stamps
            self._on_clips(batch, {c.path: stamps[c.path] for c in batch if c.path in stamps})
            self._last_sent_at = monotonic()


def list_folder(path: str) -> list[os.DirEntry[str]]:
    """A folder's entries in natural order of their names; raises OSError if unreadable."""
    with os.scandir(path) as listing:
        return sorted(listing, key=lambda entry: name_key(entry.name))


def _is_dir_quietly(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino

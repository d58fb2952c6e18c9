"""Where a clip's thumbnail lives on disk, when in the clip it is taken, and how the cache is
kept from growing without end.

Thumbnails are PNG files in `paths.thumbnail_dir()` (under `user_cache_dir`), never beside the
clips: the clip folder may be read-only, shared, or watched by a parent's sync tool. A file is
named by a hash of what makes its picture: the clip's path, the file's size and mtime (so an
edited or replaced file gets a new thumbnail), and the segment. A kiosk may run for years over
a changing library, so the cache is bounded in files and bytes and the least recently used
thumbnails go first. Entries are never updated in place: a changed file simply hashes to a new
name and the old one ages out.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.core import paths
from kiosk.core.atomic import write_atomically
from kiosk.core.clip import Clip

#: How far into a clip (or segment) its thumbnail is taken: past a title card or a fade-in.
FRAME_FRACTION = 0.1
DEFAULT_MAX_FILES = 5_000
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
_SUFFIX = ".png"
_HASH_CHARACTERS = 32  # 128 bits of sha256 in hex: no two clips will ever share a name
# Bump when the picture for the same key would change (the frame rule, the encoding).
_KEY_VERSION = 1
# A full cache is pruned to this share of its limits, so that it is not rescanned on every store.
_LOW_WATER = 0.8
# A hit marks the file as used, but at most once a day: a library view must not mean a write
# per thumbnail shown.
_TOUCH_AFTER_SECONDS = 24 * 3600
# `write_atomically` leaves a temporary file behind only if the process died mid-write.
_STALE_TEMP_SECONDS = 3600


def frame_time(clip: Clip, file_seconds: float | None) -> float | None:
    """The time in the file to take `clip`'s thumbnail at: `FRAME_FRACTION` into the clip or
    its segment. `file_seconds` is the whole file's length, needed only when the clip has no end
    of its own; None when that length is unknown or the segment is empty."""
    start = max(0.0, clip.start_seconds or 0.0)
    end = clip.end_seconds if clip.end_seconds is not None else file_seconds
    if end is None:
        return None
    if file_seconds is not None:
        end = min(end, file_seconds)
    if end <= start:
        return None
    return start + (end - start) * FRAME_FRACTION


def needs_file_duration(clip: Clip) -> bool:
    """Whether `frame_time` needs the file's length for this clip."""
    return clip.end_seconds is None


@dataclass(frozen=True)
class _Entry:
    path: Path
    size: int
    used: float


class ThumbnailCache:
    """Thumbnail files keyed by (path, size, mtime_ns, start, end). Safe to share between threads.

    `variant` names how the pictures are made (e.g. the box they fit in), so that a change in
    it makes new thumbnails instead of showing old ones.
    """

    def __init__(
        self,
        folder: Path | None = None,
        *,
        variant: str = "",
        max_files: int = DEFAULT_MAX_FILES,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if max_files < 1 or max_bytes < 1:
            raise ValueError("a thumbnail cache needs room for at least one file and one byte")
        self.folder = paths.thumbnail_dir(folder)
        self._variant = variant
        self._max_files = max_files
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        # Files and bytes in the folder, counted on the first store and kept up to date after.
        self._tally: tuple[int, int] | None = None

    def path_for(self, clip: Clip, size: int, mtime_ns: int) -> Path:
        """Where the thumbnail of `clip`, in the file version given by size and mtime, goes."""
        key = "\0".join(
            (
                str(_KEY_VERSION),
                self._variant,
                os.fspath(clip.path),
                str(size),
                str(mtime_ns),
                repr(clip.start_seconds),
                repr(clip.end_seconds),
            )
        )
        # A file name need not be valid UTF-8: Linux hands such a name over with lone surrogates
        # (os.fsdecode), which a plain encode() refuses. "surrogatepass" encodes any str, one
        # way only (two paths never share bytes), and as before for every valid name, so
        # existing thumbnails keep their names.
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / (digest[:_HASH_CHARACTERS] + _SUFFIX)

    def cached(self, clip: Clip, size: int, mtime_ns: int) -> Path | None:
        """The stored thumbnail for this clip and file version, or None if there is none."""
        path = self.path_for(clip, size, mtime_ns)
        try:
            stat = path.stat()
        except OSError:
            return None
        if stat.st_size == 0:
            return None
        if time.time() - stat.st_mtime > _TOUCH_AFTER_SECONDS:
            # Marks it used, so pruning takes it last. A read-only cache still works.
            with contextlib.suppress(OSError):
                os.utime(path)
        return path

    def store(self, clip: Clip, size: int, mtime_ns: int, png: bytes) -> Path:
        """Write the thumbnail in one step (a reader never sees half a file) and keep the cache
        within its bounds. Raises OSError if the cache folder cannot be written."""
        path = self.path_for(clip, size, mtime_ns)
        write_atomically(path, png)
        with self._lock:
            if self._tally is None:
                self._tally = self._count()
            else:
                files, total = self._tally
                self._tally = (files + 1, total + len(png))
            over = self._over(*self._tally)
        if over:
            self.prune()
        return path

    def prune(self) -> int:
        """Remove the least recently used thumbnails until the cache is well within its bounds,
        and any temporary file a crash left behind. Returns how many files went."""
        with self._lock:
            entries, removed = self._scan()
            entries.sort(key=lambda entry: (entry.used, entry.path.name))
            files, total = len(entries), sum(entry.size for entry in entries)
            low_files = int(self._max_files * _LOW_WATER)
            low_bytes = int(self._max_bytes * _LOW_WATER)
            for entry in entries:
                if files <= low_files and total <= low_bytes:
                    break
                with contextlib.suppress(FileNotFoundError):
                    entry.path.unlink()
                    removed += 1
                files, total = files - 1, total - entry.size
            self._tally = (files, total)
            return removed

    def _over(self, files: int, total: int) -> bool:
        return files > self._max_files or total > self._max_bytes

    def _count(self) -> tuple[int, int]:
        entries, _removed = self._scan()
        return len(entries), sum(entry.size for entry in entries)

    def _scan(self) -> tuple[list[_Entry], int]:
        """The thumbnails in the folder, and how many stale temporary files were removed.
        Only files named as this cache names them are counted or removed."""
        entries: list[_Entry] = []
        removed = 0
        now = time.time()
        try:
            listing = list(os.scandir(self.folder))
        except FileNotFoundError:
            return entries, removed
        for item in listing:
            try:
                stat = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if _is_thumbnail_name(item.name):
                entries.append(_Entry(Path(item.path), stat.st_size, stat.st_mtime))
            elif _is_temp_name(item.name) and now - stat.st_mtime > _STALE_TEMP_SECONDS:
                with contextlib.suppress(OSError):
                    os.unlink(item.path)
                    removed += 1
        return entries, removed


def _is_thumbnail_name(name: str) -> bool:
    stem = name.removesuffix(_SUFFIX)
    return (
        stem != name
        and len(stem) == _HASH_CHARACTERS
        and all(c in "0123456789abcdef" for c in stem)
    )


def _is_temp_name(name: str) -> bool:
    # write_atomically's temporary files: ".<target name>.<random>.tmp"
    target = name[1 : 1 + _HASH_CHARACTERS + len(_SUFFIX)]
    return name.startswith(".") and name.endswith(".tmp") and _is_thumbnail_name(target)

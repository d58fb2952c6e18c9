"""The clip folder scan: walks the parent's folder to any depth and turns it into the clips the
feed may play, in natural order, with every file it leaves out and why, so that `kiosk check` can
tell a parent why a video they expected is missing. It decides from names and the first bytes of
each file only (no decoding, see `video_sniff`), and skips even those for a file an earlier scan
found with the same size and mtime: a truncated but well-started file passes here,
and the player's watchdog catches it later. Symlinks are followed, but a folder is never walked
twice, so a link loop is safe.

A folder may hold a `clips.toml` (see `sidecar`), which speaks only for the videos of that same
folder: it titles a file, hides it (then it is a skipped file, with the line that hid it), or
cuts it into segments, and then the file is played only as those segments, in the order of their
start. Its problems never stop the scan, but they fail closed: a bad entry hides the file it
names, and a file that cannot be used hides its whole folder, until they are fixed (each is in
`LibraryScan.sidecar_problems` with its line, and what it hides in `sidecar_hides`); the rest of
the library loads as if it were not there. The scan reads a sidecar once, when it enters its
folder, and matches its names then, so that each video costs one dictionary look-up more, and
only in a folder that has a sidecar.

A scan of thousands of files on a slow USB disk takes seconds, and the feed should not wait for
all of it: `scan_library` can hand over the clips in batches as it finds them (`on_clips`).
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.clip import Clip
from kiosk.core.durations import length_clock
from kiosk.core.i18n import _
from kiosk.core.library.sidecar.parse import SidecarProblem
from kiosk.core.library.timecode import format_timecode
from kiosk.core.library.video_sniff import is_video_container
from kiosk.core.library.walk import (
    PARTIAL_DOWNLOAD_SUFFIXES,
    VIDEO_EXTENSIONS,
    ClipBatchListener,
    SkippedFile,
    Walk,
    list_folder,
)
from kiosk.core.names import natural_key
from kiosk.core.os_errors import os_reason
from kiosk.core.store.library_records import FileStamp

__all__ = [
    "PARTIAL_DOWNLOAD_SUFFIXES",
    "VIDEO_EXTENSIONS",
    "ClipBatchListener",
    "LibraryScan",
    "SidecarReport",
    "SkippedFile",
    "is_video_container",
    "natural_key",
    "scan_library",
    "segments_past_end",
]


@dataclass(frozen=True)
class SidecarReport:
    """One clips.toml as a parent is told of it: where it is (relative to the clip folder), its
    problems in line order, and the videos they keep hidden until they are fixed."""

    place: str
    problems: tuple[SidecarProblem, ...]
    hidden: tuple[Path, ...]


@dataclass(frozen=True)
class LibraryScan:
    """The outcome of a scan. `problem` is one friendly sentence when the library is unusable.
    `unavailable`: the folder could not be read, or holds nothing at all, as when its drive is
    not plugged in (or its mount point is empty): worth looking at again soon.

    `sidecar_problems` are warnings: the rest of the library is used. `sidecar_hides` leads from
    each clips.toml to the videos its problems hide until they are fixed. `described` holds the videos that some clips.toml entry speaks for, which the parent has cut
    or titled by hand, so nothing cuts them automatically. `segment_lines` leads from the
    `Clip.key` of each segment to the clips.toml and line that defined it, so that a problem
    found later (such as a start past the end of the file) can point at that line. `stamps`
    holds the size and mtime of each file of `clips`, as the scan found them, when the caller
    asked for them (see `scan_library`'s `known`).
    """

    folder: Path
    clips: list[Clip] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    problem: str | None = None
    sidecar_problems: list[SidecarProblem] = field(default_factory=list)
    sidecar_hides: Mapping[Path, tuple[Path, ...]] = field(default_factory=dict)
    described: frozenset[Path] = frozenset()
    segment_lines: Mapping[str, tuple[Path, int]] = field(default_factory=dict)
    stamps: Mapping[Path, FileStamp] = field(default_factory=dict)
    unavailable: bool = False

    def where(self, path: Path) -> str:
        """`path` as a parent finds it: relative to the clip folder, or whole if outside it."""
        try:
            return str(path.relative_to(self.folder))
        except ValueError:
            return str(path)

    def sidecar_reports(self, more: Iterable[SidecarProblem] = ()) -> list[SidecarReport]:
        """The clips.toml files with problems, each with its problems and what they hide, in
        the scan's order; `more` adds problems found later (a segment past its file's end)."""
        by_file: dict[Path, list[SidecarProblem]] = {}
        for problem in [*self.sidecar_problems, *more]:
            by_file.setdefault(problem.path, []).append(problem)
        return [
            SidecarReport(
                self.where(path),
                tuple(sorted(problems, key=lambda problem: problem.line or 0)),
                self.sidecar_hides.get(path, ()),
            )
            for path, problems in by_file.items()
        ]


def scan_library(
    folder: Path,
    *,
    on_clips: ClipBatchListener | None = None,
    known: Mapping[str, FileStamp] | None = None,
) -> LibraryScan:
    """Scan `folder` for clips. Never raises for anything found on disk: it reports instead.

    `on_clips`, if given, is called on the scanning thread with the clips found since its last
    call, in scan order and final (clips.toml already applied), and the stamp of each of their
    files, so that a caller on another thread can start playing before a long scan ends: first
    as soon as a few are found, then in batches while the walk goes on, and last with the
    remainder before this returns. Together the batches are exactly `LibraryScan.clips`, each
    clip once, and it is never called with an empty list. An exception it raises ends the scan
    and reaches the caller.

    `known` gives, by path, the stamp of files an earlier scan found to be videos (the store's
    `known_files`, empty at a first start): such a file, found again with the same stamp, is
    kept without opening it, and every file kept has its stamp in `LibraryScan.stamps`. Every
    other video file is opened and its first bytes read (`video_sniff`). Without `known` (for
    `kiosk check`) every file is read, and no stamp is taken.
    """
    root = Path(os.path.abspath(folder))
    try:
        root_stat = os.stat(root)
        if not stat.S_ISDIR(root_stat.st_mode):
            not_a_folder = _(
                "The clip folder {folder} is a file, not a folder: choose a folder of videos"
                " (mp4, mkv, webm, ...)"
            ).format(folder=root)
            return LibraryScan(root, problem=not_a_folder, unavailable=True)
        root_entries = list_folder(str(root))
    except FileNotFoundError:
        missing = _(
            "The clip folder {folder} does not exist: choose a folder of videos (mp4, mkv, webm, ...)"
        ).format(folder=root)
        return LibraryScan(root, problem=missing, unavailable=True)
    except OSError as err:
        refused = _(
            "The clip folder {folder} cannot be read ({reason}): choose a folder that this user"
            " can read"
        ).format(folder=root, reason=os_reason(err))
        return LibraryScan(root, problem=refused, unavailable=True)

    walk = Walk(root_stat, on_clips, known)
    walk.run(root, root_entries)
    problem = None
    if not walk.clips and not walk.skipped:
        problem = _(
            "The clip folder {folder} is empty: put some videos in it (mp4, mkv, webm, ...)"
        ).format(folder=root)
    elif not walk.clips:
        problem = _(
            "The clip folder {folder} has no playable clips: put some videos in it (mp4, mkv,"
            " webm, ...); each file it holds now is listed with the reason it was skipped"
        ).format(folder=root)
    problems = sorted(walk.sidecar_problems, key=lambda p: (natural_key(p.path), p.line or 0))
    return LibraryScan(
        root,
        walk.clips,
        walk.skipped,
        problem,
        sidecar_problems=problems,
        sidecar_hides=walk.sidecar_hides,
        described=frozenset(walk.described),
        segment_lines=walk.segment_lines,
        stamps=walk.stamps,
        unavailable=not root_entries,
    )


def segments_past_end(
    scan: LibraryScan, duration_of: Callable[[Path], float | None]
) -> list[SidecarProblem]:
    """A problem for each clips.toml segment that starts at or after the end of its file.

    The scan reads no video, so it cannot know: `duration_of` gives a file's length in seconds
    (from libvlc, outside the core), or None if unknown. Each file is asked about once.
    """
    durations: dict[Path, float | None] = {}
    problems: list[SidecarProblem] = []
    for clip in scan.clips:
        where = scan.segment_lines.get(clip.key)
        if where is None or clip.start_seconds is None:
            continue
        if clip.path not in durations:
            durations[clip.path] = duration_of(clip.path)
        duration = durations[clip.path]
        # libvlc reports 0 for a length it does not know: that is no reason to blame the line.
        if duration is None or not math.isfinite(duration) or duration <= 0:
            continue
        if clip.start_seconds >= duration:
            length = length_clock(duration)
            message = _(
                "start {start} is past the end of {file} ({length}): use a start before {length}"
            ).format(start=format_timecode(clip.start_seconds), file=clip.path.name, length=length)
            problems.append(SidecarProblem(where[0], where[1], message))
    return problems

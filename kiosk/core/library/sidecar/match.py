"""One folder's clips.toml matched to the names in that folder, and what its entries make of
each video the scan keeps there: a retitled clip, a list of segments, or a reason to hide it.

The library walk builds one `FolderSidecar` when it enters a folder that has a clips.toml, asks
it about each video it keeps, tells it why it skipped any file an entry names, and calls
`finish` when it leaves the folder, so that an entry which never found its video is reported.
Matching happens once, on entering, so a video costs one dictionary look-up more.

It fails closed as `parse` says, and one step further: an entry whose name is in no file of the
folder, but close to a video no entry names, hides that video ("Scray.mp4" for "Scary.mp4"), so
a slip of the keyboard in a `hide = true` never lets the file play. The videos hidden because of
problems are listed (`hidden_by_problems`), so a parent learns what the problems keep back.
"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Collection
from pathlib import Path

from kiosk.core.clip import Clip
from kiosk.core.i18n import _, ngettext
from kiosk.core.library.sidecar.entry import SidecarEntry
from kiosk.core.library.sidecar.parse import (
    SIDECAR_NAME,
    SidecarProblem,
    already_given,
    is_sidecar_name,
    nfc_name,
    parse_sidecar,
    quoted_name,
)
from kiosk.core.library.timecode import format_timecode

__all__ = ["FolderSidecar"]


class FolderSidecar:
    """One folder's clips.toml, read when the walk enters the folder, its entries matched to the
    names there: by NFC form first (macOS stores names in NFD, and editors write NFC), then
    case-insensitively if nothing matches exactly. The walk asks it about each video it keeps,
    then `finish` reports the entries that never found a video.

    `video_extensions` (lower case, without the dot) say which names are worth suggesting when
    an entry names a file that is not there.
    """

    def __init__(
        self, path: Path, folder_names: list[str], video_extensions: Collection[str]
    ) -> None:
        self.path = path
        entries, self._problems = parse_sidecar(path)
        self._names = folder_names
        self._video_extensions = video_extensions
        twin = next((n for n in folder_names if n != path.name and is_sidecar_name(n)), None)
        if twin is not None:
            message = _(
                "{file} and {twin} are both here and differ only in case, so every video in this"
                " folder is hidden: keep one of them"
            ).format(file=quoted_name(path.name), twin=quoted_name(twin))
            self._problems.insert(0, SidecarProblem(path, None, message, hides_folder=True))
        #: The problem that hides every video of the folder, if there is one.
        self.folder_fault = next((p for p in self._problems if p.hides_folder), None)
        by_nfc: dict[str, list[str]] = {}
        by_folded: dict[str, list[str]] = {}
        for name in self._names:
            key = nfc_name(name)
            by_nfc.setdefault(key, []).append(name)
            by_folded.setdefault(key.casefold(), []).append(name)
        self._matches: list[tuple[SidecarEntry, list[str]]] = []
        #: The entries for each name in the folder that some entry names, in line order.
        self.entries_by_name: dict[str, list[SidecarEntry]] = {}
        for entry in entries:
            key = nfc_name(entry.file)
            names = by_nfc.get(key) or by_folded.get(key.casefold(), [])
            self._matches.append((entry, names))
            for name in names:
                self.entries_by_name.setdefault(name, []).append(entry)
        # An entry that found no file stands in for the closest video no entry names.
        self._stand_ins: dict[int, str] = {}
        unnamed = [name for name in self._videos() if name not in self.entries_by_name]
        for index, (entry, names) in enumerate(self._matches):
            close = None if names else _closest(entry.file, unnamed)
            if close is not None:
                self._stand_ins[index] = close
                hiding = SidecarEntry(
                    close, entry.line, None, None, None, hide=True, fault_line=entry.line
                )
                self.entries_by_name.setdefault(close, []).append(hiding)
        self._applied: set[str] = set()
        self._skip_reasons: dict[str, str] = {}
        self._hidden_by_problems: list[str] = []

    def covers(self, name: str) -> bool:
        """Whether this clips.toml has a say about the video `name`, so `apply` must be asked."""
        return self.folder_fault is not None or name in self.entries_by_name

    @property
    def hidden_by_problems(self) -> tuple[Path, ...]:
        """The videos hidden so far only because of problems in this clips.toml."""
        return tuple(self.path.parent / name for name in self._hidden_by_problems)

    def apply(
        self, name: str, path: Path, title: str, show: str | None
    ) -> tuple[list[tuple[Clip, int]], str | None]:
        """The clips a kept video becomes, each with its entry's line, or why it is hidden."""
        self._applied.add(name)
        if self.folder_fault is not None:
            return [], self._hidden_by_fault(name, self.folder_fault.line)
        entries = self.entries_by_name[name]
        hidden = next((e for e in entries if e.hide and e.fault_line is None), None)
        if hidden is not None:
            for entry in entries:
                if not entry.hide:
                    self._problem(
                        entry,
                        _(
                            "{file} is hidden at line {line}, so this entry is not used: remove"
                            " one of the two"
                        ).format(file=_quoted(entry), line=hidden.line),
                    )
            return [], _("hidden by {sidecar} (line {line})").format(
                sidecar=SIDECAR_NAME, line=hidden.line
            )
        faulty = next((e for e in entries if e.hide), None)
        if faulty is not None:
            return [], self._hidden_by_fault(name, faulty.fault_line)
        segments = sorted(
            (entry for entry in entries if entry.is_segment),
            key=lambda e: (e.start or 0.0, math.inf if e.end is None else e.end, e.line),
        )
        wholes = [entry for entry in entries if not entry.is_segment]
        if not segments:
            for entry in wholes[1:]:
                self._already_given(entry, wholes[0])
            return [(Clip(path, wholes[0].title or title, show), wholes[0].line)], None
        clips: list[tuple[Clip, int]] = []
        first_of_range: dict[tuple[float, float | None], SidecarEntry] = {}
        for entry in segments:
            # No start means 0: "end = 10" and "start = 0, end = 10" are one range, one Clip.key.
            first = first_of_range.setdefault((entry.start or 0.0, entry.end), entry)
            if first is not entry:
                # The same range under two spellings of the name (NFC and NFD, or case).
                self._already_given(entry, first)
                continue
            segment_title = entry.title or _range_title(title, entry)
            clips.append((Clip(path, segment_title, show, entry.start, entry.end), entry.line))
        segment_lines = _lines_text(sorted(line for _, line in clips))
        for entry in wholes:
            self._problem(
                entry,
                ngettext(
                    "{file} is only played as its segment ({lines}), so this entry without start"
                    " or end is not used: give it a start and end, or remove it",
                    "{file} is only played as its segments ({lines}), so this entry without"
                    " start or end is not used: give it a start and end, or remove it",
                    len(clips),
                ).format(file=_quoted(entry), lines=segment_lines),
            )
        return clips, None

    def note_skipped(self, name: str, reason: str) -> None:
        """Remember why the scan left out `name`, for the entry that names it."""
        if name in self.entries_by_name:
            self._skip_reasons[name] = reason

    def finish(self) -> list[SidecarProblem]:
        """Every problem of this clips.toml, once the walk has seen the whole folder."""
        for index, (entry, names) in enumerate(self._matches):
            stand_in = self._stand_ins.get(index)
            if stand_in is not None and stand_in in self._hidden_by_problems:
                wrong, hidden = _quoted(entry), quoted_name(stand_in)
                message = _(
                    "{file} is not in this folder, so {hidden}, the closest name, is hidden until"
                    " this is fixed: correct the name, or remove the entry"
                ).format(file=wrong, hidden=hidden)
                self._problem(entry, message)
            elif not names:
                self._problem(entry, self._not_here(entry))
            elif not any(name in self._applied for name in names):
                reason = next(
                    (self._skip_reasons[n] for n in names if n in self._skip_reasons), None
                )
                if reason is None:
                    message = _(
                        "{file} is not a video, so this entry is not used: name a video in the"
                        " same folder as {sidecar}"
                    ).format(file=_quoted(entry), sidecar=SIDECAR_NAME)
                else:
                    message = _(
                        "{file} is skipped by the scan, so this entry is not used: {reason}"
                    ).format(file=_quoted(entry), reason=reason)
                self._problem(entry, message)
        return self._problems

    def _not_here(self, entry: SidecarEntry) -> str:
        close = _closest(entry.file, self._videos())
        if close is not None:
            return _("{file} is not in this folder (did you mean {suggestion}?)").format(
                file=_quoted(entry), suggestion=quoted_name(close)
            )
        return _(
            "{file} is not in this folder: name a video in the same folder as {sidecar}"
        ).format(file=_quoted(entry), sidecar=SIDECAR_NAME)

    def _videos(self) -> list[str]:
        """The names in the folder that look like videos (by their extension)."""
        return [
            name
            for name in self._names
            if os.path.splitext(name)[1][1:].lower() in self._video_extensions
        ]

    def _hidden_by_fault(self, name: str, line: int | None) -> str:
        self._hidden_by_problems.append(name)
        if line is None:
            return _("hidden until the problem in {sidecar} is fixed").format(sidecar=SIDECAR_NAME)
        return _("hidden until the problem in {sidecar} at line {line} is fixed").format(
            sidecar=SIDECAR_NAME, line=line
        )

    def _already_given(self, entry: SidecarEntry, first: SidecarEntry) -> None:
        self._problem(entry, already_given(entry, first.line))

    def _problem(self, entry: SidecarEntry, message: str) -> None:
        self._problems.append(SidecarProblem(self.path, entry.line, message))


def _closest(written: str, names: list[str]) -> str | None:
    """The name in `names` closest to the one written, compared as `nfc_name` casefolded."""
    folded = {nfc_name(name).casefold(): name for name in names}
    close = difflib.get_close_matches(nfc_name(written).casefold(), folded, n=1)
    return folded[close[0]] if close else None


def _quoted(entry: SidecarEntry) -> str:
    return quoted_name(entry.file)


def _range_title(title: str, entry: SidecarEntry) -> str:
    """A segment's default title: the file's, with its range ("Film (1:30\u20132:15)") or, for a
    segment that runs to the end, where it starts ("Film (from 1:30)")."""
    start = format_timecode(entry.start or 0.0)
    if entry.end is None:
        return _("{title} (from {start})").format(title=title, start=start)
    return f"{title} ({start}\u2013{format_timecode(entry.end)})"


def _lines_text(lines: list[int]) -> str:
    if len(lines) == 1:
        return _("line {line}").format(line=lines[0])
    return _("lines {lines} and {last}").format(
        lines=", ".join(map(str, lines[:-1])), last=lines[-1]
    )

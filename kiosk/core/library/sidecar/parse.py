"""`clips.toml`: the file a parent puts in a clip folder to title, hide or cut its videos.

```toml
[[clip]]
file = "Episode 01.mp4"   # required: a file in the same folder as this clips.toml
start = "1:30"            # optional: seconds, m:ss or h:mm:ss (default: the file's start)
end = "2:15"              # optional (default: the file's end)
title = "The penguins slide"   # optional
hide = true               # optional: never play this file
```

This module reads one such file into checked entries; the library scan matches them to the
videos of the folder and decides what they do to each. Problems carry the file and line, because
a parent fixes them in a text editor; tomllib gives no positions, so the lines are found from the
text (`lines`).

Every problem fails closed, because a clips.toml is where a parent hides what a child must not
see, and a typo must never undo that:
- a file that cannot be used at all (not readable, not a regular file, not UTF-8, not TOML, or
  holding anything but `[[clip]]` entries) hides every video in its folder;
- so does an entry whose file cannot be told (no `file`, or one that is not a plain name);
- an entry with any other problem hides the file it names, rather than play it whole: a bad
  time must not turn a 40-minute episode into one clip, and `hide = "yes"` hides.
Such a problem is `SidecarProblem.hides_folder`, or an entry with a `fault_line`.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

from kiosk.core import toml_file
from kiosk.core.config.types import show_value
from kiosk.core.i18n import _
from kiosk.core.library.sidecar.entry import ENTRY_KEYS, SidecarEntry, check_entry
from kiosk.core.library.sidecar.lines import ENTRY_TABLE, SidecarLines, find_lines
from kiosk.core.library.timecode import format_timecode
from kiosk.core.names import printable
from kiosk.core.numbers import number
from kiosk.core.os_errors import os_reason

__all__ = [
    "MAX_SIDECAR_BYTES",
    "SIDECAR_NAME",
    "SidecarProblem",
    "already_given",
    "is_sidecar_name",
    "nfc_name",
    "parse_sidecar",
    "quoted_name",
    "range_text",
]

SIDECAR_NAME = "clips.toml"
#: No parent writes a clips.toml this big; a video renamed by mistake must not be read whole.
MAX_SIDECAR_BYTES = 4_000_000


@dataclass(frozen=True)
class SidecarProblem:
    """One problem in a clips.toml, as one sentence; `line` is None for the file as a whole.
    `hides_folder`: because of it, every video in the folder is hidden until it is fixed."""

    path: Path
    line: int | None
    message: str
    hides_folder: bool = False

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def parse_sidecar(path: Path) -> tuple[list[SidecarEntry], list[SidecarProblem]]:
    """The entries of the clips.toml at `path` and every problem in it. Never raises, and never
    waits: a pipe or a device is refused before anything is read from it.

    The entries include one that hides its file for each entry with a problem that names a file
    (see the module's rules); a problem that hides the whole folder says so.
    """
    refused = _not_a_text_file(path)
    if refused is not None:
        return [], [SidecarProblem(path, None, refused, hides_folder=True)]
    document = toml_file.read_toml(path)
    if not isinstance(document, toml_file.TomlFile):
        return [], [SidecarProblem(path, *_file_problem(document), hides_folder=True)]
    data, text = document.table, document.text
    lines = find_lines(text)
    problems: list[SidecarProblem] = []
    for key, value in data.items():
        if key != ENTRY_TABLE:
            message = _unknown_top(key, value)
            problems.append(SidecarProblem(path, lines.top.get(key), message, hides_folder=True))
    entries: list[SidecarEntry] = []
    seen: dict[tuple[str, float | None, float | None, bool], int] = {}
    for index, table in enumerate(_entry_tables(data.get(ENTRY_TABLE), path, lines, problems)):
        line, key_lines = lines.entry(index)
        entry, entry_problems = check_entry(table, line, key_lines)
        problems.extend(
            SidecarProblem(path, at, message, hides_folder=entry is None)
            for at, message in entry_problems
        )
        if entry is None:
            continue
        if entry.fault_line is None:
            identity = (nfc_name(entry.file), entry.start, entry.end, entry.hide)
            first_line = seen.setdefault(identity, entry.line)
            if first_line != entry.line:
                problems.append(SidecarProblem(path, entry.line, already_given(entry, first_line)))
                continue
        entries.append(entry)
    # In the order of the file, as an editor shows it; problems of the whole file come first.
    problems.sort(key=lambda problem: problem.line or 0)
    return entries, problems


def is_sidecar_name(name: str) -> bool:
    """Whether a name in a folder is its clips.toml, in any case: Windows and macOS see
    "Clips.toml" as the same file, and a parent on Linux who writes it so means the same."""
    return name.casefold() == SIDECAR_NAME


def _not_a_text_file(path: Path) -> str | None:
    """Why `path` is no file to read as a clips.toml, without reading it; None if it may be."""
    try:
        info = os.stat(path)
    except OSError as error:
        return _cannot_read(error)
    if stat.S_ISDIR(info.st_mode):
        return _(
            "is a folder, so every video in this folder is hidden: rename that folder, or make"
            " clips.toml a text file"
        )
    if not stat.S_ISREG(info.st_mode):
        return _(
            "is not a regular file (a pipe, device or socket), so every video in this folder is"
            " hidden: make it a text file"
        )
    if info.st_size > MAX_SIDECAR_BYTES:
        return _(
            "is {size} bytes, more than a clips.toml can be ({maximum}), so every video in this"
            " folder is hidden: make it a short text file"
        ).format(size=number(info.st_size), maximum=number(MAX_SIDECAR_BYTES))
    return None


def already_given(entry: SidecarEntry, first_line: int) -> str:
    """The sentence for an entry that repeats the file and range of the one at `first_line`."""
    if entry.is_segment:
        return _("{file} {range} is already given at line {line}: remove one of the two").format(
            file=quoted_name(entry.file), range=range_text(entry.start, entry.end), line=first_line
        )
    return _("{file} is already given at line {line}: remove one of the two").format(
        file=quoted_name(entry.file), line=first_line
    )


def nfc_name(name: str) -> str:
    """The form to compare file names in: macOS stores names decomposed (NFD) and editors write
    them composed (NFC), so the "Café.mp4" a parent types must meet the one on disk."""
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def quoted_name(name: str) -> str:
    """A file name in a message, as a TOML string would spell it: quotes and control characters
    escaped, and bytes of a name on disk that are not UTF-8 shown as U+FFFD, so that a problem
    stays one printable line."""
    return json.dumps(printable(name), ensure_ascii=False)


def range_text(start: float | None, end: float | None) -> str:
    """A segment's range in words: "from 1:30 to 2:15", "from 1:30" or "to 2:15"."""
    if start is not None and end is not None:
        return _("from {start} to {end}").format(
            start=format_timecode(start), end=format_timecode(end)
        )
    if start is not None:
        return _("from {start}").format(start=format_timecode(start))
    if end is not None:
        return _("to {end}").format(end=format_timecode(end))
    return ""


def _file_problem(problem: toml_file.TomlProblem) -> tuple[int | None, str]:
    """What stopped the whole file from being used, and its line if it has one."""
    match problem:
        case toml_file.Unreadable(error=error):
            return None, _cannot_read(error)
        case toml_file.NotUtf8(line=line):
            return (
                line,
                _(
                    "this line is not UTF-8 text, so every video in this folder is hidden: save"
                    " the file as UTF-8"
                ),
            )
        case toml_file.BadSyntax(reason=reason, line=line):
            return (
                line,
                _(
                    "not valid TOML ({reason}), so every video in this folder is hidden: fix"
                    " this line"
                ).format(reason=reason),
            )
        case toml_file.NestedTooDeep():
            return None, _(
                "has arrays or tables nested too deeply to read, so every video in this folder"
                " is hidden: write only [[clip]] entries"
            )
        case toml_file.NumberTooLong(digit_limit=limit):
            return None, _(
                "has a number too long to read (more than {limit} digits), so every video in"
                " this folder is hidden: use seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)"
            ).format(limit=number(limit))
    assert_never(problem)


def _cannot_read(error: OSError) -> str:
    return _(
        "cannot be read ({reason}), so every video in this folder is hidden: make it a text file"
        " this user can read"
    ).format(reason=os_reason(error))


def _unknown_top(key: str, value: object) -> str:
    if key in ENTRY_KEYS:
        return _(
            "{key} is outside any [[clip]] entry, so every video in this folder is hidden: put a"
            " [[clip]] line above it"
        ).format(key=key)
    if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
        shown = f"[[{key}]]"
        what = "table"
    elif isinstance(value, Mapping):
        shown = f"[{key}]"
        what = "table"
    else:
        shown = f"'{key}'"
        what = "key"
    if difflib.get_close_matches(key.casefold(), [ENTRY_TABLE], n=1):
        if what == "table":
            message = _(
                "unknown table {table} (did you mean [[clip]]?), so every video in this folder is"
                " hidden: clips.toml holds only [[clip]] entries"
            )
        else:
            message = _(
                "unknown key {key} (did you mean [[clip]]?), so every video in this folder is"
                " hidden: clips.toml holds only [[clip]] entries"
            )
    elif what == "table":
        message = _(
            "unknown table {table}, so every video in this folder is hidden: clips.toml holds"
            " only [[clip]] entries"
        )
    else:
        message = _(
            "unknown key {key}, so every video in this folder is hidden: clips.toml holds only"
            " [[clip]] entries"
        )
    return message.format(table=shown, key=shown)


def _entry_tables(
    value: object, path: Path, lines: SidecarLines, problems: list[SidecarProblem]
) -> list[Mapping[str, object]]:
    """The `[[clip]]` tables, with a problem for a `clip` that is not a list of tables."""
    if value is None:
        return []
    line = lines.top.get(ENTRY_TABLE)
    if isinstance(value, Mapping):
        message = _(
            "[clip] needs two brackets, so every video in this folder is hidden: write [[clip]]"
            " above each entry"
        )
        problems.append(SidecarProblem(path, line, message, hides_folder=True))
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        message = _(
            "clip = {value} is not a list of entries, so every video in this folder is hidden:"
            " write [[clip]] above each"
        ).format(value=show_value(value))
        problems.append(SidecarProblem(path, line, message, hides_folder=True))
        return []
    return value

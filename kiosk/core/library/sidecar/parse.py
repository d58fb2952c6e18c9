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
text (`lines`). A bad entry is dropped and the rest still load, with one exception that
fails closed: an entry that says `hide = true` about a valid file name still hides that file, so
a typo elsewhere in it never lets a file the parent meant to hide play.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

from kiosk.core import toml_file
from kiosk.core.config.types import show_value
from kiosk.core.library.sidecar.lines import ENTRY_TABLE, SidecarLines, find_lines
from kiosk.core.library.timecode import TIMECODE_FORMATS, format_timecode, parse_timecode
from kiosk.core.names import printable
from kiosk.core.os_errors import unreadable

__all__ = [
    "ENTRY_KEYS",
    "SIDECAR_NAME",
    "SidecarEntry",
    "SidecarProblem",
    "already_given",
    "nfc_name",
    "parse_sidecar",
    "quoted_name",
    "range_text",
]

SIDECAR_NAME = "clips.toml"
ENTRY_KEYS = ("file", "start", "end", "title", "hide")
_EXAMPLE_FILE = 'file = "Episode 01.mp4"'
_IN_THIS_FOLDER = "name a file in the same folder as clips.toml"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_Report = Callable[[str | None, str], None]


@dataclass(frozen=True)
class SidecarEntry:
    """One checked `[[clip]]` entry. `file` is the name as written; `line` is its `[[clip]]`."""

    file: str
    line: int
    title: str | None
    start: float | None
    end: float | None
    hide: bool

    @property
    def is_segment(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class SidecarProblem:
    """One problem in a clips.toml, as one sentence; `line` is None for the file as a whole."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def parse_sidecar(path: Path) -> tuple[list[SidecarEntry], list[SidecarProblem]]:
    """The good entries of the clips.toml at `path` and every problem in it. Never raises."""
    document = toml_file.read_toml(path)
    if not isinstance(document, toml_file.TomlFile):
        return [], [SidecarProblem(path, *_file_problem(document))]
    data, text = document.table, document.text
    lines = find_lines(text)
    problems: list[SidecarProblem] = []
    for key, value in data.items():
        if key != ENTRY_TABLE:
            problems.append(SidecarProblem(path, lines.top.get(key), _unknown_top(key, value)))
    entries: list[SidecarEntry] = []
    seen: dict[tuple[str, float | None, float | None, bool], int] = {}
    for index, table in enumerate(_entry_tables(data.get(ENTRY_TABLE), path, lines, problems)):
        line, key_lines = lines.entry(index)
        entry, entry_problems = _check_entry(table, line, key_lines)
        problems.extend(SidecarProblem(path, at, message) for at, message in entry_problems)
        if entry is None:
            continue
        identity = (nfc_name(entry.file), entry.start, entry.end, entry.hide)
        first_line = seen.setdefault(identity, entry.line)
        if first_line != entry.line:
            problems.append(SidecarProblem(path, entry.line, already_given(entry, first_line)))
            continue
        entries.append(entry)
    # In the order of the file, as an editor shows it; problems of the whole file come first.
    problems.sort(key=lambda problem: problem.line or 0)
    return entries, problems


def already_given(entry: SidecarEntry, first_line: int) -> str:
    """The sentence for an entry that repeats the file and range of the one at `first_line`."""
    what = quoted_name(entry.file)
    if entry.is_segment:
        what += " " + range_text(entry.start, entry.end)
    return f"{what} is already given at line {first_line}: remove one of the two"


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
    parts = []
    if start is not None:
        parts.append(f"from {format_timecode(start)}")
    if end is not None:
        parts.append(f"to {format_timecode(end)}")
    return " ".join(parts)


def _file_problem(problem: toml_file.TomlProblem) -> tuple[int | None, str]:
    """What stopped the whole file from being used, and its line if it has one."""
    ignored = "so none of its entries are used"
    match problem:
        case toml_file.Unreadable(error=error):
            return None, f"{unreadable(error)}, {ignored}: let this user read it"
        case toml_file.NotUtf8(line=line):
            return line, f"this line is not UTF-8 text, {ignored}: save the file as UTF-8"
        case toml_file.BadSyntax(reason=reason, line=line):
            message = f"not valid TOML ({reason}), so none of the entries in this file are used"
            return line, f"{message}: fix this line"
        case toml_file.NestedTooDeep():
            return None, (
                f"has arrays or tables nested too deeply to read, {ignored}:"
                " write only [[clip]] entries"
            )
        case toml_file.NumberTooLong(digit_limit=limit):
            return None, (
                f"has a number too long to read (more than {limit:,} digits), {ignored}:"
                f" {TIMECODE_FORMATS}"
            )
    assert_never(problem)


def _unknown_top(key: str, value: object) -> str:
    if key in ENTRY_KEYS:
        return f"{key} is outside any [[clip]] entry: put a [[clip]] line above it"
    if isinstance(value, list) and value and all(isinstance(item, Mapping) for item in value):
        shown = f"table [[{key}]]"
    elif isinstance(value, Mapping):
        shown = f"table [{key}]"
    else:
        shown = f"key '{key}'"
    close = difflib.get_close_matches(key.casefold(), [ENTRY_TABLE], n=1)
    suggestion = " (did you mean [[clip]]?)" if close else ""
    return f"unknown {shown}{suggestion}: clips.toml holds only [[clip]] entries"


def _entry_tables(
    value: object, path: Path, lines: SidecarLines, problems: list[SidecarProblem]
) -> list[Mapping[str, object]]:
    """The `[[clip]]` tables, with a problem for a `clip` that is not a list of tables."""
    if value is None:
        return []
    line = lines.top.get(ENTRY_TABLE)
    if isinstance(value, Mapping):
        message = "[clip] needs two brackets: write [[clip]] above each entry"
        problems.append(SidecarProblem(path, line, message))
        return []
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        message = f"clip = {show_value(value)} is not a list of entries: write [[clip]] above each"
        problems.append(SidecarProblem(path, line, message))
        return []
    return value


def _check_entry(
    table: Mapping[str, object], line: int, key_lines: Mapping[str, int]
) -> tuple[SidecarEntry | None, list[tuple[int, str]]]:
    """The entry, or None if it cannot be used, and its problems as (line, sentence)."""
    problems: list[tuple[int, str]] = []

    def report(key: str | None, message: str) -> None:
        problems.append((key_lines.get(key, line) if key else line, message))

    for key in table:
        if key not in ENTRY_KEYS:
            report(key, _unknown_entry_key(key))
    file = _check_file(table, report)
    start = _check_time(table, "start", report)
    end = _check_time(table, "end", report)
    if end is not None and end <= (start or 0.0):
        after = f"start {format_timecode(start)}" if start is not None else "the start of the file"
        report("end", f"end {format_timecode(end)} is not after {after}: use a later end")
    title = _check_title(table, report)
    hide = table.get("hide", False)
    if not isinstance(hide, bool):
        report("hide", f"hide = {show_value(hide)} is not true or false: write hide = true")
    elif hide and ("start" in table or "end" in table):
        report(
            "hide",
            "hide = true cannot go with start or end: remove hide to play the segment,"
            " or remove start and end to hide the file",
        )
    if file is None:
        return None, problems
    if hide is True:
        return SidecarEntry(file, line, None, None, None, hide=True), problems
    if problems:
        return None, problems
    return SidecarEntry(file, line, title, start, end, hide=False), problems


def _check_file(table: Mapping[str, object], report: _Report) -> str | None:
    if "file" not in table:
        report(None, f"this [[clip]] has no file: add a line like {_EXAMPLE_FILE}")
        return None
    file = table["file"]
    if not isinstance(file, str):
        shown = show_value(file)
        report(
            "file", f"file = {shown} is not a file name: write it in quotes, like {_EXAMPLE_FILE}"
        )
        return None
    if "/" in file or "\\" in file:
        report(
            "file",
            f"file = {show_value(file)} is a path: {_IN_THIS_FOLDER}",
        )
        return None
    if not file.strip() or file in (".", ".."):
        report(
            "file",
            f"file = {show_value(file)} is not a file name: {_IN_THIS_FOLDER}",
        )
        return None
    return file


def _check_time(table: Mapping[str, object], key: str, report: _Report) -> float | None:
    if key not in table:
        return None
    try:
        return parse_timecode(table[key])
    except ValueError as exc:
        report(key, f"{key} = {exc}")
        return None


def _check_title(table: Mapping[str, object], report: _Report) -> str | None:
    if "title" not in table:
        return None
    title = table["title"]
    if not isinstance(title, str):
        example = 'title = "The penguins slide"'
        report(
            "title", f"title = {show_value(title)} is not text: write it in quotes, like {example}"
        )
        return None
    # A title is one line on screen: line breaks, tabs and other control characters (TOML lets
    # "\u0007" through) become single spaces.
    tidy = " ".join(_CONTROL.sub(" ", title).split())
    if not tidy:
        report("title", f"title = {show_value(title)} is empty: write a title, or remove the line")
        return None
    return tidy


def _unknown_entry_key(key: str) -> str:
    close = difflib.get_close_matches(key.casefold(), ENTRY_KEYS, n=1)
    if close:
        return f"unknown key '{key}' in this [[clip]] (did you mean '{close[0]}'?)"
    return f"unknown key '{key}' in this [[clip]] (the keys are {', '.join(ENTRY_KEYS)})"

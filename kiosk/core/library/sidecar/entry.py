"""One `[[clip]]` entry of a clips.toml, checked: the keys it may have, what each must hold, and
what an entry with a problem becomes. `parse` reads the file and hands each entry's table here.

An entry with a problem fails closed: if its file can be told, it becomes an entry that hides
that file (with the line of its first problem as `fault_line`), so a bad time never plays a whole
episode and `hide = "yes"` hides; if its file cannot be told, it is None, and `parse` hides the
whole folder.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kiosk.core.config.types import show_value
from kiosk.core.i18n import _
from kiosk.core.library.timecode import format_timecode, parse_timecode

__all__ = ["ENTRY_KEYS", "SidecarEntry", "check_entry"]

ENTRY_KEYS = ("file", "start", "end", "title", "hide")
_EXAMPLE_FILE = 'file = "Episode 01.mp4"'
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_Report = Callable[[str | None, str], None]


@dataclass(frozen=True)
class SidecarEntry:
    """One checked `[[clip]]` entry. `file` is the name as written; `line` is its `[[clip]]`.

    `fault_line` is set on an entry that hides its file only because it has a problem (the
    first at that line): it stands for the entry the parent meant until that is fixed.
    """

    file: str
    line: int
    title: str | None
    start: float | None
    end: float | None
    hide: bool
    fault_line: int | None = None

    @property
    def is_segment(self) -> bool:
        return self.start is not None or self.end is not None


def check_entry(
    table: Mapping[str, object], line: int, key_lines: Mapping[str, int]
) -> tuple[SidecarEntry | None, list[tuple[int, str]]]:
    """The entry, and its problems as (line, sentence). An entry with problems comes back as one
    that hides its file; it is None only when its file cannot be told."""
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
        if start is not None:
            too_early = _("end {end} is not after start {start}: use a later end").format(
                end=format_timecode(end), start=format_timecode(start)
            )
        else:
            too_early = _("end {end} is not after the start of the file: use a later end").format(
                end=format_timecode(end)
            )
        report("end", too_early)
    title = _check_title(table, report)
    hide = table.get("hide", False)
    if not isinstance(hide, bool):
        report(
            "hide",
            _(
                "hide = {value} is not true or false: write hide = true to hide the file, or"
                " hide = false to play it"
            ).format(value=show_value(hide)),
        )
    elif hide and ("start" in table or "end" in table):
        report(
            "hide",
            _(
                "hide = true cannot go with start or end: remove hide to play the segment,"
                " or remove start and end to hide the file"
            ),
        )
    if file is None:
        return None, problems
    if hide is True:
        return SidecarEntry(file, line, None, None, None, hide=True), problems
    if problems:
        first = min(at for at, _ in problems)
        return SidecarEntry(file, line, None, None, None, hide=True, fault_line=first), problems
    return SidecarEntry(file, line, title, start, end, hide=False), problems


def _check_file(table: Mapping[str, object], report: _Report) -> str | None:
    """The entry's file name, or None (with the problem reported) if it cannot be told."""
    if "file" not in table:
        report(
            None,
            _(
                "this [[clip]] has no file, so every video in this folder is hidden: add a line"
                " like {example}"
            ).format(example=_EXAMPLE_FILE),
        )
        return None
    file = table["file"]
    shown = show_value(file)
    if not isinstance(file, str):
        report(
            "file",
            _(
                "file = {value} is not a file name, so every video in this folder is hidden:"
                " write it in quotes, like {example}"
            ).format(value=shown, example=_EXAMPLE_FILE),
        )
        return None
    if "/" in file or "\\" in file:
        report(
            "file",
            _(
                "file = {value} is a path, so every video in this folder is hidden: name a file"
                " in the same folder as clips.toml"
            ).format(value=shown),
        )
        return None
    if not file.strip() or file in (".", ".."):
        report(
            "file",
            _(
                "file = {value} is not a file name, so every video in this folder is hidden:"
                " name a file in the same folder as clips.toml"
            ).format(value=shown),
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
        report(
            "title",
            _("title = {value} is not text: write it in quotes, like {example}").format(
                value=show_value(title), example='title = "The penguins slide"'
            ),
        )
        return None
    # A title is one line on screen: line breaks, tabs and other control characters (TOML lets
    # "\u0007" through) become single spaces.
    tidy = " ".join(_CONTROL.sub(" ", title).split())
    if not tidy:
        report(
            "title",
            _("title = {value} is empty: write a title, or remove the line").format(
                value=show_value(title)
            ),
        )
        return None
    return tidy


def _unknown_entry_key(key: str) -> str:
    close = difflib.get_close_matches(key.casefold(), ENTRY_KEYS, n=1)
    if close:
        return _("unknown key '{key}' in this [[clip]] (did you mean '{suggestion}'?)").format(
            key=key, suggestion=close[0]
        )
    return _("unknown key '{key}' in this [[clip]] (the keys are {keys})").format(
        key=key, keys=", ".join(ENTRY_KEYS)
    )

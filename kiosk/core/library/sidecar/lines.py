"""Where things are in a clips.toml: the line of each top-level key and table, and of each
`[[clip]]` header and the keys inside it. tomllib gives values but no positions, and a parent
fixes a problem in a text editor, so every problem `sidecar` reports needs a line found here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

__all__ = ["ENTRY_TABLE", "SidecarLines", "find_lines"]

#: The name of the array of tables that holds the entries: `[[clip]]`.
ENTRY_TABLE = "clip"
# A TOML key: bare, "basic" or 'literal'; dotted keys and table names join several with dots.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_KEY_LINE = re.compile(rf"[ \t]*(?P<key>{_DOTTED_KEY})[ \t]*=(?P<value>.*)")
_HEADER_LINE = re.compile(
    rf"[ \t]*(?P<open>\[\[?)[ \t]*(?P<key>{_DOTTED_KEY})[ \t]*\]\]?[ \t]*(?:#.*)?"
)


@dataclass
class SidecarLines:
    """Where things are in the text: top-level keys and tables, and each [[clip]] header with
    the keys inside it, by their first line (1-based)."""

    top: dict[str, int] = field(default_factory=dict)
    entries: list[tuple[int, dict[str, int]]] = field(default_factory=list)

    def entry(self, index: int) -> tuple[int, dict[str, int]]:
        """The line of entry `index` (in the order tomllib gives them) and of each of its keys."""
        if index < len(self.entries):
            return self.entries[index]
        # Entries written inline (clip = [{file = "a.mp4"}]) have no header of their own.
        return self.top.get(ENTRY_TABLE, 1), {}


def find_lines(text: str) -> SidecarLines:
    """The lines of a text that tomllib has already accepted, from a scan of its lines.

    Only valid TOML gets here, so a line-by-line look is enough, with one trap: the lines of a
    multi-line string are skipped, or a line in it that looks like `[[clip]]` would count.
    """
    lines = SidecarLines()
    context = "top"  # or "entry" (inside the last [[clip]]) or "other" (inside any other table)
    open_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_string is not None:
            if open_string in line:
                open_string = None
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        header = _HEADER_LINE.fullmatch(line) if stripped.startswith("[") else None
        if header is not None:
            parts = _key_parts(header["key"])
            if parts == [ENTRY_TABLE] and header["open"] == "[[":
                lines.entries.append((number, {}))
                context = "entry"
            elif parts[0] == ENTRY_TABLE and len(parts) > 1 and lines.entries:
                # [clip.extra] is a key "extra" of the last entry, written as a table.
                lines.entries[-1][1].setdefault(parts[1], number)
                context = "other"
            else:
                lines.top.setdefault(parts[0], number)
                context = "other"
            continue
        key_line = _KEY_LINE.match(line)
        if key_line is None:
            continue
        first = _key_parts(key_line["key"])[0]
        if context == "top":
            lines.top.setdefault(first, number)
        elif context == "entry":
            lines.entries[-1][1].setdefault(first, number)
        value = key_line["value"].lstrip()
        for quotes in ('"""', "'''"):
            if value.startswith(quotes) and quotes not in value[3:]:
                open_string = quotes
    return lines


def _key_parts(dotted: str) -> list[str]:
    if "." not in dotted and "'" not in dotted and '"' not in dotted:
        return [dotted]  # the usual bare key, without the cost of the regex
    parts = []
    for part in re.findall(_KEY_PART, dotted):
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:  # a TOML escape that JSON lacks; near enough for a line number
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return parts

"""Reading a TOML file a parent wrote by hand, with every way it can fail as one typed problem.

config.toml and clips.toml are both typed in a text editor, so they fail the same ways: a file
that cannot be read, a Windows byte-order mark (which TOML itself refuses, and which is therefore
dropped), another encoding than UTF-8, a syntax error, or input that trips tomllib itself. Each
caller words these problems for its own file; this module only finds them and says where they
are, so that the two files never drift apart in what they accept.
"""

from __future__ import annotations

import codecs
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "BadSyntax",
    "NestedTooDeep",
    "NotUtf8",
    "NumberTooLong",
    "TomlFile",
    "TomlProblem",
    "Unreadable",
    "read_toml",
]

# tomllib ends each message with where it stopped: "(at line 3, column 9)", "(at end of document)".
_POSITION = re.compile(
    r"^(?P<reason>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)


@dataclass(frozen=True)
class TomlFile:
    """A file that parsed: its table, and its text for a caller that looks up lines in it."""

    table: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Unreadable:
    """The file could not be read. `error` is the OS's own: a missing file is a
    FileNotFoundError, which a caller may take as "no file, so all defaults"."""

    error: OSError
    is_folder: bool
    """A folder stands where the file should be (whatever error the OS gave for reading it)."""


@dataclass(frozen=True)
class NotUtf8:
    """The bytes are not UTF-8 text; `line` holds the first byte that is not."""

    line: int


@dataclass(frozen=True)
class BadSyntax:
    """Not valid TOML, and where tomllib stopped.

    `reason` is tomllib's, starting in lower case to read inside a sentence. At the end of the
    file `column` is None and `line` is the last line; both are None only if tomllib gave no
    position at all.
    """

    reason: str
    line: int | None
    column: int | None


@dataclass(frozen=True)
class NestedTooDeep:
    """Arrays or tables nested deeper than tomllib's recursion can follow."""


@dataclass(frozen=True)
class NumberTooLong:
    """An integer with more digits than Python converts (`digit_limit`)."""

    digit_limit: int


TomlProblem = Unreadable | NotUtf8 | BadSyntax | NestedTooDeep | NumberTooLong


def read_toml(path: Path) -> TomlFile | TomlProblem:
    """The parsed file at `path`, or the one problem that stopped it. Never raises."""
    try:
        data = path.read_bytes()
    except OSError as error:
        # Asked after the fact: reading a folder fails differently on each OS (IsADirectoryError
        # here, PermissionError on Windows), and a file that reads needs no second look.
        return Unreadable(error, is_folder=path.is_dir())
    # Windows editors may put a byte-order mark in front, which TOML itself refuses.
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return NotUtf8(line=data.count(b"\n", 0, error.start) + 1)
    try:
        return TomlFile(tomllib.loads(text), text)
    except tomllib.TOMLDecodeError as error:
        return _bad_syntax(error, text)
    except RecursionError:
        # tomllib parses nested arrays and inline tables by recursion: "x = [[[[..." thousands
        # deep would otherwise end the kiosk, or the library scan, with a traceback.
        return NestedTooDeep()
    except ValueError:
        # Not a TOMLDecodeError (caught above, though it is a ValueError too): int() refusing
        # an integer longer than Python's digit limit, which tomllib passes on as it is.
        return NumberTooLong(sys.get_int_max_str_digits())


def _bad_syntax(error: tomllib.TOMLDecodeError, text: str) -> BadSyntax:
    match = _POSITION.match(str(error))
    if match is None:
        return BadSyntax(_lower_first(str(error)), line=None, column=None)
    reason = _lower_first(match["reason"])
    if match["line"] is None:
        return BadSyntax(reason, line=max(1, len(text.splitlines())), column=None)
    return BadSyntax(reason, line=int(match["line"]), column=int(match["column"]))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]

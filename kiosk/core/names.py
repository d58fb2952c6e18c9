"""Readable names and natural order for the clip folder: how a file or folder name becomes the
title or show a parent sees, and how paths sort so that "2" comes before "10". Both work on names
alone (no file system access), so the library scan and the playlist can share them cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from os import PathLike
from pathlib import PurePath

#: One part of a natural sort key: text chunks and numbers, alternating, text first.
NameKey = tuple[tuple[str | int, ...], str]

# Leading track numbering: "01 - Title", "1) Title", "1. Title", "01.Title", and, only with a
# leading zero, "01_Title" or "01 Title". A plain "10_Green_Bottles" or "3 Little Pigs" keeps its
# number, because there the number is part of the title. What follows must start with something
# other than a digit, so "2.5 Hours" and "1-2-3 Count" are left alone.
_NUMBERING = re.compile(r"^(?:\d{1,4}[ \t]*[-\u2013\u2014.)]|0\d{0,3}[ \t_])[ \t_]*(?=[^\d\s_])")
# A dot becomes a space unless it ends a word ("Mr. Men") or sits in a decimal number ("2.5
# Hours"). The number must stand alone, so the dot in "S01E02.720p" still becomes a space.
_DECIMAL_OR_DOT = re.compile(r"(?<!\w)(\d+\.\d+)|\.(?=\S)")
_DIGITS = re.compile(r"(\d+)")


def readable_name(name: str) -> str:
    """A file stem or folder name tidied for display, keeping anything it is unsure about.

    Underscores and dots become spaces, except a dot inside a number ("1.5") or one that ends a
    word ("Mr. Men"). Leading track numbering is dropped. Case is left alone unless the name is
    all lower case and starts with a letter: then that letter is capitalised. Episode codes such as
    "S01E02" and quality tags such as "720p" are kept: guessing what they mean would mangle
    titles that only look like them.
    """
    # The checks before each step skip work that most names do not need: a scan titles every
    # file of a library that may hold thousands.
    text = name if name.isascii() else unicodedata.normalize("NFC", printable(name))
    if text[:1].isdigit():
        text = _NUMBERING.sub("", text)
    if "_" in text:
        text = text.replace("_", " ")
    if "." in text:
        text = _DECIMAL_OR_DOT.sub(lambda match: match.group(1) or " ", text)
    text = " ".join(text.split())
    if not text:
        # A name made only of separators ("___"): show it as it is rather than nothing.
        return " ".join(name.split()) or name
    if text[0].isalpha() and text == text.lower():
        text = text[0].upper() + text[1:]
    return text


def natural_key(path: str | PathLike[str]) -> tuple[NameKey, ...]:
    """A sort key for paths: part by part, case-insensitive, numbers by value ("2" < "10").

    Comparing part by part keeps a folder's contents together ("Show/x" sorts before
    "Show 2/x"). NFC and NFD spellings of a name sort the same. Ties (such as "01" and "1") are
    broken by the exact text, so the order is always fully determined.
    """
    return tuple(name_key(part) for part in PurePath(path).parts)


def name_key(name: str) -> NameKey:
    """The natural sort key of one path part (see `natural_key`)."""
    folded = (name if name.isascii() else unicodedata.normalize("NFC", name)).casefold()
    # re.split puts text at even and numbers at odd positions (starting with "" if the name
    # starts with a digit), so two keys never compare a str with an int.
    chunks: list[str | int] = _DIGITS.split(folded)
    chunks[1::2] = map(int, chunks[1::2])
    return tuple(chunks), name


def printable(text: str) -> str:
    """`text` with the bytes of a file name that is not valid UTF-8 shown as U+FFFD, so a title,
    a message or a log line is always real text.

    On POSIX such bytes arrive as lone surrogates (surrogateescape); a Windows name may hold a
    lone surrogate outside that range, which surrogateescape cannot encode: it becomes U+FFFD too.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text)

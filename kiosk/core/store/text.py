"""How a path, a clip key or a show name is kept in a TEXT column of the state file.

On Linux a file name that is not valid UTF-8 reaches Python as a str with lone surrogates
(`os.fsdecode(b"caf\\xe9.mp4")` is "caf\\udce9.mp4"). The file opens and plays, but sqlite3 cannot
bind such a str: it raises UnicodeEncodeError, which is not a `sqlite3.Error`, so one odd name
would break every write of a whole batch. `to_store` leaves valid text as it is, so the state file
stays readable and older rows still match, and writes a text with surrogates as `MARKER` plus the
base64 of its bytes. `from_store` undoes it exactly, so what comes back compares equal to the
`Path` the scan made and to `Clip.key`. A genuine text that starts with `MARKER` is escaped too,
so no valid text is ever mistaken for an escaped one.

The bytes are UTF-8 with "surrogatepass", not "surrogateescape": surrogateescape would turn
"\\udcc3\\udca9" into the bytes of "é" and so back into "é", while surrogatepass round-trips any
str at all, whatever made it.
"""

from __future__ import annotations

import base64
import binascii
import re

#: Starts an escaped text. "␛" (U+241B) begins no real absolute path, so escaping a genuine
#: text is only a safeguard, and the marker is still readable in `sqlite3`.
MARKER = "\u241bb64:"

_SURROGATE = re.compile("[\ud800-\udfff]")


def to_store(text: str) -> str:
    """`text` as it may be bound to SQLite: itself if it is valid text not starting with
    `MARKER`, else its reversible escape (always valid text)."""
    if not text.startswith(MARKER) and _SURROGATE.search(text) is None:
        return text
    raw = text.encode("utf-8", "surrogatepass")
    return MARKER + base64.b64encode(raw).decode("ascii")


def from_store(text: str) -> str:
    """The text `to_store` was given. Raises ValueError for an escape that `to_store` could not
    have written (a damaged or hand-edited row): guessing would match the wrong file."""
    if not text.startswith(MARKER):
        return text
    try:
        raw = base64.b64decode(text[len(MARKER) :], validate=True)
        return raw.decode("utf-8", "surrogatepass")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise ValueError(f"{text!r} is not a text escaped by this kiosk: {error}") from error

"""Times as a parent writes them in `clips.toml` and reads them in the kiosk: seconds (90), m:ss
(1:30) or h:mm:ss (1:02:03), turned into seconds and back. Parsing is strict, because a time that
is silently misread ("1:75" as 2:15, or "1:5" as 1:05 when 1:50 was meant) plays the wrong part of
a film, which the parent only finds out by watching it.
"""

from __future__ import annotations

import json
import math
import re

from kiosk.core.config.types import show_value
from kiosk.core.durations import UNKNOWN_CLOCK, clock
from kiosk.core.i18n import _

__all__ = ["format_timecode", "parse_timecode"]

# After the first field, minutes and seconds have exactly two digits below 60, as on a clock:
# "1:5" is ambiguous (1:05 or 1:50?), so it is refused rather than guessed. [0-9], not \d, which
# would also take digits of other scripts that float() then reads. The first field is capped at
# 20 digits (10**20 s is far past any film): int() of more than 4,300 digits raises its own
# "Exceeds the limit" error, which must not stand in for the sentence a parent can act on.
_TIMECODE = re.compile(r"([0-9]{1,20})(?::([0-5][0-9]))?(?::([0-5][0-9]))?(\.[0-9]+)?")
_SHOWN_TEXT_LIMIT = 40


def parse_timecode(value: object) -> float:
    """Seconds from a TOML value: a number of seconds >= 0, or a string of seconds, m:ss or
    h:mm:ss, each with an optional decimal fraction ("1:30.5"). Raises ValueError with one
    sentence that shows the value and the valid forms."""
    if isinstance(value, bool):
        # bool is an int in Python, but `start = true` is a mistake, not one second.
        raise _not_a_time(value)
    if isinstance(value, int | float):
        seconds = _finite_or_none(value)
        if seconds is not None and seconds >= 0:
            return seconds
        raise _not_a_time(value)
    if isinstance(value, str):
        match = _TIMECODE.fullmatch(value.strip())
        if match is not None:
            first, minutes_or_seconds, seconds_field, fraction = match.groups()
            whole = int(first)
            for field in (minutes_or_seconds, seconds_field):
                if field is not None:
                    whole = whole * 60 + int(field)
            seconds = _finite_or_none(whole)
            if seconds is not None:
                return seconds + (float(fraction) if fraction else 0.0)
    raise _not_a_time(value)


def format_timecode(seconds: float) -> str:
    """A time in a file, in the form `parse_timecode` reads back: "1:30", or "1:30.5" when it is
    not a whole second, so that two segments a fraction apart are told apart."""
    if not math.isfinite(seconds):
        return UNKNOWN_CLOCK
    whole, millis = divmod(max(0, round(seconds * 1000)), 1000)
    fraction = f".{millis:03d}".rstrip("0") if millis else ""
    return clock(whole) + fraction


def _finite_or_none(number: int | float) -> float | None:
    try:
        seconds = float(number)
    except OverflowError:  # an int too large for a float: no film is that long
        return None
    return seconds if math.isfinite(seconds) else None


def _not_a_time(value: object) -> ValueError:
    return ValueError(
        _("{value} is not a time: use seconds (90), m:ss (1:30) or h:mm:ss (1:02:03)").format(
            value=_shown(value)
        )
    )


def _shown(value: object) -> str:
    """The value as TOML would spell it. A string goes in single quotes (a TOML literal string),
    so `start = '1:75'` in a message is the very line the parent wrote, give or take quotes."""
    if not isinstance(value, str):
        return show_value(value)
    text = value if len(value) <= _SHOWN_TEXT_LIMIT else value[: _SHOWN_TEXT_LIMIT - 3] + "..."
    if "'" in text or not text.isprintable():
        return json.dumps(text, ensure_ascii=False)
    return f"'{text}'"

"""Lengths of time as a parent reads them, on screen and in the terminal: every duration the kiosk
shows is worded here, and nowhere else, so that one change (a translation, say) reaches them all.

Two families. Clocks ("12:05", "1:02:05") are for what counts down or has a length; they need no
words, but each has its own rounding, because a countdown that shows 0:00 while time is left, or
a clip that shows 0:00 although it plays, reads as broken. Words ("2 min 5 s", "1 h 05 min") are
for sentences, and come from the catalogue in the kiosk's language ("2 Min. 5 Sek.", "1 Std. 05
Min."): each form, a lone amount or a pair, is one message, so a language orders its units and
words as it needs. Clocks stay as they are in every language.
"""

from __future__ import annotations

import math

from kiosk.core.i18n import _, ngettext

__all__ = [
    "UNKNOWN_CLOCK",
    "clock",
    "countdown_clock",
    "hours_and_minutes",
    "length_clock",
    "minutes_and_seconds",
    "short_countdown",
    "time_left_spoken",
]

#: A clock for a time nobody knows, such as a length the probe could not find.
UNKNOWN_CLOCK = "--:--"
#: From this many minutes left, the time ring shows just the minutes: "15" fits where "15:00"
#: would crowd it, and the seconds matter only near the end.
_SHORT_COUNTDOWN_MINUTES = 10


def clock(whole_seconds: int) -> str:
    """m:ss, or h:mm:ss from an hour: "0:42", "12:05", "1:02:03"."""
    hours, rest = divmod(max(0, whole_seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def countdown_clock(seconds: float) -> str:
    """Time left as a clock, rounded up so that 0:00 never shows while any is left: a PIN wait,
    the session's time in the parent panel."""
    return clock(_rounded_up(seconds))


def short_countdown(seconds: float) -> str:
    """Time left for the time ring: "9:59" below ten minutes, from there whole minutes ("15")."""
    minutes, rest = divmod(_rounded_up(seconds), 60)
    if minutes < _SHORT_COUNTDOWN_MINUTES:
        return f"{minutes}:{rest:02d}"
    return f"{minutes}"


def time_left_spoken(seconds: float) -> str:
    """Time left as a screen reader says it for the time ring: "12 minutes left", rounded up
    like the clocks, and "Less than a minute left" in the last minute, so that the words change
    once a minute rather than every second."""
    whole = _rounded_up(seconds)
    if whole == 0:
        return _("No time left")
    if whole < 60:
        return _("Less than a minute left")
    minutes = math.ceil(whole / 60)
    return ngettext("{n} minute left", "{n} minutes left", minutes).format(n=minutes)


def length_clock(seconds: float) -> str:
    """A clip's length to the nearest second: "0:42", "12:05", "1:02:03".

    Anything longer than nothing shows at least "0:01": "0:00" on a clip's tile would read as
    an empty or broken file, so a length below one second is rounded up rather than to the
    nearest second. A length that is not known (not finite) shows as "--:--".
    """
    if not math.isfinite(seconds):
        return UNKNOWN_CLOCK  # a probe that found no length; better a blank clock than a crash
    return clock(max(1, round(seconds)) if seconds > 0 else 0)


def minutes_and_seconds(seconds: float) -> str:
    """A time in a sentence, rounded up: "45 s", "2 min", "2 min 5 s", "0 s" for none.

    Rounded up as the clocks of a countdown are, so a terminal never tells a parent to try again
    a moment before the PIN pad would take the PIN.
    """
    minutes, rest = divmod(_rounded_up(seconds), 60)
    if minutes == 0:
        return _("{seconds} s").format(seconds=rest)
    if rest == 0:
        return _("{minutes} min").format(minutes=minutes)
    return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)


def hours_and_minutes(seconds: float) -> str:
    """A long time in whole minutes, rounded down: "47 min", "1 h 05 min" (the time used today)."""
    hours, minutes = divmod(max(0, int(seconds // 60)), 60)
    if hours == 0:
        return _("{minutes} min").format(minutes=minutes)
    # The minutes after the hours have two digits, as on a clock: "1 h 05 min".
    return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")


def _rounded_up(seconds: float) -> int:
    # In this order, so that a NaN, which compares false with everything, counts as nothing.
    return math.ceil(max(0.0, seconds))

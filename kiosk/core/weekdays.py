"""The days of the week as the config names them, "mon" to "sun", in `date.weekday()` order.

The config's `[schedule.sat]` tables and the time rules' choice of the day's settings both index
days this way, so that neither needs the other to agree on what Saturday is.
"""

from __future__ import annotations

import difflib
from datetime import date

from kiosk.core.i18n import N_, _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: English, as a parent may write them in the config ("[schedule.saturday]"); marked, so that
#: `day_name` says them in the kiosk's language.
DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def day_key(day: date) -> str:
    """The key of `day`'s weekday: "sat" for a Saturday."""
    return DAYS[day.weekday()]


def day_name(key: str) -> str:
    """ "Saturday" ("Samstag") for "sat", in the kiosk's language."""
    return _(DAY_NAMES[DAYS.index(key)])


def closest_day(text: str) -> str | None:
    """The day key a parent most likely meant: "sat" for "saturday", "Sat" or "satrday"."""
    lowered = text.strip().lower()
    if lowered[:3] in DAYS:
        return lowered[:3]
    names = {name.lower(): key for name, key in zip(DAY_NAMES, DAYS, strict=True)}
    close = difflib.get_close_matches(lowered, [*names, *DAYS], n=1, cutoff=0.7)
    if not close:
        return None
    return names.get(close[0], close[0])

"""Times of day and dates as a parent reads them, in the kiosk's language: "21:00" or
"21:00 Uhr", "Monday 7 December" or "Montag, 7. Dezember".

Not strftime's `%A` and `%B`: those follow the process's C locale, which is English whatever the
parent chose, and which the kiosk never sets (setting it would change how Qt and libvlc read
numbers). The names are in the catalogue instead. Every time here is the 24-hour clock, in
English too: the kiosk has always shown "21:00", and the allowed hours are written that way.
The caller gives the moment in the household's zone.
"""

from __future__ import annotations

from datetime import date, datetime

from kiosk.core.i18n import N_, _, pgettext
from kiosk.core.weekdays import DAY_NAMES

__all__ = ["date_words", "short_weekday", "time_of_day", "time_of_day_seconds", "weekday"]

_SHORT_WEEKDAYS = (
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
)
_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def time_of_day(moment: datetime) -> str:
    """ "21:05" ("21:05 Uhr" in German): a time a lock opens, a session began, a child asked."""
    return pgettext("time of day", "{hours}:{minutes}").format(
        hours=f"{moment.hour:02d}", minutes=f"{moment.minute:02d}"
    )


def time_of_day_seconds(moment: datetime) -> str:
    """ "21:05:09" ("21:05:09 Uhr"): where a second matters, such as the end of a PIN wait."""
    return pgettext("time of day", "{hours}:{minutes}:{seconds}").format(
        hours=f"{moment.hour:02d}", minutes=f"{moment.minute:02d}", seconds=f"{moment.second:02d}"
    )


def weekday(day: date) -> str:
    """ "Monday" ("Montag")."""
    return _(DAY_NAMES[day.weekday()])


def short_weekday(day: date) -> str:
    """ "Mon" ("Mo"): under a bar of the week's chart, or before a time in a list of events."""
    return _(_SHORT_WEEKDAYS[day.weekday()])


def date_words(day: date, *, with_year: bool = False) -> str:
    """ "Monday 7 December" ("Montag, 7. Dezember"), with ", 2026" when `with_year`."""
    month = _(_MONTHS[day.month - 1])
    if with_year:
        return _("{weekday} {day} {month} {year}").format(
            weekday=weekday(day), day=day.day, month=month, year=day.year
        )
    return _("{weekday} {day} {month}").format(weekday=weekday(day), day=day.day, month=month)

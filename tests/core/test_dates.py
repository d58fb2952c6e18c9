"""Times of day and dates in each language: the 24-hour clock everywhere, "Uhr" in German, and
names from the catalogue rather than the process's C locale."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kiosk.core.dates import date_words, short_weekday, time_of_day, time_of_day_seconds, weekday
from kiosk.core.i18n import set_language

EVENING = datetime(2026, 12, 7, 21, 5, 9)
MORNING = datetime(2026, 3, 1, 7, 0, 0)


def test_english_times_and_dates() -> None:
    assert time_of_day(EVENING) == "21:05"
    assert time_of_day(MORNING) == "07:00"
    assert time_of_day_seconds(EVENING) == "21:05:09"
    assert weekday(EVENING.date()) == "Monday"
    assert short_weekday(date(2026, 12, 13)) == "Sun"
    assert date_words(EVENING.date()) == "Monday 7 December"
    assert date_words(MORNING.date(), with_year=True) == "Sunday 1 March 2026"


def test_german_times_say_uhr_and_dates_read_as_in_german() -> None:
    set_language("de")
    assert time_of_day(EVENING) == "21:05 Uhr"
    assert time_of_day_seconds(EVENING) == "21:05:09 Uhr"
    assert weekday(EVENING.date()) == "Montag"
    assert short_weekday(date(2026, 12, 10)) == "Do"
    assert date_words(EVENING.date()) == "Montag, 7. Dezember"
    assert date_words(MORNING.date(), with_year=True) == "Sonntag, 1. März 2026"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_and_day_has_a_german_name(month: int) -> None:
    day = date(2026, month, 1)
    english = date_words(day)
    set_language("de")
    assert date_words(day) != english

"""The household's days as spans of time, and seconds laid out over them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.report.days import Calendar, last_days, lay_out
from tests.core.fake_clock import BERLIN
from tests.core.report.history_kit import at


def hours_of(day: date, zone: ZoneInfo = BERLIN) -> float:
    (window,) = last_days(day, 1, zone)
    return (window.end - window.start).total_seconds() / 3600


def test_the_days_end_with_today_oldest_first_from_local_midnight() -> None:
    days = last_days(date(2026, 11, 26), 3, BERLIN)
    assert [day.date for day in days] == [
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 26),
    ]
    assert days[0].start == at("2026-11-24 00:00")
    assert days[-1].end == at("2026-11-27 00:00")
    assert all(a.end == b.start for a, b in pairwise(days))


def test_the_day_the_clocks_go_back_has_25_hours_and_forward_23() -> None:
    assert hours_of(date(2026, 10, 25)) == 25  # Europe/Berlin's last Sunday of October
    assert hours_of(date(2026, 3, 29)) == 23  # and of March
    assert hours_of(date(2026, 10, 26)) == 24


def test_a_report_covers_at_least_one_day() -> None:
    with pytest.raises(ValueError, match="at least one day"):
        last_days(date(2026, 11, 26), 0, BERLIN)


def test_seconds_are_laid_from_the_start_and_split_at_midnight() -> None:
    calendar = Calendar(last_days(date(2026, 11, 27), 2, BERLIN))
    spans = lay_out(at("2026-11-26 23:50"), 20 * 60)
    assert calendar.seconds_by_day(spans) == {0: 600, 1: 600}


def test_a_gap_off_screen_is_stepped_over() -> None:
    """Killed at 23:55, back at 00:10: the 15 minutes counted were 5 before midnight."""
    calendar = Calendar(last_days(date(2026, 11, 27), 2, BERLIN))
    gap = (at("2026-11-26 23:55"), at("2026-11-27 00:10"))
    spans = lay_out(at("2026-11-26 23:50"), 15 * 60, [gap])
    assert spans == [
        (at("2026-11-26 23:50"), at("2026-11-26 23:55")),
        (at("2026-11-27 00:10"), at("2026-11-27 00:20")),
    ]
    assert calendar.seconds_by_day(spans) == {0: 300, 1: 600}


def test_gaps_before_the_start_or_after_the_seconds_change_nothing() -> None:
    start = at("2026-11-26 10:00")
    gaps = [
        (start - timedelta(hours=1), start),
        (start + timedelta(hours=1), start + timedelta(hours=2)),
    ]
    assert lay_out(start, 600, gaps) == [(start, start + timedelta(minutes=10))]
    assert lay_out(start, 0, gaps) == []


@given(
    seconds=st.floats(min_value=0, max_value=3 * 86400),
    start_minute=st.integers(min_value=0, max_value=3 * 1440),
    gaps=st.lists(st.tuples(st.integers(0, 5 * 1440), st.integers(1, 600)), max_size=4),
)
def test_every_second_lands_on_exactly_one_day(
    seconds: float, start_minute: int, gaps: list[tuple[int, int]]
) -> None:
    """Over a week around the clocks going back, nothing is lost or counted twice."""
    origin = datetime(2026, 10, 22, tzinfo=UTC)
    start = origin + timedelta(minutes=start_minute)
    gap_spans = [
        (origin + timedelta(minutes=at_minute), origin + timedelta(minutes=at_minute + length))
        for at_minute, length in gaps
    ]
    spans = lay_out(start, seconds, gap_spans)
    calendar = Calendar(last_days(date(2026, 10, 31), 10, BERLIN))
    assert sum(calendar.seconds_by_day(spans).values()) == pytest.approx(seconds, abs=1e-3)


def test_a_moment_falls_on_its_day_or_on_none() -> None:
    calendar = Calendar(last_days(date(2026, 10, 26), 2, BERLIN))  # 25 and 26 October
    assert calendar.day_of(at("2026-10-25 00:00")) == 0
    assert calendar.day_of(at("2026-10-25 02:30").replace(fold=1)) == 0
    assert calendar.day_of(at("2026-10-25 23:59")) == 0
    assert calendar.day_of(at("2026-10-26 00:00")) == 1
    assert calendar.day_of(at("2026-10-24 23:59")) is None
    assert calendar.day_of(at("2026-10-27 00:00")) is None


def test_seconds_outside_the_days_are_left_out() -> None:
    calendar = Calendar(last_days(date(2026, 11, 26), 1, BERLIN))
    spans = lay_out(at("2026-11-25 23:00"), 26 * 3600)  # 23:00 the day before to 01:00 after
    assert calendar.seconds_by_day(spans) == {0: 86400}

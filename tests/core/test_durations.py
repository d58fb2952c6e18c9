"""Every duration the kiosk shows, worded in one place: the clocks with their rounding, and the
words for sentences. The strings are the ones on screen and in the terminal, so they are pinned."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.durations import (
    UNKNOWN_CLOCK,
    clock,
    countdown_clock,
    hours_and_minutes,
    length_clock,
    minutes_and_seconds,
    short_countdown,
    time_left_spoken,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (42, "0:42"), (725, "12:05"), (3599, "59:59"), (3600, "1:00:00"), (-5, "0:00")],
)
def test_a_clock_shows_minutes_and_seconds_and_hours_from_an_hour(seconds: int, text: str) -> None:
    assert clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (30, "0:30"),
        (29.2, "0:30"),
        (0.4, "0:01"),  # a wait never shows 0:00 while it lasts
        (300, "5:00"),
        (754.2, "12:35"),
        (3600, "1:00:00"),
        (3723.5, "1:02:04"),
        (0, "0:00"),
        (-2, "0:00"),
        (float("nan"), "0:00"),
    ],
)
def test_a_countdown_clock_rounds_up(seconds: float, text: str) -> None:
    assert countdown_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (599, "9:59"),
        (598.2, "9:59"),
        (59, "0:59"),
        (0, "0:00"),
        (600, "10"),  # from ten minutes, just the minutes
        (900, "15"),
        (959, "15"),
        (1200, "20"),
    ],
)
def test_the_time_rings_countdown_drops_the_seconds_from_ten_minutes(
    seconds: float, text: str
) -> None:
    assert short_countdown(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (42, "0:42"),
        (41.6, "0:42"),
        (0.4, "0:01"),  # longer than nothing never shows as 0:00
        (0.001, "0:01"),
        (1.4, "0:01"),
        (725, "12:05"),
        (3599.4, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (36 * 3600, "36:00:00"),
        (-3, "0:00"),
        (float("inf"), UNKNOWN_CLOCK),
        (float("nan"), "--:--"),
    ],
)
def test_a_clips_length_rounds_to_the_nearest_second_but_not_to_nothing(
    seconds: float, text: str
) -> None:
    assert length_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (29.2, "30 s"),  # rounded up, as the PIN pad's clock shows the same wait
        (0.3, "1 s"),
        (60, "1 min"),  # no "0 s" after whole minutes
        (125, "2 min 5 s"),
        (15 * 60, "15 min"),
        (3600, "60 min"),
        (-4, "0 s"),
    ],
)
def test_minutes_and_seconds_in_words(seconds: float, text: str) -> None:
    assert minutes_and_seconds(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 min"),
        (59, "0 min"),
        (47 * 60 + 12, "47 min"),  # whole minutes, rounded down
        (3600, "1 h 00 min"),
        (3 * 3600 + 5 * 60 + 59, "3 h 05 min"),
        (-60, "0 min"),
    ],
)
def test_hours_and_minutes_in_words(seconds: float, text: str) -> None:
    assert hours_and_minutes(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (900, "15 minutes left"),
        (120, "2 minutes left"),
        (61, "2 minutes left"),  # rounded up, as the clocks are
        (60, "1 minute left"),
        (59.5, "1 minute left"),
        (59, "Less than a minute left"),
        (0.2, "Less than a minute left"),
        (0, "No time left"),
        (-3, "No time left"),
    ],
)
def test_time_left_is_spoken_in_whole_minutes_and_changes_once_a_minute(
    seconds: float, words: str
) -> None:
    assert time_left_spoken(seconds) == words


@given(st.floats(min_value=0, max_value=10**7, allow_nan=False))
def test_a_countdown_never_shows_less_time_than_is_left(seconds: float) -> None:
    shown = countdown_clock(seconds).split(":")
    whole = 0
    for field in shown:
        whole = whole * 60 + int(field)
    assert whole - 1 < seconds <= whole

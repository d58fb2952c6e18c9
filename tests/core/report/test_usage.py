"""The report from a state file with a known history: the days, the minutes against the limit,
the sessions, the clips, the top shows and the events, in the household zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.report.usage import TOP_SHOWS, usage_report
from kiosk.core.store.store import Store
from tests.core.fake_clock import BERLIN
from tests.core.report.history_kit import History, at, fresh_store

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = fresh_store(tmp_path)
    yield opened
    opened.close()


@pytest.fixture
def history(store: Store) -> History:
    return History(store)


def test_a_day_of_sessions_clips_and_events(history: History) -> None:
    history.session(at("2026-11-26 09:00"), 15)
    history.session(at("2026-11-26 16:00"), 12.5, reason="daily_limit")
    history.view(at("2026-11-26 09:00"), 300, "Ball", "Bouncy fun")
    history.view(at("2026-11-26 09:05"), 40, "Rings", "Shapes", outcome="skipped")
    history.view(at("2026-11-26 16:00"), 200, "Bubbles", "Bouncy fun")
    history.event(at("2026-11-26 16:05"), "pin_wrong", via="pin", failures=1, retry_at=None)
    history.event(at("2026-11-26 16:06"), "pin_ok", via="pin")  # not worth a parent's eye
    history.event(at("2026-11-26 16:06"), "extend", minutes=5, session=2)
    history.event(at("2026-11-26 16:07"), "warning", seconds=120)

    (day,) = history.report(date(2026, 11, 26), 1).days

    assert day.date == date(2026, 11, 26)
    assert day.watched_seconds == 27.5 * 60
    assert day.limit_seconds == 3600
    assert [s.seconds for s in day.sessions] == [900, 750]
    assert day.sessions[1].end_reason == "daily_limit"
    assert (day.clips_finished, day.clips_skipped) == (2, 1)
    assert [(show.name, show.seconds) for show in day.shows] == [
        ("Bouncy fun", 500),
        ("Shapes", 40),
    ]
    assert [(event.kind, event.at) for event in day.events] == [
        ("pin_wrong", at("2026-11-26 16:05")),
        ("extend", at("2026-11-26 16:06")),
    ]
    assert day.events[1].detail == {"minutes": 5, "session": 2}


def test_the_days_are_the_last_n_ending_today_and_empty_days_are_there(history: History) -> None:
    history.session(at("2026-11-20 10:00"), 10)  # the day before the first: not in the report
    history.session(at("2026-11-23 10:00"), 10)
    report = history.report(date(2026, 11, 26), 5)
    assert [day.date.day for day in report.days] == [22, 23, 24, 25, 26]
    assert [day.watched_seconds for day in report.days] == [0, 600, 0, 0, 0]
    assert [len(day.sessions) for day in report.days] == [0, 1, 0, 0, 0]


def test_sessions_and_views_across_midnight_are_split_between_the_days(history: History) -> None:
    history.session(at("2026-11-25 23:50"), 20)
    history.view(at("2026-11-25 23:56"), 8 * 60, "Long one", "Sky")

    yesterday, today = history.report(date(2026, 11, 26), 2).days

    assert (yesterday.watched_seconds, today.watched_seconds) == (600, 600)
    assert len(yesterday.sessions) == len(today.sessions) == 1
    assert today.sessions[0].started_at == at("2026-11-25 23:50")
    assert [(s.name, s.seconds) for s in yesterday.shows] == [("Sky", 240)]
    assert [(s.name, s.seconds) for s in today.shows] == [("Sky", 240)]
    # A clip counts once, on the day it began.
    assert (yesterday.clips_finished, today.clips_finished) == (1, 0)


def test_a_session_resumed_after_midnight_counts_its_gap_as_off_screen(history: History) -> None:
    """Killed at 23:55 and started again at 00:10: of its 15 minutes, 5 were before midnight."""
    row = history.session(at("2026-11-25 23:50"), 15, ended=at("2026-11-26 00:20"))
    history.event(at("2026-11-26 00:10"), "session_resumed", away_seconds=900, session=row)
    yesterday, today = history.report(date(2026, 11, 26), 2).days
    assert (yesterday.watched_seconds, today.watched_seconds) == (300, 600)


def test_the_day_the_clocks_go_back_has_its_extra_hour(history: History) -> None:
    """25 October 2026 in Berlin: 02:00 to 03:00 comes twice, and 23:30 is still that day."""
    history.session(at("2026-10-25 02:30"), 10)  # the first 02:30 (summer time)
    history.session(at("2026-10-25 02:30").replace(fold=1), 10)  # the second (winter time)
    history.session(at("2026-10-25 23:30"), 10)
    history.session(at("2026-10-26 00:30"), 10)
    history.view(at("2026-10-25 23:55"), 600, "Late", "Night")

    sunday, monday = history.report(date(2026, 10, 26), 2).days

    assert sunday.watched_seconds == 30 * 60
    assert monday.watched_seconds == 10 * 60
    assert [(s.name, s.seconds) for s in sunday.shows] == [("Night", 300)]
    assert [(s.name, s.seconds) for s in monday.shows] == [("Night", 300)]


def test_a_change_of_system_zone_moves_no_day(history: History) -> None:
    """The kiosk ran on New York time for an evening; the household's days are Berlin's."""
    history.event(
        at("2026-11-20 18:00"),
        "zone_changed",
        **{"from": "Europe/Berlin", "to": "America/New_York"},
    )
    history.session(at("2026-11-20 23:30", NEW_YORK), 10)  # 05:30 on the 21st in Berlin
    history.event(
        at("2026-11-21 02:00", NEW_YORK),
        "zone_changed",
        **{"from": "America/New_York", "to": "Europe/Berlin"},
    )

    friday, saturday = history.report(date(2026, 11, 21), 2).days

    assert (friday.watched_seconds, saturday.watched_seconds) == (0, 600)
    assert saturday.sessions[0].started_at == at("2026-11-21 05:30")
    assert saturday.sessions[0].started_at.utcoffset() == BERLIN.utcoffset(at("2026-11-21 05:30"))
    assert [(e.kind, e.detail["to"]) for e in friday.events] == [
        ("zone_changed", "America/New_York")
    ]
    assert [(e.at, e.detail["to"]) for e in saturday.events] == [
        (at("2026-11-21 08:00"), "Europe/Berlin")
    ]


def test_the_same_history_in_another_household_zone_lands_on_other_days(history: History) -> None:
    history.session(at("2026-11-26 03:00"), 10)  # 21:00 the evening before in New York
    (berlin_day,) = history.report(date(2026, 11, 26), 1).days
    before, day = history.report(date(2026, 11, 26), 2, zone=NEW_YORK).days
    assert berlin_day.watched_seconds == 600
    assert (before.watched_seconds, day.watched_seconds) == (600, 0)


def test_each_day_has_its_own_limit(store: Store) -> None:
    weekend = {date(2026, 11, 28), date(2026, 11, 29)}
    report = usage_report(
        store,
        today=date(2026, 11, 30),
        day_count=4,
        zone=BERLIN,
        limit_for=lambda day: 5400.0 if day in weekend else None,
    )
    assert [day.limit_seconds for day in report.days] == [None, 5400, 5400, None]


def test_an_open_session_counts_what_it_has_counted_so_far(history: History) -> None:
    history.session(at("2026-11-26 17:00"), 4, reason=None)
    (day,) = history.report(date(2026, 11, 26), 1).days
    assert day.watched_seconds == 240
    assert day.sessions[0].ended_at is None


def test_a_session_that_counted_nothing_still_shows_on_its_day(history: History) -> None:
    history.session(at("2026-11-26 17:00"), 0, reason="parent")
    (day,) = history.report(date(2026, 11, 26), 1).days
    assert [(s.seconds, s.end_reason) for s in day.sessions] == [(0, "parent")]


def test_top_shows_rank_by_seconds_and_a_clip_in_no_show_stands_alone(history: History) -> None:
    for index, (show, seconds) in enumerate(
        [("A", 100), ("B", 700), ("C", 300), ("D", 50), ("E", 400), ("F", 10)]
    ):
        history.view(at(f"2026-11-26 10:{index:02d}"), seconds, f"{show} clip", show)
    history.view(at("2026-11-26 11:00"), 200, "Loose clip")
    history.view(at("2026-11-26 11:10"), 150, "Other loose clip")
    history.view(at("2026-11-26 11:20"), 800, "B second clip", "B")

    (day,) = history.report(date(2026, 11, 26), 1).days

    assert len(day.shows) == TOP_SHOWS
    assert [(s.name, s.seconds) for s in day.shows] == [
        ("B", 1500),
        ("E", 400),
        ("C", 300),
        ("Loose clip", 200),
        ("Other loose clip", 150),
    ]
    # The show's picture is its most watched clip.
    assert day.shows[0].clip_key == "/clips/B/B second clip.mp4"


def test_the_week_has_its_own_top_shows(history: History) -> None:
    history.view(at("2026-11-24 10:00"), 600, "Ball", "Bouncy fun")
    history.view(at("2026-11-26 10:00"), 300, "Ball", "Bouncy fun")
    history.view(at("2026-11-26 11:00"), 500, "Sun", "Sky")
    report = history.report(date(2026, 11, 26), 3)
    assert [(s.name, s.seconds) for s in report.shows] == [("Bouncy fun", 900), ("Sky", 500)]
    assert [s.name for s in report.days[-1].shows] == ["Sky", "Bouncy fun"]


def test_a_days_sessions_are_in_the_order_they_began(history: History) -> None:
    history.session(at("2026-11-26 16:00"), 5)
    history.session(at("2026-11-26 09:00"), 5)  # saved later, begun earlier (a clock moved)
    (day,) = history.report(date(2026, 11, 26), 1).days
    assert [s.started_at.hour for s in day.sessions] == [9, 16]

"""Days of the week in the time rules: each day's own session length, cooldown, daily limit and
allowed hours, switching at the household's midnight; and the bedtime wind-down."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import HoursRange
from kiosk.core.limits.days import allowed_until, every_day, next_allowed_span
from kiosk.core.limits.settings import LimitSettings
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig, local, state_folder

# 2026-11-26 is a Thursday; the 27th a Friday, the 28th a Saturday.
THURSDAY_EVENING = "2026-11-26 23:00"
NO_GRACE_NO_WAIT: dict[str, Any] = {"finish_clip_grace_seconds": 0, "cooldown_minutes": 0}


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def week(**days: dict[str, Any]) -> list[dict[str, Any]]:
    """Seven days' overrides from keyword days: week(sat={...})."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return [days.get(name, {}) for name in names]


def hours(*texts: str) -> tuple[HoursRange, ...]:
    return tuple(HoursRange.parse(text) for text in texts)


def rig_at(folder: Path, when: str, settings: LimitSettings) -> KioskRig:
    clock = FakeClock(local(FakeClock(), when))
    return KioskRig(folder, settings, clock=clock)


def test_a_days_own_daily_limit_begins_at_its_midnight(folder: Path) -> None:
    short_days = LimitSettings(minutes=10, daily_limit_minutes=10, **NO_GRACE_NO_WAIT)
    rig = rig_at(
        folder, THURSDAY_EVENING, short_days.with_days(week(fri={"daily_limit_minutes": 30}))
    )
    rig.start().start_session()
    rig.play(600)
    assert rig.status().lock_reason == "daily_limit"  # Thursday: 10 minutes
    rig.play(3600)  # past midnight: Friday
    assert rig.limits.day is not None and rig.limits.day.isoformat() == "2026-11-27"
    assert rig.status().state == "ready"
    for _ in range(3):
        rig.limits.start_session()
        rig.play(600)
    assert rig.status().lock_reason == "daily_limit"
    assert rig.status().used_today_seconds == 1800  # Friday's 30 minutes, not Thursday's 10


def test_a_days_own_session_length_and_cooldown(folder: Path) -> None:
    settings = LimitSettings(minutes=10, finish_clip_grace_seconds=0).with_days(
        week(thu={"minutes": 20, "cooldown_minutes": 5})
    )
    rig = rig_at(folder, "2026-11-26 10:00", settings)
    rig.start().start_session()
    assert rig.status().session_seconds_left == 1200
    rig.play(1200)
    assert rig.status().state == "locked"
    assert rig.play_until_state_changes() == 300


def test_a_days_own_hours_lock_and_open_the_kiosk(folder: Path) -> None:
    settings = LimitSettings(allowed_hours=hours("07:00-19:00")).with_days(
        week(sat={"allowed_hours": hours("09:00-20:00")})
    )
    rig = rig_at(folder, "2026-11-27 19:30", settings)  # Friday evening
    rig.start()
    status = rig.status()
    assert status.lock_reason == "outside_hours"
    assert status.next_session_at == local(rig.clock, "2026-11-28 09:00")  # Saturday's hours
    rig.clock.advance(13 * 3600)  # Saturday 08:30
    assert rig.tick().status.state == "locked"
    rig.clock.advance(1800)
    assert rig.tick().status.state == "ready"


def test_a_day_allowed_all_day_joins_the_evening_before_it(folder: Path) -> None:
    week_hours = list(every_day(hours("20:00-06:30")))
    week_hours[5] = ()  # Saturday: any time
    moment = local(FakeClock(), "2026-11-27 20:50")  # Friday evening
    until = allowed_until(moment, BERLIN, tuple(week_hours))
    assert until == local(FakeClock(), "2026-11-29 00:00")  # no cut at Friday's 06:30 or midnight


def test_a_run_of_days_allowed_all_day_is_followed_to_its_end() -> None:
    week_hours = [()] * 7
    week_hours[6] = hours("08:00-12:00")  # only Sunday has hours
    moment = local(FakeClock(), "2026-11-23 10:00")  # Monday
    until = allowed_until(moment, BERLIN, tuple(week_hours))
    assert until == local(FakeClock(), "2026-11-29 00:00")  # Saturday's end, not a cut on Wednesday


def test_the_next_span_long_enough_for_a_session_is_found() -> None:
    week_hours = every_day(hours("08:00-08:10", "14:00-18:00"))
    moment = local(FakeClock(), "2026-11-26 07:00")
    assert next_allowed_span(moment, BERLIN, week_hours, 0) == local(
        FakeClock(), "2026-11-26 08:00"
    )
    assert next_allowed_span(moment, BERLIN, week_hours, 900) == local(
        FakeClock(), "2026-11-26 14:00"
    )


# The bedtime wind-down.

BEDTIME = LimitSettings(
    minutes=15,
    daily_limit_minutes=0,
    cooldown_minutes=0,
    allowed_hours=hours("07:00-20:00"),
    wind_down_minutes=10,
    finish_clip_grace_seconds=0,
)


def test_the_wind_down_rises_from_zero_to_one_in_its_last_minutes(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:40", BEDTIME)
    rig.start().start_session()
    levels = {}
    for minute in range(1, 21):
        rig.clock.advance(60)
        levels[minute] = rig.tick().wind_down
        if minute == 15:
            rig.limits.start_session()
    assert levels[10] == 0.0  # 19:50: it begins
    assert levels[11] == pytest.approx(0.1)
    assert levels[15] == pytest.approx(0.5)
    assert levels[20] == 1.0  # 20:00: full grey, and the hours are over
    assert rig.status().lock_reason == "outside_hours"


def test_with_the_wind_down_no_session_starts_that_bedtime_would_cut(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:44", BEDTIME)
    rig.start()
    assert rig.status().state == "ready"  # 16 minutes left: a whole session fits
    rig.clock.advance(61)
    status = rig.tick().status
    assert (status.state, status.lock_reason) == ("locked", "outside_hours")
    assert status.next_session_at == local(rig.clock, "2026-11-27 07:00")
    assert not rig.limits.start_session()


def test_without_the_wind_down_a_short_session_may_still_start(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:50", LimitSettings(allowed_hours=hours("07:00-20:00")))
    rig.start()
    assert rig.status().state == "ready"
    assert rig.status().session_seconds_left == 600
    assert rig.tick().wind_down == 0.0


def test_a_session_that_started_in_time_runs_into_the_wind_down(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:45", BEDTIME)
    rig.start().start_session()
    rig.play(600)
    tick = rig.tick()
    assert tick.status.state == "in_session" and tick.wind_down == pytest.approx(0.5)
    rig.play(300)
    assert rig.status().state == "locked"


def test_no_hours_means_no_wind_down(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 23:55", LimitSettings(wind_down_minutes=30))
    rig.start().start_session()
    rig.clock.advance(timedelta(minutes=4).total_seconds())
    assert rig.tick().wind_down == 0.0


# The system's time zone switched by a child: the day and the bedtime are the household's.

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: already Friday on a Thursday evening


def test_a_zone_where_it_is_already_tomorrow_does_not_bring_tomorrows_limit(folder: Path) -> None:
    thursday_short = LimitSettings(minutes=10, daily_limit_minutes=10, **NO_GRACE_NO_WAIT)
    rig = rig_at(
        folder, "2026-11-26 20:00", thursday_short.with_days(week(fri={"daily_limit_minutes": 60}))
    )
    rig.start().start_session()
    rig.play(600)
    assert rig.status().lock_reason == "daily_limit"
    rig.clock.set_zone(KIRITIMATI)  # 09:00 on Friday there
    tick = rig.tick()
    assert tick.status.lock_reason == "daily_limit"
    assert rig.limits.day is not None and rig.limits.day.isoformat() == "2026-11-26"
    assert not rig.limits.start_session()


@pytest.mark.parametrize("zone", [LOS_ANGELES, KIRITIMATI], ids=["Los Angeles", "Kiritimati"])
def test_a_zone_switched_in_the_wind_down_neither_stops_nor_resets_it(
    folder: Path, zone: ZoneInfo
) -> None:
    at_home = rig_at(folder / "home", "2026-11-26 19:45", BEDTIME)
    away = rig_at(folder / "away", "2026-11-26 19:45", BEDTIME)
    for rig in (at_home, away):
        rig.start().start_session()
    away.clock.set_zone(zone)
    for _minute in range(14):
        at_home.clock.advance(60)
        away.clock.advance(60)
        assert away.tick().wind_down == pytest.approx(at_home.tick().wind_down)
    assert away.tick().wind_down == pytest.approx(0.9)
    away.play(60)
    assert away.status().lock_reason == "outside_hours"

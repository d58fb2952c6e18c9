"""The daily limit at midnight in the household's zone, and allowed hours, also past midnight.

The household zone is the fake clock's, recorded at the rig's first start; what a switch of the
system zone does not do is in test_household_zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import HoursRange
from kiosk.core.limits.days import allowed_until, next_allowed_start
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.tick import ClipOnScreen
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig, local, state_folder

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def hours(*ranges: str) -> tuple[HoursRange, ...]:
    return tuple(HoursRange.parse(text) for text in ranges)


def rig_at(folder: Path, when: str, zone: ZoneInfo = BERLIN, **settings: object) -> KioskRig:
    clock = FakeClock(datetime.fromisoformat(when).replace(tzinfo=zone), zone=zone)
    values = {"finish_clip_grace_seconds": 0, **settings}
    return KioskRig(folder, LimitSettings(**values), clock=clock)  # type: ignore[arg-type]


def advance_to(rig: KioskRig, when: str | datetime) -> None:
    """Let time pass with the app on screen and idle, up to a time (local, if text)."""
    moment = local(rig.clock, when) if isinstance(when, str) else when
    seconds = int((moment - rig.clock.true_now).total_seconds())
    if seconds > 0:
        rig.play(seconds, step=seconds)


def use_a_session(rig: KioskRig) -> None:
    assert rig.limits.start_session()
    rig.play(rig.settings.minutes * 60, step=5)


def test_the_daily_limit_caps_a_session_and_holds_until_midnight(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 10:00", daily_limit_minutes=20, cooldown_minutes=0)
    rig.start()
    use_a_session(rig)
    assert rig.status().session_seconds_left == 300  # what is left of the day, not 900
    rig.limits.start_session()
    status = rig.play(300)
    assert (status.state, status.lock_reason, status.used_today_seconds) == (
        "locked",
        "daily_limit",
        1200,
    )
    assert rig.store.sessions()[-1].end_reason == "daily_limit"
    assert status.next_session_at == local(rig.clock, "2026-11-27 00:00")
    advance_to(rig, "2026-11-26 23:59:59")
    assert rig.status().lock_reason == "daily_limit"
    assert rig.play(1).state == "ready"
    assert rig.status().used_today_seconds == 0


def test_the_day_ends_at_midnight_in_the_configured_zone(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 17:00", zone=NEW_YORK, daily_limit_minutes=15)
    rig.start()
    use_a_session(rig)
    status = rig.status()
    assert status.lock_reason == "daily_limit"
    # The session and the day ran out together: the day is named, it decides the lock.
    assert rig.store.sessions()[-1].end_reason == "daily_limit"
    assert status.next_session_at is not None
    assert status.next_session_at.isoformat() == "2026-11-27T00:00:00-05:00"
    advance_to(rig, "2026-11-26 18:30")  # past midnight in Berlin: nothing changes here
    assert rig.status().lock_reason == "daily_limit"
    advance_to(rig, "2026-11-26 23:59:59")
    assert rig.status().lock_reason == "daily_limit"
    assert rig.play(1).state == "ready"


def test_the_long_day_of_a_daylight_saving_change_ends_at_the_real_midnight(folder: Path) -> None:
    # 2026-10-25 in Berlin has 25 hours: 03:00 summer time becomes 02:00 winter time.
    rig = rig_at(folder, "2026-10-25 09:00", daily_limit_minutes=15)
    rig.start()
    use_a_session(rig)
    next_at = rig.status().next_session_at
    assert next_at is not None and next_at.isoformat() == "2026-10-26T00:00:00+01:00"
    advance_to(rig, "2026-10-25 23:59:59")
    assert rig.status().lock_reason == "daily_limit"
    assert rig.play(1).state == "ready"


def test_a_new_day_begun_while_the_app_was_closed_starts_from_nothing(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 18:00", daily_limit_minutes=15)
    rig.start()
    use_a_session(rig)
    rig.close()
    rig.clock.advance(15 * 3600)
    assert rig.start().status().state == "ready"
    assert rig.status().used_today_seconds == 0


def test_a_session_across_midnight_counts_into_the_new_day(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 23:50", daily_limit_minutes=15)
    rig.start()
    rig.limits.start_session()
    assert rig.play(600).session_seconds_left == 300  # the session's own time, not the day's
    status = rig.play(300)
    assert (status.state, status.lock_reason, status.used_today_seconds) == (
        "locked",
        "session_over",
        300,
    )


def test_outside_allowed_hours_the_kiosk_is_locked_until_they_begin(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 06:00", allowed_hours=hours("07:00-19:30"))
    status = rig.start().status()
    assert (status.state, status.lock_reason) == ("locked", "outside_hours")
    assert status.next_session_at == local(rig.clock, "2026-11-26 07:00")
    assert not rig.limits.start_session()
    advance_to(rig, "2026-11-26 06:59:59")
    assert rig.status().state == "locked"
    assert rig.play(1).state == "ready"


def test_a_session_ends_when_the_allowed_hours_end(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:20", allowed_hours=hours("07:00-19:30"))
    rig.start()
    assert rig.status().session_seconds_left == 600
    rig.limits.start_session()
    status = rig.play(600)
    assert (status.state, status.lock_reason) == ("locked", "outside_hours")
    assert status.next_session_at == local(rig.clock, "2026-11-27 07:00")
    assert rig.store.sessions()[0].end_reason == "outside_hours"


def test_hours_across_midnight(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:00", allowed_hours=hours("20:00-06:30"))
    status = rig.start().status()
    assert (status.lock_reason, status.next_session_at) == (
        "outside_hours",
        local(rig.clock, "2026-11-26 20:00"),
    )
    advance_to(rig, "2026-11-26 23:00")
    assert rig.status().state == "ready"
    advance_to(rig, "2026-11-27 06:20")
    assert rig.status().session_seconds_left == 600
    rig.limits.start_session()
    status = rig.play(600)
    assert (status.lock_reason, status.next_session_at) == (
        "outside_hours",
        local(rig.clock, "2026-11-27 20:00"),
    )


def test_a_session_broken_off_until_the_hours_ended_does_not_resume(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:20", allowed_hours=hours("07:00-19:30"))
    rig.start().start_session()
    rig.play(60)
    rig.close()
    rig.clock.advance(20 * 60)  # back at 19:41, within a cooldown
    status = rig.start().status()
    assert (status.state, status.lock_reason) == ("locked", "outside_hours")
    assert rig.store.sessions()[0].end_reason == "outside_hours"


def test_ranges_that_touch_are_one_span(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 11:55", allowed_hours=hours("07:00-12:00", "12:00-19:00"))
    rig.start()
    assert rig.status().session_seconds_left == 900


def test_the_grace_may_run_past_the_end_of_the_hours(folder: Path) -> None:
    rig = rig_at(
        folder,
        "2026-11-26 19:29:40",
        allowed_hours=hours("07:00-19:30"),
        finish_clip_grace_seconds=60,
    )
    rig.start().start_session()
    rig.play(20)
    assert rig.take_warnings() == (30,)  # 20 s left at the start: the most urgent one only
    assert rig.tick(ClipOnScreen(60)).finish_clip
    assert rig.play(59).state == "in_session"
    assert rig.play(1).lock_reason == "outside_hours"


def test_calendar_answers_in_utc_and_finds_the_next_span() -> None:
    ranges = hours("22:00-02:00", "13:00-14:00")
    moment = datetime(2026, 11, 26, 12, 0, tzinfo=BERLIN)
    assert allowed_until(moment, BERLIN, ranges) == moment  # outside: nothing left
    start = next_allowed_start(moment, BERLIN, ranges)
    assert start == datetime(2026, 11, 26, 13, 0, tzinfo=BERLIN)
    assert start.utcoffset() == timedelta(0)
    late = datetime(2026, 11, 26, 23, 0, tzinfo=BERLIN)
    assert allowed_until(late, BERLIN, ranges) == datetime(2026, 11, 27, 2, 0, tzinfo=BERLIN)
    assert allowed_until(late, BERLIN, ()) is None
    assert next_allowed_start(late, BERLIN, ()) == late

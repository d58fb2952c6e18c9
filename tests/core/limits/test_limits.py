"""The session rules with a fake clock: start, counting, warnings, grace, cooldown, carrying on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.config.load import Config, SessionSettings
from kiosk.core.hours import HoursRange
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.status import STATUS_KEYS, LimitStatus
from kiosk.core.limits.tick import ClipOnScreen
from tests.core.limits_kit import KioskRig, state_folder

NO_GRACE = LimitSettings(finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def test_ready_until_the_first_tap_and_no_time_burns_meanwhile(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    assert rig.status() == LimitStatus("ready", None, 900, 0, None, None, False, "Europe/Berlin")
    rig.play(600)  # the start screen is up, nobody taps
    assert rig.status() == LimitStatus("ready", None, 900, 0, None, None, False, "Europe/Berlin")
    assert limits.start_session()
    assert not limits.start_session()  # already in a session
    status = rig.play(100)
    assert (status.state, status.session_seconds_left, status.used_today_seconds) == (
        "in_session",
        800,
        100,
    )


def test_paused_or_playing_the_app_counts_every_second_on_screen(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(30, step=5)  # ticks need not be regular: time between them is what counts
    rig.play(7, step=7)
    assert rig.status().session_seconds_left == 900 - 37
    assert rig.limits.session_seconds_total == 900


def test_status_json_has_exactly_the_contract_keys(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(900)
    data = rig.status().to_json_dict()
    assert tuple(data) == STATUS_KEYS
    assert data == {
        "state": "locked",
        "lock_reason": "session_over",
        "session_seconds_left": 0,
        "used_today_seconds": 900,
        "next_session_at": "2026-11-26T11:15:00+01:00",
        "pin_retry_at": None,
        "tamper_detected": False,
        "time_zone": "Europe/Berlin",
        "disk_full": False,
    }
    json.dumps(data)  # serialisable as it is


def test_each_warning_comes_once_when_its_moment_is_crossed(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    limits.start_session()
    rig.play(900 - 121)
    assert rig.take_warnings() == ()
    rig.play(1)
    assert rig.take_warnings() == (120,)
    assert rig.take_warnings() == ()
    rig.play(89)
    assert rig.take_warnings() == ()
    rig.play(1)
    assert rig.take_warnings() == (30,)
    rig.play(29)
    assert rig.take_warnings() == ()
    assert [d["seconds"] for _, d in rig.events("warning")] == [120, 30]


def test_a_warning_given_before_a_restart_is_not_given_again(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(800)
    assert rig.take_warnings() == (120,)
    rig.restart()
    rig.play(60)
    assert rig.take_warnings() == ()
    rig.play(10)
    assert rig.take_warnings() == (30,)


def test_several_warnings_crossed_at_once_give_only_the_most_urgent(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(warn_at_seconds=(30, 120, 60)))
    limits = rig.start()
    limits.start_session()
    rig.play(900 - 125)
    rig.play(100, step=100)  # a stalled UI: one tick crosses all three
    assert rig.take_warnings() == (30,)
    assert len(rig.events("warning")) == 1


def test_at_zero_the_current_clip_may_finish_within_the_grace(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    limits.start_session()
    rig.play(800)
    assert not limits.end_session()  # time is left: the UI cannot end it early
    status = rig.play(100)
    assert (status.state, status.session_seconds_left, limits.in_grace) == ("in_session", 0, True)
    assert rig.tick(ClipOnScreen(60)).finish_clip
    rig.play(45)
    assert limits.grace_seconds_left == 15
    assert limits.end_session()  # the clip ended
    assert (rig.status().state, rig.status().lock_reason) == ("locked", "session_over")
    (session,) = rig.store.sessions()
    assert (session.counted_seconds, session.end_reason) == (945, "time_up")


def test_the_grace_ends_by_itself(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(900 + 59)
    assert rig.status().state == "in_session"
    assert rig.play(1).state == "locked"
    (session,) = rig.store.sessions()
    assert session.counted_seconds == 960


def test_no_grace_stops_at_once(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    limits = rig.start()
    limits.start_session()
    rig.play(899)
    assert rig.play(1).state == "locked"  # no tick was in a grace
    assert rig.store.sessions()[0].counted_seconds == 900


def test_a_stalled_ui_cannot_count_past_the_grace(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(1200, step=1200)  # twenty minutes between two ticks
    (session,) = rig.store.sessions()
    assert session.counted_seconds == 960
    # The cooldown runs from when the grace ran out, not from the late tick.
    expected = rig.clock.true_now - timedelta(seconds=240) + timedelta(hours=1)
    assert rig.status().next_session_at == expected


def test_cooldown_ends_after_exactly_its_minutes(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(900)
    status = rig.status()
    assert (status.state, status.lock_reason, status.session_seconds_left) == (
        "locked",
        "session_over",
        0,
    )
    assert status.next_session_at == rig.clock.true_now + timedelta(hours=1)
    assert rig.play_until_state_changes() == 3600
    assert rig.status() == LimitStatus("ready", None, 900, 900, None, None, False, "Europe/Berlin")


def test_cooldown_counts_while_the_app_is_closed_or_the_machine_sleeps(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(900)
    rig.close()
    rig.clock.advance(1800)
    assert rig.start().status().state == "locked"
    rig.clock.suspend(1799)
    assert rig.limits.tick().status.state == "locked"
    rig.clock.suspend(1)
    assert rig.limits.tick().status.state == "ready"


def test_zero_cooldown_allows_the_next_session_at_once(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(cooldown_minutes=0, finish_clip_grace_seconds=0))
    rig.start().start_session()
    assert rig.play(900).state == "ready"


def test_a_broken_off_session_carries_on_with_the_time_it_had(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(600)
    rig.close()
    rig.clock.advance(59 * 60)  # away for less than a cooldown
    status = rig.start().status()
    assert (status.state, status.session_seconds_left, status.used_today_seconds) == (
        "in_session",
        300,
        600,
    )
    assert rig.events("session_resumed")[0][1]["away_seconds"] == 3540


def test_a_kill_loses_at_most_five_seconds(folder: Path) -> None:
    for played in range(600, 606):
        rig = KioskRig(folder / str(played))
        rig.start().start_session()
        rig.play(played)
        rig.kill()
        left = rig.start().status().session_seconds_left
        assert 900 - played <= left <= 900 - played + 5


def test_a_session_away_for_a_full_cooldown_is_over(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(600)
    rig.close()
    rig.clock.advance(3600)
    assert rig.start().status() == LimitStatus(
        "ready", None, 900, 600, None, None, False, "Europe/Berlin"
    )
    (session,) = rig.store.sessions()
    assert (session.counted_seconds, session.end_reason) == (600, "break")


def test_sleep_does_not_use_up_the_session(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(100)
    rig.clock.suspend(1800)
    status = rig.limits.tick().status
    assert (status.state, status.session_seconds_left) == ("in_session", 800)


def test_sleeping_a_full_cooldown_ends_the_session_like_a_break(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(100)
    rig.clock.suspend(3600)
    assert rig.limits.tick().status.state == "ready"
    assert rig.store.sessions()[0].end_reason == "break"


def test_closing_counts_up_to_the_close_and_ticks_after_change_nothing(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    limits.start_session()
    rig.clock.advance(42)
    limits.close()
    rig.clock.advance(100)
    assert limits.tick().status.session_seconds_left == 900 - 42
    rig.store.close()


@pytest.mark.parametrize("minutes", [10, 20])
def test_session_length_comes_from_the_settings(folder: Path, minutes: int) -> None:
    rig = KioskRig(folder, LimitSettings(minutes=minutes, finish_clip_grace_seconds=0))
    rig.start().start_session()
    rig.play(minutes * 60 - 1)
    assert rig.status().state == "in_session"
    assert rig.play(1).state == "locked"


def test_settings_come_straight_from_the_configs_session_section() -> None:
    section = SessionSettings(
        minutes=12,
        cooldown_minutes=30,
        daily_limit_minutes=48,
        allowed_hours=(HoursRange.parse("20:00-06:30"),),
        time_zone="Asia/Tokyo",
        warn_at_seconds=(120, 30),
        finish_clip_grace_seconds=0,
        chime=False,
        show_numbers=False,
    )
    settings = LimitSettings.from_config(replace(Config.defaults(), session=section))
    assert (settings.minutes, settings.cooldown_minutes, settings.daily_limit_minutes) == (
        12,
        30,
        48,
    )
    assert settings.allowed_hours == section.allowed_hours
    assert (settings.warn_at_seconds, settings.finish_clip_grace_seconds) == ((120, 30), 0)
    assert (settings.chime, settings.time_zone) == (False, "Asia/Tokyo")


@pytest.mark.parametrize(
    "values",
    [
        {"minutes": 0},
        {"cooldown_minutes": 1441},
        {"daily_limit_minutes": 5},
        {"warn_at_seconds": (0,)},
    ],
)
def test_settings_that_break_the_arithmetic_are_refused(values: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        LimitSettings(**values)  # type: ignore[arg-type]

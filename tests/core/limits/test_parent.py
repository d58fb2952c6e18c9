"""What a parent may do once the PIN is checked: extend, end now, start a new session now."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.hours import HoursRange
from kiosk.core.limits.settings import LimitSettings
from tests.core.limits_kit import KioskRig, state_folder

NO_GRACE = LimitSettings(finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


@pytest.mark.parametrize("minutes", [0, 1, 7, 20, -5])
def test_an_extension_is_5_10_or_15_minutes(folder: Path, minutes: int) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    with pytest.raises(ValueError, match="5, 10 or 15"):
        rig.limits.extend(minutes)
    assert rig.events("extend") == []


def test_extending_adds_minutes_from_now_and_rearms_the_warnings(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    limits.start_session()
    rig.play(800)
    assert rig.take_warnings() == (120,)
    limits.extend(5)
    assert rig.status().session_seconds_left == 400
    assert [d["minutes"] for _, d in rig.events("extend")] == [5]
    rig.play(280)
    assert rig.take_warnings() == (120,)
    assert limits.session_seconds_total == 1200


def test_extending_in_the_grace_counts_from_the_moment_of_the_extension(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(930)
    assert rig.limits.in_grace
    rig.limits.extend(10)
    assert (rig.status().session_seconds_left, rig.limits.in_grace) == (600, False)
    rig.play(600 + 60)
    assert rig.status().state == "locked"
    assert rig.store.sessions()[0].counted_seconds == 930 + 600 + 60


def test_extending_after_the_day_is_used_up_gives_exactly_those_minutes(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(daily_limit_minutes=15, finish_clip_grace_seconds=0))
    rig.start().start_session()
    rig.play(900)
    assert rig.status().lock_reason == "daily_limit"
    rig.limits.extend(10)
    status = rig.status()
    assert (status.state, status.session_seconds_left) == ("in_session", 600)
    status = rig.play(600)
    assert (status.state, status.lock_reason, status.used_today_seconds) == (
        "locked",
        "daily_limit",
        1500,
    )


def test_ending_now_locks_for_a_cooldown(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(100)
    rig.limits.end_session_now()
    status = rig.status()
    assert (status.state, status.lock_reason) == ("locked", "parent")
    assert status.next_session_at == rig.clock.true_now + timedelta(hours=1)
    assert rig.store.sessions()[0].end_reason == "parent"
    assert len(rig.events("parent_end")) == 1
    assert rig.play_until_state_changes() == 3600


def test_ending_now_with_no_session_open_still_locks(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.limits.end_session_now()
    assert rig.status().lock_reason == "parent"
    assert not rig.limits.start_session()


def test_a_new_session_now_ignores_cooldown_daily_limit_and_hours(folder: Path) -> None:
    settings = LimitSettings(
        daily_limit_minutes=15,
        allowed_hours=(HoursRange.parse("07:00-10:10"),),
        finish_clip_grace_seconds=0,
    )
    rig = KioskRig(folder, settings)
    rig.start().start_session()
    rig.play(600)
    assert rig.status().lock_reason == "outside_hours"
    rig.limits.start_new_session_now()
    status = rig.status()
    assert (status.state, status.session_seconds_left) == ("in_session", 900)
    assert rig.play(899).state == "in_session"
    assert rig.play(1).state == "locked"
    assert [s.end_reason for s in rig.store.sessions()] == ["outside_hours", "time_up"]
    assert len(rig.events("parent_new_session")) == 1


def test_a_new_session_now_replaces_the_open_one(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(500)
    rig.limits.start_new_session_now()
    assert rig.status().session_seconds_left == 900
    first, second = rig.store.sessions()
    assert (first.end_reason, first.counted_seconds, second.ended_at) == (
        "parent_new_session",
        500,
        None,
    )


@pytest.mark.parametrize("action", ["extend", "end_session_now", "start_new_session_now"])
def test_every_parent_action_lifts_a_tamper_lock(folder: Path, action: str) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.clock.jump_wall(-3600)
    assert rig.play(1).lock_reason == "tamper"
    if action == "extend":
        rig.limits.extend(15)
    else:
        getattr(rig.limits, action)()
    assert not rig.status().tamper_detected
    assert rig.status().lock_reason != "tamper"
    assert len(rig.events("tamper_cleared")) == 1

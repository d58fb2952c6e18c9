"""Clocks a child cannot move: wall-clock jumps, reboots, and tamper after a backward jump."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.clock import BootTime, windows_boot_id
from kiosk.core.limits.ledger import TimePoint
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.trusted_time import Reading, trusted_now
from tests.core.limits_kit import KioskRig, local, state_folder

NO_GRACE = LimitSettings(finish_clip_grace_seconds=0)
DAILY_15 = LimitSettings(daily_limit_minutes=15, finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def session_over(folder: Path, settings: LimitSettings = NO_GRACE) -> KioskRig:
    rig = KioskRig(folder, settings)
    rig.start().start_session()
    rig.play(900, step=5)
    assert rig.status().state == "locked"
    return rig


def test_a_backward_jump_locks_with_tamper_and_gives_nothing_back(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(300)
    rig.clock.jump_wall(-3600)
    status = rig.play(1)
    assert (status.state, status.lock_reason, status.tamper_detected) == ("locked", "tamper", True)
    assert status.used_today_seconds == 301
    assert status.next_session_at is None  # only a parent can unlock
    assert rig.store.sessions()[0].end_reason == "tamper"
    ((_, detail),) = rig.events("tamper")
    assert (detail["cause"], detail["seconds_back"]) == ("clock_back", 3600)
    assert rig.limits.parent_message == "The system clock was set back, so the kiosk locked itself."


def test_small_corrections_pass_but_creeping_back_adds_up(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.clock.jump_wall(-40)  # an NTP step
    assert not rig.play(1).tamper_detected
    rig.clock.jump_wall(-40)
    assert rig.play(1).tamper_detected  # 80 s behind in all


def test_after_the_clock_is_put_right_a_new_jump_back_is_reported_again(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.clock.jump_wall(-3600)
    assert rig.play(1).tamper_detected
    rig.limits.end_session_now()  # the parent looks into it
    rig.clock.jump_wall(3600)  # and puts the clock right
    assert not rig.play(1).tamper_detected
    rig.clock.jump_wall(-3600)
    assert rig.play(1).tamper_detected
    assert len(rig.events("tamper")) == 2


def test_one_jump_is_reported_once(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.clock.jump_wall(-3600)
    rig.play(5)
    rig.restart()
    rig.play(5)
    assert len(rig.events("tamper")) == 1


def test_tamper_holds_through_time_restarts_and_reboots_until_a_parent_acts(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.clock.jump_wall(-3600)
    rig.play(1)
    rig.play(2 * 86400, step=3600)  # cooldowns and midnights pass
    rig.close()
    rig.clock.reboot(60)
    status = rig.start().status()
    assert (status.lock_reason, status.tamper_detected) == ("tamper", True)
    assert not rig.limits.start_session()
    rig.limits.start_new_session_now()
    status = rig.status()
    assert (status.state, status.tamper_detected) == ("in_session", False)
    assert rig.events("tamper_cleared")


def test_a_jump_back_while_the_app_is_closed_is_caught_at_start(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    rig.close()
    rig.clock.advance(600)
    rig.clock.jump_wall(-7200)
    assert rig.start().status().lock_reason == "tamper"


def test_a_jump_back_across_a_reboot_is_caught(folder: Path) -> None:
    rig = session_over(folder)
    rig.close()
    rig.clock.reboot(down_seconds=300)
    rig.clock.jump_wall(-7200)
    assert rig.start().status().lock_reason == "tamper"


def test_a_forward_jump_does_not_end_a_cooldown(folder: Path) -> None:
    rig = session_over(folder)
    next_at = rig.status().next_session_at
    rig.clock.jump_wall(2 * 3600)
    status = rig.limits.tick().status
    assert (status.lock_reason, status.next_session_at) == ("session_over", next_at)
    rig.close()
    assert rig.start().status().lock_reason == "session_over"  # nor does a restart
    assert rig.play_until_state_changes() == 3600
    assert not rig.status().tamper_detected


def test_a_forward_jump_does_not_start_a_new_day_early(folder: Path) -> None:
    rig = session_over(folder, DAILY_15)
    rig.clock.jump_wall(86400)
    assert rig.limits.tick().status.lock_reason == "daily_limit"
    rig.close()
    rig.clock.advance(3600)
    status = rig.start().status()
    assert (status.lock_reason, status.used_today_seconds) == ("daily_limit", 900)
    assert status.next_session_at == local(rig.clock, "2026-11-27 00:00")


def test_across_a_reboot_the_wall_clock_is_believed_going_forward(folder: Path) -> None:
    """The documented limit of what can be known: after a reboot the wall clock is all there is."""
    rig = session_over(folder, DAILY_15)
    rig.close()
    rig.clock.reboot(down_seconds=60)
    rig.clock.jump_wall(86400)
    status = rig.start().status()
    assert (status.state, status.used_today_seconds) == ("ready", 0)


def test_across_a_reboot_the_cooldown_runs_on_the_wall_clock(folder: Path) -> None:
    rig = session_over(folder)
    next_at = rig.status().next_session_at
    rig.close()
    rig.clock.reboot(down_seconds=1800, up_seconds=10)
    status = rig.start().status()
    assert (status.lock_reason, status.next_session_at) == ("session_over", next_at)
    assert rig.play_until_state_changes() == 3600 - 1810


def test_across_a_reboot_no_negative_time_is_credited(folder: Path) -> None:
    rig = session_over(folder)
    next_at = rig.status().next_session_at
    rig.close()
    rig.clock.reboot(down_seconds=0, up_seconds=10)
    rig.clock.jump_wall(-50)  # the clock came back 40 s behind where it was: within tolerance
    status = rig.start().status()
    assert (status.lock_reason, status.tamper_detected) == ("session_over", False)
    assert status.next_session_at == next_at  # the 10 s of boot were not counted twice
    assert rig.play_until_state_changes() == 3600


def test_trusted_time_follows_the_boot_clock_within_a_boot() -> None:
    anchor = TimePoint("boot-a", 1000.0, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    wall_ahead = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    reading = Reading(50.0, BootTime("boot-a", 1600.0), wall_ahead, "UTC")
    result = trusted_now(anchor, reading, 0.0)
    assert result.now == anchor.trusted + timedelta(minutes=10)
    assert result.same_boot and result.backward_jump_seconds is None


def test_a_boot_clock_below_the_anchor_means_a_reboot_even_with_the_same_id() -> None:
    """An OS with no boot id at all: a lower boot clock is how a reboot shows there."""
    anchor = TimePoint("sunos5", 5000.0, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    later_wall = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    result = trusted_now(anchor, Reading(1.0, BootTime("sunos5", 30.0), later_wall, "UTC"), 0.0)
    assert (result.now, result.same_boot) == (later_wall, False)
    earlier_wall = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    result = trusted_now(anchor, Reading(1.0, BootTime("sunos5", 30.0), earlier_wall, "UTC"), 0.0)
    assert result.now == anchor.trusted  # never back
    assert result.backward_jump_seconds == 3600


def test_a_windows_reboot_counts_the_time_the_pc_was_off() -> None:
    """With one constant id for every boot, the kiosk took the time since the new boot for all
    that passed: trusted time stayed on the old day, and the allowed hours opened wrongly."""
    anchor_wall = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    booted = anchor_wall.timestamp() - 600.0
    anchor = TimePoint(windows_boot_id(600.0, anchor_wall.timestamp()), 600.0, anchor_wall)
    next_morning = anchor_wall + timedelta(hours=11)  # up for an hour and a half since
    boot = BootTime(windows_boot_id(5400.0, next_morning.timestamp()), 5400.0)
    result = trusted_now(anchor, Reading(1.0, boot, next_morning, "UTC"), 0.0)
    assert (result.now, result.same_boot) == (next_morning, False)
    assert boot.boot_id == f"windows-boot-{booted + 11 * 3600 - 4800:.0f}"

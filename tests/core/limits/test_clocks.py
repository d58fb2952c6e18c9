"""Clocks a child cannot move: wall-clock jumps, reboots, and tamper after a backward jump."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core.clock import BootTime, windows_boot_id
from kiosk.core.limits.ledger import TimePoint
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.trusted_time import Reading, WallOffsets, trusted_now
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
    assert rig.limits.parent_message == (
        "The system clock was set back, so the kiosk locked itself: put the clock right before"
        " unlocking, since unlocking takes the clock as it is."
    )


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
    rig.clock.jump_wall(3600)  # the parent puts the clock right
    rig.limits.end_session_now()  # and unlocks
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


def test_a_clock_set_ahead_while_running_is_not_believed_after_a_reboot(folder: Path) -> None:
    """Once a known limit: the child set the clock a day ahead and rebooted for a new day."""
    rig = session_over(folder, DAILY_15)
    rig.clock.jump_wall(86400)
    rig.play(1)  # one tick notes the lead, and saves it at once
    rig.kill()  # no clean exit: a reboot at the power button
    rig.clock.reboot(down_seconds=60)
    status = rig.start().status()
    assert (status.lock_reason, status.used_today_seconds) == ("daily_limit", 900)
    assert status.next_session_at == local(rig.clock, "2026-11-27 00:00")
    assert rig.limits.wall_ahead_seconds == pytest.approx(86400)
    assert not status.tamper_detected


def test_a_clock_set_ahead_does_not_end_a_cooldown_across_reboots(folder: Path) -> None:
    rig = session_over(folder)
    next_at = rig.status().next_session_at
    rig.clock.jump_wall(2 * 3600)
    rig.play(1)
    for _ in range(3):  # rebooting again does not wear the lead away
        rig.kill()
        rig.clock.reboot(down_seconds=30, up_seconds=10)
        status = rig.start().status()
        assert (status.lock_reason, status.next_session_at) == ("session_over", next_at)
    assert rig.play_until_state_changes() == 3600 - 3 * 40 - 1


def test_a_clock_put_right_again_is_believed_again_after_a_reboot(folder: Path) -> None:
    rig = session_over(folder)
    rig.clock.jump_wall(2 * 3600)
    rig.play(1)
    rig.clock.jump_wall(-2 * 3600)  # put right: no tamper, the wall is where trusted time is
    assert not rig.play(1).tamper_detected
    assert rig.limits.wall_ahead_seconds == 0
    rig.close()
    rig.clock.reboot(down_seconds=4 * 3600)  # off long enough for the cooldown
    status = rig.start().status()
    assert (status.state, status.tamper_detected) == ("ready", False)


def test_the_one_limit_left_a_clock_set_ahead_while_the_kiosk_did_not_run(folder: Path) -> None:
    """What the README says cannot be seen: the kiosk was not running at all when the clock was
    set ahead, and then the machine rebooted. The kiosk OS guide says how to forbid it."""
    rig = session_over(folder, DAILY_15)
    rig.close()
    rig.clock.jump_wall(86400)
    rig.clock.reboot(down_seconds=60)
    status = rig.start().status()
    assert (status.state, status.used_today_seconds) == ("ready", 0)


def test_clearing_a_clock_tamper_anchors_trusted_time_on_the_wall_clock(folder: Path) -> None:
    """Set ahead while the kiosk was off, then put right: trusted time was ahead of real time."""
    rig = session_over(folder)
    rig.close()
    rig.clock.jump_wall(12 * 3600)
    rig.clock.reboot(down_seconds=60)
    rig.start()
    rig.clock.jump_wall(-12 * 3600)  # put right while the kiosk runs: it reads as set back
    assert rig.play(1).lock_reason == "tamper"
    rig.limits.end_session_now()  # the parent unlocks
    assert rig.events("clock_anchored")[0][1]["seconds_moved"] == -12 * 3600
    assert rig.status().next_session_at == rig.clock.true_now + timedelta(hours=1)
    rig.clock.jump_wall(-1800)  # and a new jump back is seen against the real time
    assert rig.play(1).lock_reason == "tamper"


def test_a_parent_may_trust_a_wall_clock_that_runs_ahead(folder: Path) -> None:
    """Set ahead while running, then put right while the kiosk was off: after a reboot the
    right clock looks set ahead, and the time the machine was off is not believed."""
    rig = session_over(folder)
    next_at = rig.status().next_session_at
    assert next_at is not None
    rig.clock.jump_wall(2 * 3600)
    rig.play(1)
    rig.kill()
    rig.clock.jump_wall(-2 * 3600)
    rig.clock.reboot(down_seconds=600, up_seconds=8)
    rig.start()
    assert rig.limits.wall_ahead_seconds == pytest.approx(608)
    rig.limits.trust_wall_clock()
    assert rig.limits.wall_ahead_seconds == 0
    status = rig.status()
    assert (status.next_session_at, status.tamper_detected) == (next_at, False)
    cooldown_left = (next_at - rig.clock.true_now).total_seconds()
    assert rig.play_until_state_changes() == math.ceil(cooldown_left)
    ((_, detail),) = rig.events("clock_anchored")
    assert detail == {"seconds_moved": 608}


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
    result = trusted_now(anchor, reading, WallOffsets())
    assert result.now == anchor.trusted + timedelta(minutes=10)
    assert result.same_boot and result.backward_jump_seconds is None
    assert result.offsets == WallOffsets(ahead_seconds=86400 - 600)


def test_across_a_reboot_the_wall_clock_is_believed_less_its_known_lead() -> None:
    anchor = TimePoint("boot-a", 1000.0, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    wall = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    lead = WallOffsets(ahead_seconds=2 * 3600)
    result = trusted_now(anchor, Reading(1.0, BootTime("boot-b", 30.0), wall, "UTC"), lead)
    assert (result.now, result.same_boot) == (wall - timedelta(hours=2), False)
    assert result.offsets == lead  # still ahead: known for the next reboot too
    result = trusted_now(anchor, Reading(1.0, BootTime("boot-b", 30.0), wall, "UTC"), WallOffsets())
    assert result.now == wall


def test_a_boot_clock_below_the_anchor_means_a_reboot_even_with_the_same_id() -> None:
    """An OS with no boot id at all: a lower boot clock is how a reboot shows there."""
    anchor = TimePoint("sunos5", 5000.0, datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    later_wall = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    reboot = BootTime("sunos5", 30.0)
    result = trusted_now(anchor, Reading(1.0, reboot, later_wall, "UTC"), WallOffsets())
    assert (result.now, result.same_boot) == (later_wall, False)
    earlier_wall = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    result = trusted_now(anchor, Reading(1.0, reboot, earlier_wall, "UTC"), WallOffsets())
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
    result = trusted_now(anchor, Reading(1.0, boot, next_morning, "UTC"), WallOffsets())
    assert (result.now, result.same_boot) == (next_morning, False)
    assert boot.boot_id == f"windows-boot-{booted + 11 * 3600 - 4800:.0f}"

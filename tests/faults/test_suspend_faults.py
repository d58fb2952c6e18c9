"""Suspend and resume: the boot clock jumps ahead of the monotonic clock, which sleep stops.

Sleep is never counted as watching, and it counts towards the cooldown. No process-level test
can show this: libfaketime fakes the boot clock only together with the monotonic clock, as the
same fake wall clock, so they cannot part the way a suspend parts them. The core's time rules on
a fake clock and a real state file stand in, as the app drives them, tick by tick.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.core.limits.settings import LimitSettings
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig, state_folder

NO_GRACE = LimitSettings(finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def test_sleep_mid_session_is_not_watching_even_with_the_clock_moved_meanwhile(
    folder: Path,
) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(300)
    rig.clock.suspend(20 * 60)  # the lid is closed for twenty minutes
    rig.clock.jump_wall(3 * 3600)  # and the clock is set ahead while it sleeps
    status = rig.play(1)
    assert (status.state, status.session_seconds_left, status.used_today_seconds) == (
        "in_session",
        599,
        301,
    )
    assert rig.play(599).lock_reason == "session_over"


def test_a_cooldown_counts_the_time_asleep(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(900)
    next_at = rig.status().next_session_at
    rig.clock.suspend(45 * 60)
    assert rig.play(1).next_session_at == next_at  # sleep moved neither way
    assert rig.play_until_state_changes() == 15 * 60 - 1


def test_asleep_for_a_whole_cooldown_the_session_is_over_not_resumed(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(300)
    rig.clock.suspend(60 * 60)
    status = rig.limits.tick().status  # the first tick on waking
    assert (status.state, status.used_today_seconds) == ("ready", 300)
    assert rig.store.sessions()[0].end_reason == "break"


def test_sleep_across_midnight_counts_in_neither_day(folder: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 26, 23, 50, tzinfo=BERLIN))
    rig = KioskRig(folder, LimitSettings(daily_limit_minutes=15), clock=clock)
    rig.start().start_session()
    rig.play(300)
    rig.clock.suspend(20 * 60)  # asleep from 23:55 to 00:15, less than a cooldown
    status = rig.limits.tick().status
    assert (status.state, status.used_today_seconds) == ("in_session", 0)
    assert rig.limits.day == datetime(2026, 11, 27).date()
    assert status.session_seconds_left == 600  # the session's own time: 300 s were watched


def test_a_kill_after_a_sleep_loses_no_more_than_a_kill_alone(folder: Path) -> None:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(120)
    rig.clock.suspend(600)
    rig.play(10)
    rig.kill()
    status = rig.start().status()
    assert status.state == "in_session"
    assert 130 - 5 <= status.used_today_seconds <= 130  # at most the 5 s since the checkpoint

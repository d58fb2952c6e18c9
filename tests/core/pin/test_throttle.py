"""The throttle's waits, counted on the boot-time clock, through clock moves and reboots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.clock import BootTime
from kiosk.core.pin.throttle import (
    LONGEST_WAIT,
    ClockReading,
    ThrottleState,
    wait_after,
)
from tests.core.fake_clock import FakeClock


def now(clock: FakeClock) -> ClockReading:
    return ClockReading.read(clock)


def failed(times: int, clock: FakeClock, state: ThrottleState | None = None) -> ThrottleState:
    state = state or ThrottleState()
    for _ in range(times):
        state = state.record_failure(now(clock))
    return state


def test_five_attempts_are_free_then_the_waits_grow_to_an_hour() -> None:
    waits = [wait_after(failures) for failures in range(1, 13)]
    assert waits == [0, 0, 0, 0, 30, 60, 300, 900, 3600, 3600, 3600, 3600]


def test_no_wait_before_any_failure() -> None:
    clock = FakeClock()
    assert ThrottleState().seconds_to_wait(now(clock)) == 0
    assert ThrottleState().retry_at(now(clock)) is None


def test_the_fifth_failure_starts_a_30_second_wait_counted_on_boot_time() -> None:
    clock = FakeClock()
    state = failed(4, clock)
    assert state.seconds_to_wait(now(clock)) == 0
    state = failed(1, clock, state)
    assert state.failures == 5
    assert state.seconds_to_wait(now(clock)) == 30
    assert state.retry_at(now(clock)) == clock.wall() + timedelta(seconds=30)
    clock.advance(29.5)
    assert state.seconds_to_wait(now(clock)) == pytest.approx(0.5)
    clock.advance(0.5)
    assert state.seconds_to_wait(now(clock)) == 0
    assert state.retry_at(now(clock)) is None


@pytest.mark.parametrize("jump", [7200.0, -86_400.0, 30.0, -30.0])
def test_moving_the_wall_clock_within_a_boot_changes_nothing(jump: float) -> None:
    clock = FakeClock()
    state = failed(6, clock)  # a 60 s wait
    clock.advance(10)
    clock.jump_wall(jump)
    assert state.settle(now(clock)).state == state
    assert state.seconds_to_wait(now(clock)) == 50
    # Only the shown time follows the (moved) wall clock.
    assert state.retry_at(now(clock)) == clock.wall() + timedelta(seconds=50)


def test_time_asleep_counts_as_waiting() -> None:
    clock = FakeClock()
    state = failed(5, clock)
    clock.suspend(30)
    assert state.seconds_to_wait(now(clock)) == 0


def test_after_a_reboot_the_wait_falls_back_to_the_wall_clock_and_is_anchored_again() -> None:
    clock = FakeClock()
    state = failed(7, clock)  # a 300 s wait
    clock.advance(100)
    clock.reboot(down_seconds=50, up_seconds=10)  # 60 s of real time pass
    settled = state.settle(now(clock))
    assert not settled.clock_moved_back
    assert settled.state.boot_id == clock.boot_id != state.boot_id
    assert settled.state.failures == 7  # a reboot never resets the count
    assert settled.state.seconds_to_wait(now(clock)) == pytest.approx(140)
    # From here the new boot's clock decides again, whatever the wall clock does.
    clock.jump_wall(3600)
    clock.advance(139)
    assert settled.state.seconds_to_wait(now(clock)) == pytest.approx(1)
    clock.advance(1)
    assert settled.state.seconds_to_wait(now(clock)) == 0


def test_a_wall_clock_moved_forward_across_a_reboot_never_gives_a_negative_wait() -> None:
    clock = FakeClock()
    state = failed(9, clock)  # an hour
    clock.reboot()
    clock.jump_wall(10 * 86_400)
    settled = state.settle(now(clock))
    assert settled.state.seconds_to_wait(now(clock)) == 0
    assert settled.state.failures == 9
    # The count goes on: the next failure waits the full hour again.
    assert settled.state.record_failure(now(clock)).seconds_to_wait(now(clock)) == LONGEST_WAIT


def test_a_wall_clock_moved_back_before_the_last_failure_restarts_the_full_wait() -> None:
    clock = FakeClock()
    state = failed(8, clock)  # a 900 s wait
    clock.advance(600)
    clock.jump_wall(-3600)
    clock.reboot()
    settled = state.settle(now(clock))
    assert settled.clock_moved_back
    assert settled.state.seconds_to_wait(now(clock)) == 900
    # Once stored, the restarted wait runs out on the new boot's clock.
    clock.advance(900)
    assert settled.state.seconds_to_wait(now(clock)) == 0


def test_a_wall_clock_moved_back_but_after_the_last_failure_counts_from_the_wall() -> None:
    clock = FakeClock()
    state = failed(9, clock)  # an hour
    clock.advance(1800)
    clock.jump_wall(-600)  # still 20 minutes after the failure
    clock.reboot(down_seconds=0, up_seconds=0)
    settled = state.settle(now(clock))
    assert not settled.clock_moved_back
    assert settled.state.seconds_to_wait(now(clock)) == pytest.approx(2400)


def test_a_lower_boot_time_with_the_same_id_is_a_reboot() -> None:
    # Windows has no boot id; a tick count that went down means the machine restarted.
    clock = FakeClock()
    wall = clock.wall()
    state = ThrottleState(failures=4).record_failure(
        ClockReading(BootTime("windows", 5000.0), wall)
    )
    later = ClockReading(BootTime("windows", 20.0), wall + timedelta(seconds=10))
    assert state.settle(later).state.anchor_boot_seconds == 20.0
    assert state.seconds_to_wait(later) == pytest.approx(20)
    moved_back = ClockReading(BootTime("windows", 20.0), wall - timedelta(seconds=10))
    assert state.settle(moved_back).clock_moved_back
    assert state.seconds_to_wait(moved_back) == 30


def test_a_success_resets_the_count_and_the_wait() -> None:
    clock = FakeClock()
    state = failed(9, clock).record_success()
    assert state == ThrottleState()
    assert state.seconds_to_wait(now(clock)) == 0
    assert failed(1, clock, state).failures == 1


def test_a_stored_deadline_beyond_the_wait_is_capped() -> None:
    clock = FakeClock()
    state = failed(5, clock)
    tampered = ThrottleState(
        failures=5,
        last_failure_at=state.last_failure_at,
        deadline_at=state.deadline_at,
        boot_id=state.boot_id,
        anchor_boot_seconds=state.anchor_boot_seconds,
        deadline_boot_seconds=1e12,
    )
    assert tampered.seconds_to_wait(now(clock)) == 30


def test_locked_out_is_the_longest_wait() -> None:
    clock = FakeClock()
    assert ThrottleState.locked_out(now(clock)).seconds_to_wait(now(clock)) == LONGEST_WAIT


def test_inconsistent_states_are_refused() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError, match="negative"):
        ThrottleState(failures=-1)
    with pytest.raises(ValueError, match="whole"):
        ThrottleState(failures=5, boot_id="boot-1")
    with pytest.raises(ValueError, match="aware"):
        ThrottleState(
            failures=5,
            last_failure_at=clock.wall().replace(tzinfo=None),
            deadline_at=clock.wall(),
            boot_id="boot-1",
            anchor_boot_seconds=1.0,
            deadline_boot_seconds=31.0,
        )


@given(
    failures=st.integers(min_value=1, max_value=12),
    moves=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=4000, allow_nan=False),
            st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
        ),
        max_size=8,
    ),
)
def test_within_a_boot_only_elapsed_boot_time_matters(
    failures: int, moves: list[tuple[float, float]]
) -> None:
    clock = FakeClock()
    state = failed(failures, clock)
    elapsed = 0.0
    for seconds, jump in moves:
        clock.advance(seconds)
        clock.jump_wall(jump)
        elapsed += seconds
        expected = max(wait_after(failures) - elapsed, 0.0)
        assert state.seconds_to_wait(now(clock)) == pytest.approx(expected, abs=1e-6)

"""PIN waits run on the time rules' trusted time, as the kiosk wires them: a clock set ahead and a
reboot, which used to give one guess per reboot, skip a PIN wait no more than a cooldown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.limits.trusted_time import TrustedClock
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.pin.throttle import LONGEST_WAIT, wait_after
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.limits_kit import KioskRig, state_folder

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"
WRONG = "11223399"


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def guard_of(rig: KioskRig) -> PinGuard:
    """The guard as the kiosk opens it: on the state file, timed by the trusted clock."""
    return PinGuard(rig.store.pin_records, TrustedClock(rig.clock, rig.store), params=FAST)


def locked_out_for_an_hour(rig: KioskRig, guard: PinGuard) -> None:
    """Wrong PINs until the next one waits the longest wait, the kiosk ticking meanwhile."""
    guard.set_pin(PIN)
    failures = 0
    while wait_after(failures) < LONGEST_WAIT:
        rig.play(int(guard.seconds_to_wait()) + 30, step=30)
        assert guard.attempt(WRONG).outcome == "wrong"
        failures += 1


def test_a_pin_wait_holds_across_a_clock_set_ahead_and_a_reboot(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    guard = guard_of(rig)
    locked_out_for_an_hour(rig, guard)
    rig.clock.jump_wall(2 * 3600)  # the child sets the clock ahead, past the wait's end
    rig.play(1)
    rig.kill()
    rig.clock.reboot(down_seconds=30, up_seconds=10)
    rig.start()
    guard = guard_of(rig)
    wait = guard.seconds_to_wait()
    assert LONGEST_WAIT - 60 < wait <= LONGEST_WAIT - 40
    result = guard.attempt(PIN)
    assert (result.outcome, result.failures) == ("throttled", 9)
    rig.play(int(wait) + 60, step=60)
    assert guard.attempt(PIN).ok


def test_a_pin_wait_counts_the_time_the_machine_was_off(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    guard = guard_of(rig)
    locked_out_for_an_hour(rig, guard)
    rig.kill()
    rig.clock.reboot(down_seconds=1800, up_seconds=10)
    rig.start()
    wait = guard_of(rig).seconds_to_wait()
    assert LONGEST_WAIT - 1840 < wait <= LONGEST_WAIT - 1810


def test_before_the_kiosk_ever_saved_its_time_the_wall_clock_times_the_wait(
    folder: Path,
) -> None:
    store = Store.open(folder / "kiosk.sqlite3", set_up=False)
    try:
        fake = FakeClock()
        clock = TrustedClock(fake, store)
        assert clock.wall() == fake.wall()
        fake.jump_wall(600)
        assert clock.wall() == fake.wall()
    finally:
        store.close()

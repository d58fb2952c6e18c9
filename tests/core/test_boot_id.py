"""One boot, one id: Windows has none of its own, so the kiosk makes one from its boot time.

These run on any OS: a fake kernel32 stands in for Windows' tick counters, and a fake wall clock
for `time.time()`, so that a reboot, a wall clock moved and the rounding are set by hand.
"""

from __future__ import annotations

import ctypes
import sys
import time
from types import SimpleNamespace

import pytest

from kiosk.core import clock as clock_module
from kiosk.core.clock import BootTime, SystemClock, windows_boot_id

# 2026-11-26 10:00 UTC, on the wall clock.
WALL = 1_795_687_200.0


class _Function:
    """A ctypes function as kernel32 gives one: callable, with a settable `restype`."""

    def __init__(self, call: object) -> None:
        self.call = call
        self.restype: object = None

    def __call__(self, *args: object) -> object:
        return self.call(*args)  # type: ignore[operator]


class FakeWindows:
    """kernel32's two tick counters and the wall clock, as a test sets them."""

    def __init__(self, seconds_since_boot: float, wall: float = WALL) -> None:
        self.seconds_since_boot = seconds_since_boot
        self.asleep_seconds = 0.0
        self.wall = wall
        self.GetTickCount64 = _Function(lambda: int(self.seconds_since_boot * 1000))
        self.QueryUnbiasedInterruptTime = _Function(self._unbiased)

    def _unbiased(self, reference: ctypes._CArgObject) -> int:
        awake = self.seconds_since_boot - self.asleep_seconds
        reference._obj.value = int(awake * 10_000_000)  # type: ignore[attr-defined]
        return 1

    def run(self, seconds: float) -> None:
        self.seconds_since_boot += seconds
        self.wall += seconds

    def clock(self, monkeypatch: pytest.MonkeyPatch) -> SystemClock:
        """A `SystemClock` started now, as a new kiosk process on this Windows would be."""
        monkeypatch.setattr(sys, "platform", "win32")
        monkeypatch.setattr(clock_module, "_kernel32", lambda: self)
        monkeypatch.setattr(
            clock_module, "time", SimpleNamespace(time=lambda: self.wall, monotonic=time.monotonic)
        )
        return SystemClock()


def test_every_process_of_one_windows_boot_gets_the_same_id(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    windows = FakeWindows(seconds_since_boot=3600.0)
    first = windows.clock(monkeypatch).boot_time()
    assert first == BootTime(windows_boot_id(3600.0, WALL), 3600.0)
    assert first.boot_id == f"windows-boot-{int(WALL) - 3600}"
    windows.run(5 * 3600.0 + 0.016)  # hours later, and a tick's worth of jitter
    later = windows.clock(monkeypatch).boot_time()
    assert later.boot_id == first.boot_id
    assert later.seconds == pytest.approx(first.seconds + 5 * 3600, abs=0.02)
    assert later.continues(first)


def test_a_windows_reboot_is_a_new_boot_even_once_it_has_run_longer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The constant id made the kiosk take the time since the new boot for all that passed."""
    windows = FakeWindows(seconds_since_boot=600.0)
    before = windows.clock(monkeypatch).boot_time()
    windows.wall += 3600.0  # switched off for an hour
    windows.seconds_since_boot = 0.0
    windows.run(1800.0)  # up for half an hour since: more than the old boot had been
    after = windows.clock(monkeypatch).boot_time()
    assert after.seconds > before.seconds
    assert after.boot_id != before.boot_id
    assert not after.continues(before)


def test_windows_sleep_counts_in_the_boot_clock_but_not_as_monotonic_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    windows = FakeWindows(seconds_since_boot=1000.0)
    clock = windows.clock(monkeypatch)
    boot, awake = clock.boot_time(), clock.monotonic()
    windows.run(600.0)
    windows.asleep_seconds += 600.0  # all of it asleep
    assert clock.boot_time().seconds == boot.seconds + 600.0
    assert clock.monotonic() == pytest.approx(awake)


def test_a_wall_clock_moved_within_a_windows_boot_is_still_that_boot() -> None:
    """The id is read off the wall clock, so a moved clock changes it; the boot clock does not."""
    earlier = BootTime(windows_boot_id(5 * 3600.0, WALL), 5 * 3600.0)
    moved_ahead = BootTime(windows_boot_id(5 * 3600.0 + 60, WALL + 60 + 2 * 3600), 5 * 3600.0 + 60)
    assert moved_ahead.boot_id != earlier.boot_id
    assert moved_ahead.continues(earlier)
    moved_back = BootTime(windows_boot_id(5 * 3600.0 + 60, WALL + 60 - 3600), 5 * 3600.0 + 60)
    assert moved_back.continues(earlier)


def test_the_next_minute_of_rounding_is_the_same_boot() -> None:
    """A boot time on the edge of a minute may round either way in two processes."""
    earlier = BootTime("windows-boot-1795683600", 600.0)
    assert BootTime("windows-boot-1795683660", 620.0).continues(earlier)
    assert not BootTime("windows-boot-1795683660", 590.0).continues(earlier)


def test_other_ids_continue_only_when_they_are_equal() -> None:
    earlier = BootTime("0b6d5c8e-linux", 600.0)
    assert BootTime("0b6d5c8e-linux", 600.0).continues(earlier)
    assert not BootTime("0b6d5c8e-linux", 599.0).continues(earlier)
    assert not BootTime("f00d-linux", 700.0).continues(earlier)
    assert not BootTime("windows-boot-soon", 700.0).continues(BootTime("windows-boot-1", 600.0))

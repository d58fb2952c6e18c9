"""The real clocks on this machine, the per-OS fallbacks, and the fake clock the other tests use."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core import clock as clock_module
from kiosk.core.clock import BootTime, SystemClock, local_zone
from tests.core.fake_clock import BERLIN, FakeClock

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux clocks")


@linux_only
def test_system_clock_reads_the_boot_clock_and_the_boot_id() -> None:
    boot_id = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = SystemClock().boot_time()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert reading.boot_id == boot_id
    assert before <= reading.seconds <= after


@linux_only
def test_system_monotonic_is_the_clock_that_stops_in_suspend() -> None:
    before = time.clock_gettime(time.CLOCK_MONOTONIC)
    value = SystemClock().monotonic()
    assert before <= value <= time.clock_gettime(time.CLOCK_MONOTONIC)


def test_system_wall_clock_is_aware_and_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    wall = SystemClock().wall()
    assert wall.tzinfo == ZoneInfo("America/New_York")
    assert abs(wall - datetime.now(UTC)) < timedelta(minutes=1)


def test_local_zone_follows_tz_then_etc_localtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Asia/Tokyo")
    assert local_zone() == ZoneInfo("Asia/Tokyo")
    monkeypatch.setenv("TZ", "Not/AZone")
    zone = local_zone()  # an unknown TZ falls back instead of failing
    assert datetime.now(zone).utcoffset() is not None


def test_local_zone_without_tz_reads_the_system_zone_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    zoneinfo_dir = tmp_path / "usr" / "share" / "zoneinfo" / "Europe"
    zoneinfo_dir.mkdir(parents=True)
    source = Path("/usr/share/zoneinfo/Europe/Berlin")
    if not source.exists():
        pytest.skip("no system zoneinfo database")
    (zoneinfo_dir / "Berlin").write_bytes(source.read_bytes())
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo_dir / "Berlin")
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(clock_module, "_LOCALTIME", link)
    zone = local_zone()
    assert str(zone) == "Europe/Berlin"
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC).astimezone(zone)
    winter = datetime(2026, 1, 1, 12, tzinfo=UTC).astimezone(zone)
    assert (summer.utcoffset(), winter.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))


def test_other_platforms_helpers_do_not_crash_here() -> None:
    if sys.platform != "win32":
        assert clock_module._windows_tick_seconds() is None
        assert clock_module._windows_unbiased_interrupt_seconds() is None
    if sys.platform != "darwin":
        assert clock_module._darwin_boot_session_uuid() is None


def test_unknown_platform_falls_back_to_a_constant_boot_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "sunos5")
    reading = SystemClock().boot_time()
    assert reading.boot_id == "sunos5"
    assert reading.seconds >= 0


@linux_only
def test_missing_boot_id_file_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(clock_module, "_LINUX_BOOT_ID", tmp_path / "absent")
    assert SystemClock().boot_time().boot_id == "linux"


# The fake clock: the other tests trust it, so its rules are pinned down here.


def test_fake_advance_moves_every_clock() -> None:
    clock = FakeClock()
    mono, boot, wall = clock.monotonic(), clock.boot_time(), clock.wall()
    clock.advance(90)
    assert clock.monotonic() == mono + 90
    assert clock.boot_time() == BootTime(boot.boot_id, boot.seconds + 90)
    assert clock.wall() == wall + timedelta(seconds=90)


def test_fake_suspend_stops_only_the_monotonic_clock() -> None:
    clock = FakeClock()
    mono, boot, wall = clock.monotonic(), clock.boot_time(), clock.wall()
    clock.suspend(600)
    assert clock.monotonic() == mono
    assert clock.boot_time().seconds == boot.seconds + 600
    assert clock.wall() == wall + timedelta(minutes=10)


def test_fake_reboot_starts_a_new_boot_and_time_goes_on() -> None:
    clock = FakeClock(boot_seconds=5000)
    first, wall = clock.boot_time(), clock.wall()
    clock.reboot(down_seconds=100, up_seconds=10)
    second = clock.boot_time()
    assert second.boot_id != first.boot_id
    assert second.seconds == 10
    assert clock.wall() == wall + timedelta(seconds=110)


def test_fake_wall_jump_moves_only_the_wall_clock() -> None:
    clock = FakeClock()
    mono, boot, true_now = clock.monotonic(), clock.boot_time(), clock.true_now
    clock.jump_wall(-3600)
    assert clock.wall() == true_now - timedelta(hours=1)
    assert (clock.monotonic(), clock.boot_time(), clock.true_now) == (mono, boot, true_now)


def test_fake_zone_is_settable_and_time_only_moves_forward() -> None:
    clock = FakeClock()
    instant = clock.wall()
    clock.set_zone(ZoneInfo("America/New_York"))
    assert clock.wall() == instant
    assert clock.wall().tzinfo == ZoneInfo("America/New_York")
    assert FakeClock().wall().tzinfo == BERLIN
    with pytest.raises(ValueError):
        clock.advance(-1)

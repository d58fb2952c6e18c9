"""The real clocks on this machine, the per-OS fallbacks, and the fake clock the other tests use."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core import clock as clock_module
from kiosk.core.clock import BootTime, SystemClock, system_zone_name
from kiosk.core.zones import fixed_offset_zone_name
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


def test_system_wall_clock_is_an_instant_whatever_the_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The zone the system is set to does not come with the wall clock: the rules pick theirs."""
    monkeypatch.setenv("TZ", "America/New_York")
    wall = SystemClock().wall()
    assert wall.utcoffset() == timedelta(0)
    assert abs(wall - datetime.now(UTC)) < timedelta(minutes=1)


def test_system_zone_follows_tz_then_etc_localtime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Asia/Tokyo")
    assert SystemClock().system_zone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "UTC-3")  # a POSIX rule: it decides the local time, but has no name
    time.tzset()  # a process reads TZ once at start; this one changed it
    try:
        assert system_zone_name() == "Etc/GMT-3"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_system_zone_reads_a_zone_file_named_in_tz(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    link = tmp_path / "zone"
    link.symlink_to(fake_zoneinfo(tmp_path, "America/Chicago"))
    monkeypatch.setenv("TZ", f":{link}")
    assert system_zone_name() == "America/Chicago"


def test_system_zone_without_tz_reads_the_system_zone_link(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    link = tmp_path / "localtime"
    link.symlink_to(fake_zoneinfo(tmp_path, "Europe/Berlin"))
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(clock_module, "_LOCALTIME", link)
    assert system_zone_name() == "Europe/Berlin"
    # Changed while the kiosk runs: read afresh at every call.
    link.unlink()
    link.symlink_to(fake_zoneinfo(tmp_path, "America/Chicago"))
    assert system_zone_name() == "America/Chicago"


def test_a_copied_zone_file_is_named_by_etc_timezone_or_by_its_offset(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    copied = tmp_path / "localtime"
    copied.write_bytes(b"TZif")  # not a link: its name cannot be read off it
    named = tmp_path / "timezone"
    named.write_text("America/Chicago\n")
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(clock_module, "_LOCALTIME", copied)
    monkeypatch.setattr(clock_module, "_TIMEZONE_NAME", named)
    assert system_zone_name() == "America/Chicago"
    named.write_text("Not/AZone\n")
    offset = datetime.now().astimezone().utcoffset()
    assert offset is not None
    assert system_zone_name() == fixed_offset_zone_name(offset)


def fake_zoneinfo(root: Path, name: str) -> Path:
    """A copy of one zone in a zoneinfo folder of our own, as /etc/localtime would link to."""
    source = Path("/usr/share/zoneinfo") / name
    if not source.exists():
        pytest.skip("no system zoneinfo database")
    target = root / "usr" / "share" / "zoneinfo" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


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
    assert clock.system_zone() == "America/New_York"
    assert FakeClock().wall().tzinfo == BERLIN
    with pytest.raises(ValueError):
        clock.advance(-1)

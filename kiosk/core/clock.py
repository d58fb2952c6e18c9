"""The three clocks the time rules read, behind one small protocol, and the real ones per OS.

`monotonic()` measures time on screen: it stops while the machine sleeps. `boot_time()` measures
real elapsed time within one boot: it keeps counting through suspend, and it cannot be set, so a
child who moves the system clock cannot move it. `wall()` is the calendar time, needed for
midnight and allowed hours, and trusted only as far as `limits` decides. It is an instant: the
zone it is read in is the household's (`kiosk.core.zones`), never the system's, so a clock says
which zone the system is set to only through `system_zone()`, for recording it at setup and for
noticing a change. A `SystemClock` reads the best source each OS offers; tests pass a fake clock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kiosk.core.zones import fixed_offset_zone_name, zone_problem

_LINUX_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
_LOCALTIME = Path("/etc/localtime")
_TIMEZONE_NAME = Path("/etc/timezone")  # Debian and its kin name the zone here as well

# Windows boot ids are the boot time (the wall clock less the time since boot) in whole steps of
# this many seconds, so that every process of one boot computes the same id.
_WINDOWS_BOOT_ID_STEP = 60
_WINDOWS_BOOT_ID_PREFIX = "windows-boot-"


@dataclass(frozen=True)
class BootTime:
    """Seconds since boot, counting suspend, and an id that changes with every boot.

    Where the OS gives no boot id, the id stays the same across boots. That is safe: a reading
    lower than an earlier one of the same id is taken as a reboot, and otherwise the difference
    can only under-state the time that really passed (the machine was off for part of it).
    """

    boot_id: str
    seconds: float

    def continues(self, earlier: BootTime) -> bool:
        """This reading comes from the same boot as `earlier`, and not before it.

        Then the difference of the two is the real time that passed. A Windows id is the boot
        time read off the wall clock (see `windows_boot_id`), so a wall clock moved since
        `earlier` gives another id within the same boot. Two such ids name one boot when they
        differ by less than `earlier`'s time since boot: a real reboot comes after `earlier` was
        read, so its boot time is later than the earlier boot's by more than that.
        """
        if self.seconds < earlier.seconds:
            return False
        if self.boot_id == earlier.boot_id:
            return True
        mine, theirs = _windows_boot_epoch(self.boot_id), _windows_boot_epoch(earlier.boot_id)
        if mine is None or theirs is None:
            return False
        return abs(mine - theirs) < earlier.seconds


class Clock(Protocol):
    """What the time rules read. All of it is read together, once per evaluation."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; does not advance while the machine sleeps."""
        ...

    def boot_time(self) -> BootTime:
        """Seconds since boot, advancing through suspend, with the boot's id."""
        ...

    def wall(self) -> datetime:
        """The calendar time as a timezone-aware instant (in any zone: read it in the household's)."""
        ...

    def system_zone(self) -> str:
        """The IANA name of the zone the system is set to now (see `system_zone_name`)."""
        ...


class SystemClock:
    """The real clocks of this machine.

    - Linux: `CLOCK_MONOTONIC` (stops in suspend), `CLOCK_BOOTTIME` (counts suspend) and
      `/proc/sys/kernel/random/boot_id`.
    - macOS: `time.monotonic()` is `mach_absolute_time`, which stops in sleep. Darwin's
      `CLOCK_MONOTONIC` is the one documented to "continue to increment while the system is
      asleep" (clock_gettime(3)); it is counted from boot. The boot id is the sysctl
      `kern.bootsessionuuid`.
    - Windows: `QueryUnbiasedInterruptTime` leaves out sleep and hibernation, and
      `GetTickCount64` includes them. Windows has no documented boot id, so the id is the boot
      time, the wall clock less `GetTickCount64`, read once at start (`windows_boot_id`).
    """

    def __init__(self) -> None:
        self._monotonic = _monotonic_source()
        self._boot_seconds, self._boot_id = _boot_source()

    def monotonic(self) -> float:
        return self._monotonic()

    def boot_time(self) -> BootTime:
        return BootTime(self._boot_id, self._boot_seconds())

    def wall(self) -> datetime:
        return datetime.now(UTC)

    def system_zone(self) -> str:
        return system_zone_name()


def system_zone_name() -> str:
    """The IANA name of the zone the system is set to now, read afresh at every call.

    Order: the `TZ` variable if it names a zone (or a zone file, as `TZ=:/path` may), then the
    link `/etc/localtime` (Linux and macOS), then `/etc/timezone`. A system zone with no name
    to read (Windows, or a POSIX rule in `TZ`) is given as its fixed offset now, "Etc/GMT-2".
    """
    tz = os.environ.get("TZ", "").removeprefix(":")
    if tz:
        name = tz if not tz.startswith("/") else _zone_key_from_link(Path(tz))
        if name and zone_problem(name) is None:
            return name
        return _current_offset_name()  # TZ decides the local time, even one without a name
    name = _zone_key_from_link(_LOCALTIME)
    if name and zone_problem(name) is None:
        return name
    try:
        name = _TIMEZONE_NAME.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        name = ""
    if name and zone_problem(name) is None:
        return name
    return _current_offset_name()


def _current_offset_name() -> str:
    offset = datetime.now().astimezone().utcoffset()
    assert offset is not None  # astimezone() on a naive datetime always attaches the local zone
    return fixed_offset_zone_name(offset)


def _zone_key_from_link(path: Path) -> str | None:
    """'Europe/Berlin' from a link to '.../zoneinfo/Europe/Berlin', for readable zone names."""
    try:
        target = str(path.resolve())
    except OSError:
        return None
    marker = "/zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def _monotonic_source() -> Callable[[], float]:
    if sys.platform == "win32":
        unbiased = _windows_unbiased_interrupt_seconds()
        if unbiased is not None:
            return unbiased
    # Linux CLOCK_MONOTONIC and macOS mach_absolute_time both stop while the machine sleeps.
    return time.monotonic


def _boot_source() -> tuple[Callable[[], float], str]:
    """The boot-time reader and the boot id for this OS, falling back to safe constants."""
    if sys.platform.startswith("linux"):
        try:
            boot_id = _LINUX_BOOT_ID.read_text(encoding="ascii").strip()
        except OSError:
            boot_id = "linux"
        return _clock_reader("CLOCK_BOOTTIME"), boot_id or "linux"
    if sys.platform == "darwin":
        return _clock_reader("CLOCK_MONOTONIC"), _darwin_boot_session_uuid() or "darwin"
    if sys.platform == "win32":
        ticks = _windows_tick_seconds()
        if ticks is not None:
            return ticks, windows_boot_id(ticks(), time.time())
    # An OS we do not know: time.monotonic may stop in sleep, which only makes a cooldown last
    # longer, never shorter.
    return time.monotonic, sys.platform


def windows_boot_id(seconds_since_boot: float, wall_epoch: float) -> str:
    """A per-boot id for Windows: when it booted, by the wall clock, in whole minutes.

    `GetTickCount64` counts from boot, sleep included, so the wall clock less it is the same
    moment for every process of one boot, give or take the tick's 16 ms and the clock's slow
    corrections; whole minutes make that one id. A wall clock moved while the machine runs
    gives another id; `BootTime.continues` still knows it for the same boot.
    """
    step = _WINDOWS_BOOT_ID_STEP
    booted = round((wall_epoch - seconds_since_boot) / step) * step
    return f"{_WINDOWS_BOOT_ID_PREFIX}{booted:d}"


def _windows_boot_epoch(boot_id: str) -> int | None:
    """The boot time a `windows_boot_id` holds; None for any other kind of id."""
    text = boot_id.removeprefix(_WINDOWS_BOOT_ID_PREFIX)
    if text == boot_id:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _clock_reader(name: str) -> Callable[[], float]:
    clock_id = getattr(time, name, None)
    if not isinstance(clock_id, int):
        return time.monotonic

    def read() -> float:
        return time.clock_gettime(clock_id)

    return read


def _darwin_boot_session_uuid() -> str | None:
    """`sysctl kern.bootsessionuuid`, a UUID made afresh at every boot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        name = b"kern.bootsessionuuid"
        size = ctypes.c_size_t(0)
        if libc.sysctlbyname(name, None, ctypes.byref(size), None, 0) != 0 or size.value == 0:
            return None
        buffer = ctypes.create_string_buffer(size.value)
        if libc.sysctlbyname(name, buffer, ctypes.byref(size), None, 0) != 0:
            return None
        return buffer.value.decode("ascii", "replace") or None
    except (OSError, AttributeError):
        return None


def _kernel32() -> Any:
    # ctypes.WinDLL exists only on Windows, and typeshed declares it only there; elsewhere this
    # raises AttributeError, which the callers expect. (unused-ignore: mypy run on Windows.)
    return ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]


def _windows_tick_seconds() -> Callable[[], float] | None:
    """GetTickCount64: milliseconds since boot, including sleep and hibernation."""
    try:
        get_tick_count = _kernel32().GetTickCount64
        get_tick_count.restype = ctypes.c_uint64
    except (OSError, AttributeError):
        return None

    def read() -> float:
        return float(get_tick_count()) / 1000.0

    return read


def _windows_unbiased_interrupt_seconds() -> Callable[[], float] | None:
    """QueryUnbiasedInterruptTime: 100 ns units since boot, not counting sleep or hibernation."""
    try:
        query = _kernel32().QueryUnbiasedInterruptTime
    except (OSError, AttributeError):
        return None

    def read() -> float:
        value = ctypes.c_uint64(0)
        query(ctypes.byref(value))
        return value.value / 10_000_000.0

    return read

"""A clock for tests that a test moves by hand: on-screen time, suspend, reboot and clock jumps.

It keeps the machine's true time apart from its wall clock, so a test can move the wall clock
as a child would and still know how much time really passed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from kiosk.core.clock import BootTime

BERLIN = ZoneInfo("Europe/Berlin")


class FakeClock:
    """Implements `kiosk.core.clock.Clock`. Nothing moves unless a test moves it."""

    def __init__(
        self,
        start: datetime | None = None,
        *,
        zone: tzinfo = BERLIN,
        boot_seconds: float = 120.0,
    ) -> None:
        self.zone = zone
        first = start if start is not None else datetime(2026, 11, 26, 10, 0, tzinfo=zone)
        if first.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._true = first
        self._wall_offset = timedelta(0)
        self._monotonic = 5_000.0
        self._boot_seconds = boot_seconds
        self._boots = 1

    # The Clock protocol.
    def monotonic(self) -> float:
        return self._monotonic

    def boot_time(self) -> BootTime:
        return BootTime(f"boot-{self._boots}", self._boot_seconds)

    def wall(self) -> datetime:
        return (self._true + self._wall_offset).astimezone(self.zone)

    def system_zone(self) -> str:
        return str(self.zone)  # a ZoneInfo's str() is its key, "Europe/Berlin"

    # What tests do to it.
    @property
    def true_now(self) -> datetime:
        """The real time, which a child cannot move."""
        return self._true.astimezone(self.zone)

    @property
    def boot_id(self) -> str:
        return f"boot-{self._boots}"

    def advance(self, seconds: float) -> None:
        """Time passes with the machine awake: every clock moves."""
        self._check(seconds)
        self._monotonic += seconds
        self._boot_seconds += seconds
        self._true += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: boot time and the wall clock move, monotonic time does not."""
        self._check(seconds)
        self._boot_seconds += seconds
        self._true += timedelta(seconds=seconds)

    def reboot(self, down_seconds: float = 30.0, *, up_seconds: float = 8.0) -> None:
        """The machine is off for `down_seconds`, then boots: a new boot id, boot time near 0."""
        self._check(down_seconds)
        self._true += timedelta(seconds=down_seconds + up_seconds)
        self._boots += 1
        self._boot_seconds = up_seconds
        self._monotonic = 1_000.0 * self._boots + up_seconds

    def jump_wall(self, seconds: float) -> None:
        """Someone sets the system clock: only the wall clock moves, by `seconds` (may be < 0)."""
        self._wall_offset += timedelta(seconds=seconds)

    def set_zone(self, zone: tzinfo) -> None:
        """The system time zone changes (as a child may change it); the instant stays the same."""
        self.zone = zone

    @staticmethod
    def _check(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward; use jump_wall to set the clock back")

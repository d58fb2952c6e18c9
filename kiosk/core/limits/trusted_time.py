"""The trusted timeline the time rules run on, and how a backward clock jump is caught.

Within one boot, trusted time advances exactly as the boot clock does (suspend included), from
an anchor saved at every checkpoint, so setting the wall clock forward or back changes nothing.
Across a reboot (or when the boot clock reads lower than the anchor) the wall clock is all there
is: it is believed going forward, never going back, so trusted time never decreases. The wall
clock falling behind trusted time by more than a small tolerance is reported as tamper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.core.clock import BootTime, Clock
from kiosk.core.limits.ledger import TimePoint

# NTP nudges and the odd step correction must not lock a family out. A jump back smaller than
# this gains the child nothing: within a boot time counts on the boot clock, and across a reboot
# a wall clock behind the last trusted time is simply not believed.
TAMPER_TOLERANCE_SECONDS = 60.0


@dataclass(frozen=True)
class Reading:
    """The clocks read together, and the zone the system is set to at that moment."""

    monotonic: float
    boot: BootTime
    wall: datetime
    system_zone: str

    @classmethod
    def take(cls, clock: Clock) -> Reading:
        wall = clock.wall()
        if wall.tzinfo is None:
            raise ValueError("Clock.wall() must return a timezone-aware time")
        return cls(clock.monotonic(), clock.boot_time(), wall, clock.system_zone())


@dataclass(frozen=True)
class TrustedNow:
    now: datetime
    point: TimePoint
    same_boot: bool
    wall_behind_seconds: float
    # Set when the wall clock went back further than it was already known to be behind.
    backward_jump_seconds: float | None


def trusted_now(
    anchor: TimePoint | None, reading: Reading, wall_behind_seconds: float
) -> TrustedNow:
    """Where trusted time stands at `reading`, given the last anchor and the known wall lag."""
    wall = reading.wall.astimezone(UTC)
    if anchor is None:
        now, same_boot = wall, False
    elif reading.boot.continues(BootTime(anchor.boot_id, anchor.boot_seconds)):
        now = anchor.trusted + timedelta(seconds=reading.boot.seconds - anchor.boot_seconds)
        same_boot = True
    else:
        now, same_boot = max(wall, anchor.trusted), False
    behind = (now - wall).total_seconds()
    jump: float | None = None
    if behind > wall_behind_seconds + TAMPER_TOLERANCE_SECONDS:
        jump = behind - wall_behind_seconds
        wall_behind_seconds = behind
    elif behind < wall_behind_seconds:
        # The wall clock came forward again (a parent fixing it): a later jump back from here
        # is new. Creeping back in small steps still adds up against the old baseline.
        wall_behind_seconds = max(0.0, behind)
    point = TimePoint(reading.boot.boot_id, reading.boot.seconds, now)
    return TrustedNow(now, point, same_boot, wall_behind_seconds, jump)

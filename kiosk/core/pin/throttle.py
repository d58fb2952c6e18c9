"""How long a wrong PIN makes the next attempt wait, kept so that restarts and clock moves do not
shorten it.

Five wrong attempts are free; after the fifth, each wrong attempt starts a wait before the next
one is accepted: 30 s, 1 min, 5 min, 15 min, and then 1 h after every further one. Only a
success resets the count. A wait is anchored on the boot-time clock, which a child cannot set:
within one boot it alone decides, and the wall clock is ignored. A reboot makes that anchor
meaningless, so the wait then falls back to the deadline stored beside it on the clock's
`wall()`, and is anchored again on the new boot. The kiosk hands the throttle the time rules'
trusted time as that wall clock (`limits.trusted_time.TrustedClock`), so a clock set ahead
before a reboot skips a PIN wait no more than it ends a cooldown. A wall clock that reads
earlier than the last failure after a reboot has been moved back: the full wait starts again
from now (fail closed), and the caller is told so it can record tampering. The state is a plain
value; `kiosk.core.store.pin_records` keeps it and `guard` drives it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Final

from kiosk.core.clock import BootTime, Clock

FREE_ATTEMPTS: Final = 5
WAITS_AFTER_FREE_ATTEMPTS: Final = (30.0, 60.0, 300.0, 900.0)
LONGEST_WAIT: Final = 3600.0

# A count that always means the longest wait, for a throttle state that cannot be trusted.
LOCKED_OUT_FAILURES: Final = FREE_ATTEMPTS + len(WAITS_AFTER_FREE_ATTEMPTS)


def wait_after(failures: int) -> float:
    """Seconds the next attempt must wait after `failures` wrong attempts in a row."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    index = failures - FREE_ATTEMPTS
    return (
        WAITS_AFTER_FREE_ATTEMPTS[index] if index < len(WAITS_AFTER_FREE_ATTEMPTS) else LONGEST_WAIT
    )


@dataclass(frozen=True)
class ClockReading:
    """The boot-time and wall clocks read together, once per decision."""

    boot: BootTime
    wall: datetime

    @classmethod
    def read(cls, clock: Clock) -> ClockReading:
        return cls(clock.boot_time(), clock.wall())


@dataclass(frozen=True)
class Settled:
    """A throttle state brought onto the current boot, and whether the wall clock went back."""

    state: ThrottleState
    clock_moved_back: bool


@dataclass(frozen=True)
class ThrottleState:
    """The failure count and the pending wait, as stored.

    The anchor (`boot_id`, `anchor_boot_seconds`, `deadline_boot_seconds`) is set by every
    failure and names the boot on which the wait is counted. `deadline_at` is the same deadline
    on the wall clock, read only after a reboot. `last_failure_at` is the wall time of the last
    failure, to notice a wall clock moved back across a reboot.
    """

    failures: int = 0
    last_failure_at: datetime | None = None
    deadline_at: datetime | None = None
    boot_id: str | None = None
    anchor_boot_seconds: float | None = None
    deadline_boot_seconds: float | None = None

    def __post_init__(self) -> None:
        if self.failures < 0:
            raise ValueError(f"a failure count cannot be negative: {self.failures}")
        anchor = (
            self.last_failure_at,
            self.deadline_at,
            self.boot_id,
            self.anchor_boot_seconds,
            self.deadline_boot_seconds,
        )
        if any(part is None for part in anchor) and any(part is not None for part in anchor):
            raise ValueError("a throttle anchor must be stored whole or not at all")
        for moment in (self.last_failure_at, self.deadline_at):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError("throttle times must be timezone-aware")

    @classmethod
    def locked_out(cls, now: ClockReading) -> ThrottleState:
        """The longest wait from now: what a damaged or missing stored state is replaced by."""
        return cls().record_failure(now, failures=LOCKED_OUT_FAILURES)

    @property
    def anchored(self) -> bool:
        return self.boot_id is not None

    def settle(self, now: ClockReading) -> Settled:
        """This state with its wait counted on the current boot; unchanged within the same boot.

        Persist the result when it differs: a wait measured again from now after a backward
        wall clock would otherwise restart at every reading and never end. `last_failure_at`
        is kept, so if the wall clock is still behind it at the next reboot, the wait starts
        over once more.
        """
        if not self.anchored or self._same_boot(now.boot):
            return Settled(self, clock_moved_back=False)
        assert self.last_failure_at is not None and self.deadline_at is not None  # anchored
        full_wait = wait_after(self.failures)
        if now.wall < self.last_failure_at:
            # The time that passed is unknown; fail closed with the whole wait.
            return Settled(self._anchor(now, full_wait), clock_moved_back=True)
        remaining = (self.deadline_at - now.wall).total_seconds()
        remaining = min(max(remaining, 0.0), full_wait)
        return Settled(self._anchor(now, remaining), clock_moved_back=False)

    def seconds_to_wait(self, now: ClockReading) -> float:
        """Seconds until the next attempt is accepted; 0.0 if it is accepted now."""
        state = self.settle(now).state
        if not state.anchored:
            return 0.0
        assert state.deadline_boot_seconds is not None  # anchored
        remaining = state.deadline_boot_seconds - now.boot.seconds
        # Never more than this count's wait, whatever the stored deadline says.
        return min(max(remaining, 0.0), wait_after(state.failures))

    def retry_at(self, now: ClockReading) -> datetime | None:
        """The wall time at which the next attempt is accepted, for display; None if now."""
        seconds = self.seconds_to_wait(now)
        return now.wall + timedelta(seconds=seconds) if seconds > 0 else None

    def record_failure(self, now: ClockReading, *, failures: int | None = None) -> ThrottleState:
        """One more wrong attempt (or the count given), its wait starting now."""
        count = self.failures + 1 if failures is None else failures
        wait = wait_after(count)
        return ThrottleState(
            failures=count,
            last_failure_at=now.wall,
            deadline_at=now.wall + timedelta(seconds=wait),
            boot_id=now.boot.boot_id,
            anchor_boot_seconds=now.boot.seconds,
            deadline_boot_seconds=now.boot.seconds + wait,
        )

    def record_success(self) -> ThrottleState:
        """The right PIN or recovery code: the count and any wait are gone."""
        return ThrottleState()

    def _same_boot(self, boot: BootTime) -> bool:
        # Where the OS has no boot id the id never changes; a boot time lower than the anchor's
        # then means a reboot (see BootTime).
        assert self.boot_id is not None and self.anchor_boot_seconds is not None
        return boot.continues(BootTime(self.boot_id, self.anchor_boot_seconds))

    def _anchor(self, now: ClockReading, remaining: float) -> ThrottleState:
        return replace(
            self,
            deadline_at=now.wall + timedelta(seconds=remaining),
            boot_id=now.boot.boot_id,
            anchor_boot_seconds=now.boot.seconds,
            deadline_boot_seconds=now.boot.seconds + remaining,
        )

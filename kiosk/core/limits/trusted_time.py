"""The trusted timeline the time rules run on, and how a moved clock is caught.

Within one boot, trusted time advances exactly as the boot clock does (suspend included), from
an anchor saved at every checkpoint, so setting the wall clock forward or back changes nothing.
Meanwhile the wall clock's lead (how far it runs ahead of trusted time) is noted and kept. Across
a reboot (or when the boot clock reads lower than the anchor) the boot clock says nothing, so
the wall clock is believed less its known lead, and never going back: trusted time is
`max(saved trusted, wall - lead)`. A child who sets the clock ahead while the kiosk runs and then
reboots gains nothing; one who sets it ahead while the kiosk does not run at all, before a
reboot, cannot be seen. The wall clock falling behind trusted time by more than a small
tolerance is reported as tamper.

`TrustedClock` lends the same timeline to the PIN throttle, so a PIN wait cannot be skipped by
what cannot skip a cooldown.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from kiosk.core.clock import BootTime, Clock
from kiosk.core.limits.days import local_midnight_after
from kiosk.core.limits.ledger import Ledger, LedgerError, TimePoint
from kiosk.core.store.store import Store, StoreReadError

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
class WallOffsets:
    """How far the wall clock is known to stand from trusted time: behind, or ahead (its lead).

    At most one of them is above zero at a time.
    """

    behind_seconds: float = 0.0
    ahead_seconds: float = 0.0

    @classmethod
    def of(cls, ledger: Ledger) -> WallOffsets:
        return cls(ledger.wall_behind_seconds, ledger.wall_ahead_seconds)


@dataclass(frozen=True)
class TrustedNow:
    now: datetime
    point: TimePoint
    same_boot: bool
    offsets: WallOffsets
    # Set when the wall clock went back further than it was already known to be behind.
    backward_jump_seconds: float | None


def trusted_now(anchor: TimePoint | None, reading: Reading, known: WallOffsets) -> TrustedNow:
    """Where trusted time stands at `reading`, given the last anchor and the known offsets."""
    wall = reading.wall.astimezone(UTC)
    if anchor is None:
        now, same_boot = wall, False
    elif reading.boot.continues(BootTime(anchor.boot_id, anchor.boot_seconds)):
        now = anchor.trusted + timedelta(seconds=reading.boot.seconds - anchor.boot_seconds)
        same_boot = True
    else:
        believed = wall - timedelta(seconds=known.ahead_seconds)
        now, same_boot = max(believed, anchor.trusted), False
    behind = (now - wall).total_seconds()
    wall_behind = known.behind_seconds
    jump: float | None = None
    if behind > wall_behind + TAMPER_TOLERANCE_SECONDS:
        jump = behind - wall_behind
        wall_behind = behind
    elif behind < wall_behind:
        # The wall clock came forward again (a parent fixing it): a later jump back from here
        # is new. Creeping back in small steps still adds up against the old baseline.
        wall_behind = max(0.0, behind)
    # The lead is where the wall clock stands now: it grows when the clock is set ahead, and
    # shrinks when it is put right, so a clock put right is believed again after a reboot.
    offsets = WallOffsets(wall_behind, max(0.0, -behind))
    point = TimePoint(reading.boot.boot_id, reading.boot.seconds, now)
    return TrustedNow(now, point, same_boot, offsets, jump)


def anchor_on_wall(ledger: Ledger, reading: Reading, now: datetime, zone: tzinfo) -> timedelta:
    """Anchor trusted time (`now`) on the wall clock of `reading`; how far that moved it.

    Only a parent does this: nothing is known about the wall clock afterwards. The moments
    kept on the old timeline stay where they are, since when the old timeline went wrong is not
    known; only a cooldown never starts later than now, so none lasts longer than a full one.
    The day is today's by the wall clock: one that began on a later date keeps the time used in
    it, one that began on an earlier date is over.
    """
    wall = reading.wall.astimezone(UTC)
    moved = wall - now
    ledger.anchor = TimePoint(reading.boot.boot_id, reading.boot.seconds, wall)
    ledger.wall_behind_seconds = ledger.wall_ahead_seconds = 0.0
    if ledger.cooldown_from is not None:
        ledger.cooldown_from = min(ledger.cooldown_from, wall)
    today = wall.astimezone(zone).date()
    if ledger.day is None or ledger.day < today:
        ledger.used_today_seconds = 0.0
    ledger.day, ledger.day_ends_at = today, local_midnight_after(wall, zone)
    return moved


class TrustedClock:
    """A `Clock` whose wall clock reads trusted time, from the ledger the kiosk last saved.

    For the PIN throttle: its waits then end no sooner than the cooldown's would, whatever the
    wall clock was set to before a reboot. It only reads; the kiosk's `Limits` moves the ledger
    on. With no ledger yet, or one that cannot be read, it reads the wall clock, as the throttle
    did before: the kiosk is then locked by the time rules anyway.
    """

    def __init__(self, clock: Clock, store: Store) -> None:
        self._clock = clock
        self._store = store

    def monotonic(self) -> float:
        return self._clock.monotonic()

    def boot_time(self) -> BootTime:
        return self._clock.boot_time()

    def system_zone(self) -> str:
        return self._clock.system_zone()

    def wall(self) -> datetime:
        reading = Reading.take(self._clock)
        ledger = Ledger()
        with contextlib.suppress(StoreReadError, LedgerError):
            data = self._store.load_ledger()
            if data is not None:
                ledger = Ledger.from_json(data)
        return trusted_now(ledger.anchor, reading, WallOffsets.of(ledger)).now

"""The bookkeeping behind `limits.Limits`: the ledger moved through time, and saved.

`LimitsBook` loads the ledger (failing closed when it is missing or unreadable on a set-up
kiosk), moves it to each new clock reading (trusted time, the day, counting, the grace, breaks,
warnings, a backward clock jump, the wall clock's lead, a change of the system's zone), applies
transitions (a session opens or ends, tamper is set or lifted, trusted time is anchored on the
wall clock again), and saves the ledger with the sessions rows and events of those transitions
in one transaction. What the child and the parent may do, and when to save, is decided in
`limits`. Local time is read in the household's zone (`kiosk.core.zones`), which the book
records on a kiosk that has none yet.

Other processes save the same ledger (`kiosk unlock` from a terminal beside the running kiosk).
Each save bumps the stored revision, and a save is a compare-and-set: if the stored revision is
not the one this book last read or wrote, the book does not overwrite it. It adopts the stored
ledger with its own unsaved counted time laid on top (`ledger.lay_unsaved_on`), and runs the
current call again on that, inside the same write transaction. `sync()` adopts the same way
between calls, so the kiosk shows an unlock within a tick rather than at its next save.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from kiosk.core.clock import BootTime
from kiosk.core.limits.days import next_day_end
from kiosk.core.limits.ledger import Ledger, LedgerError, SessionLedger, UnsavedTime, lay_unsaved_on
from kiosk.core.limits.rules import EndReason, session_seconds_left, zero_cause
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.trusted_time import Reading, WallOffsets, anchor_on_wall, trusted_now
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError, StoreWriter
from kiosk.core.zones import household_zone_name, zone_named

log = logging.getLogger(__name__)

# A gap between boot and monotonic time shorter than this is clock noise, not a suspend.
SUSPEND_NOISE_SECONDS = 2.0
# A wall clock's lead that moved by this much is saved at once, not at the next checkpoint: a
# child who sets the clock ahead and reboots at once must find it known.
LEAD_SAVE_SECONDS = 1.0


class LimitsBook:
    """The ledger in memory, the store it is saved to, and what is pending for the next save."""

    def __init__(
        self, store: Store, settings: LimitSettings, reading: Reading, *, read_only: bool
    ) -> None:
        self.store = store
        self.settings = settings
        self.read_only = read_only
        self.warnings: list[int] = []  # given by the rules, not yet taken by the UI
        # Why saving fails, from the first failed save until one succeeds again.
        self.store_error: str | None = None
        self.write_failed = False  # the last save failed: what is in memory is not stored
        self.disk_full = False  # and it failed for lack of space
        self.unsaved = UnsavedTime()  # counted since the ledger was last read or saved
        self.revision = 0  # of the stored ledger this one was last read from or saved as
        self.last = reading
        self.last_saved = reading.monotonic
        self.now = reading.wall.astimezone(UTC)
        self._pending: list[Callable[[StoreWriter], None]] = []
        self._recorded_zone = self._record_zone()
        self.zone_name, self.zone = self._household_zone()
        self.ledger = self._load()
        self.saved_lead = self.ledger.wall_ahead_seconds
        # Where the current call started (reading, unsaved time, warnings), to take it again.
        self._mark = (reading, UnsavedTime(), 0)
        self._begin()
        self.flush(replay=self._begin)

    # Reading the rules at the current moment.

    def seconds_left(self, at: datetime | None = None) -> float:
        session = self.ledger.session
        if session is None:
            return 0.0
        moment = self.now if at is None else at
        return session_seconds_left(session, self.ledger, self.settings, moment, self.zone)

    def zero_cause(self) -> EndReason:
        session = self.ledger.session
        assert session is not None, "only an open session runs out"
        return zero_cause(session, self.ledger, self.settings, self.now, self.zone)

    # Moving through time.

    def update(self, reading: Reading) -> None:
        """Bring the ledger up to `reading`: clocks, day, counting, ends and warnings."""
        previous, self.last = self.last, reading
        jump = self._observe(reading)
        if reading.system_zone != previous.system_zone:
            # Not tamper: a family that travels must not be locked out, and the rules keep to
            # the household's zone whatever the system's is.
            change = {"from": previous.system_zone, "to": reading.system_zone}
            log.info("the system time zone changed from %(from)s to %(to)s", change)
            self.event("zone_changed", change)
        boot_delta = reading.boot.seconds - previous.boot.seconds
        if not reading.boot.continues(previous.boot):
            self._roll_day()  # the boot clock is not comparable: count nothing rather than guess
        else:
            # Taken as on screen first, then away (asleep), within the time since the last tick.
            on_screen = min(max(0.0, reading.monotonic - previous.monotonic), boot_delta)
            start = self.now - timedelta(seconds=boot_delta)
            self._count_across_midnight(on_screen, start)
            break_seconds = max(SUSPEND_NOISE_SECONDS, self.settings.cooldown_seconds)
            if self.ledger.session is not None and boot_delta - on_screen >= break_seconds:
                self.end_session("break", at=start + timedelta(seconds=on_screen))
        if jump is not None:  # after counting: the seconds before the jump were on screen
            self.flag_tamper("clock_back", jump)
        self._check_warnings()

    def _begin(self) -> None:
        """The app starts: observe the clocks, roll the day, resume or close a broken session."""
        last_seen = None if self.ledger.anchor is None else self.ledger.anchor.trusted
        jump = self._observe(self.last)
        if jump is not None:
            self.flag_tamper("clock_back", jump)
        self._roll_day()
        session = self.ledger.session
        if session is not None:
            away = 0.0 if last_seen is None else (self.now - last_seen).total_seconds()
            if away >= self.settings.cooldown_seconds:
                self.end_session("break", at=last_seen)
            elif self.seconds_left() <= 0:
                # Out of time (the hours or the day ended meanwhile, or it was killed in the
                # grace): no clip is playing at a fresh start, so there is nothing to finish.
                self.end_session(self.zero_cause())
            else:
                self.event("session_resumed", {"away_seconds": round(away)}, session=session)

    def _observe(self, reading: Reading) -> dict[str, Any] | None:
        """Move trusted time to `reading`; the details of a backward jump, if there was one."""
        trusted = trusted_now(self.ledger.anchor, reading, WallOffsets.of(self.ledger))
        self.now = trusted.now
        self.ledger.anchor = trusted.point
        self.ledger.wall_behind_seconds = trusted.offsets.behind_seconds
        self.ledger.wall_ahead_seconds = trusted.offsets.ahead_seconds
        jump = trusted.backward_jump_seconds
        if jump is None:
            return None
        return {"seconds_back": round(jump), "wall": reading.wall.isoformat()}

    def _roll_day(self) -> None:
        ends = self.ledger.day_ends_at
        if ends is not None and self.now < ends:
            return
        self.ledger.day = self.now.astimezone(self.zone).date()
        self.ledger.day_ends_at = next_day_end(self.now, self.zone, ends)
        self.ledger.used_today_seconds = 0.0

    def _count_across_midnight(self, on_screen: float, start: datetime) -> None:
        day_end = self.ledger.day_ends_at
        if day_end is None or start >= day_end:
            self._roll_day()
            self._count(on_screen, start)
            return
        # Seconds on screen before midnight belong to the old day, the rest to the new one.
        before = min(on_screen, (day_end - start).total_seconds())
        self._count(before, start)
        self._roll_day()
        self._count(on_screen - before, day_end)

    def _count(self, seconds: float, start: datetime) -> None:
        """Add `seconds` on screen from `start` to the open session, up to zero plus the grace."""
        session = self.ledger.session
        if session is None or seconds <= 0:
            return
        args = (session, self.ledger, self.settings, start, self.zone)
        left, cause = session_seconds_left(*args), zero_cause(*args)
        grace = self.settings.finish_clip_grace_seconds
        normal = min(seconds, left)
        in_grace = min(seconds - normal, max(0.0, grace - session.grace_used_seconds))
        counted = normal + in_grace
        session.counted_seconds += counted
        session.grace_used_seconds += in_grace
        self.ledger.used_today_seconds += counted
        self.unsaved.add(session.id, self.ledger.day, counted, in_grace)
        if seconds >= left and session.grace_used_seconds >= grace:
            self.end_session(cause, at=start + timedelta(seconds=counted))

    def _check_warnings(self) -> None:
        session = self.ledger.session
        if session is None:
            return
        left = self.seconds_left()
        crossed = [w for w in self.settings.warn_at_seconds if left <= w]
        crossed = [w for w in crossed if w not in session.warned]
        if not crossed:
            return
        session.warned = tuple(sorted({*session.warned, *crossed}, reverse=True))
        if left > 0:  # at zero the grace or the end says it better than a warning
            self.warnings.append(min(crossed))
            self.event("warning", {"seconds": min(crossed)}, session=session)

    # Transitions.

    def open_session(self, allowance: float, *, parent: bool) -> SessionLedger:
        session = SessionLedger(None, self.now, allowance, parent_override=parent)
        self.ledger.session = session

        def insert(writer: StoreWriter) -> None:
            session.id = writer.insert_session(session.started_at, session.allowance_seconds)

        self._pending.append(insert)
        detail = {"allowance_seconds": allowance, "parent": parent}
        self.event("session_start", detail, session=session)
        self._check_warnings()
        return session

    def end_session(self, reason: EndReason, at: datetime | None = None) -> None:
        session = self.ledger.session
        if session is None:
            return
        ended = self.now if at is None else at
        self.ledger.session = None
        if reason != "parent_new_session":
            self.ledger.cooldown_from = ended
            self.ledger.cooldown_reason = "parent" if reason == "parent" else "session_over"
        counted, allowance = session.counted_seconds, session.allowance_seconds

        def close_row(writer: StoreWriter) -> None:
            if session.id is not None:
                writer.update_session(
                    session.id,
                    counted_seconds=counted,
                    allowance_seconds=allowance,
                    ended_at=ended,
                    end_reason=reason,
                )

        self._pending.append(close_row)
        detail = {"reason": reason, "counted_seconds": round(counted, 1)}
        self.event("session_end", detail, session=session, at=ended)

    def flag_tamper(self, cause: str, detail: dict[str, Any]) -> None:
        self.end_session("tamper")
        self.ledger.tamper = True
        self.ledger.tamper_cause = cause
        self.event("tamper", {"cause": cause, **detail})

    def clear_tamper(self) -> None:
        """A parent's PIN lifts a tamper lock. After a clock set back, the parent has seen the
        clock: trusted time is anchored on it again, so it does not stay ahead of real time.
        While saving still fails, the parent's choice holds: the lock for the failure is set
        once, when saving starts to fail."""
        if self.ledger.tamper:
            self.event("tamper_cleared", {"cause": self.ledger.tamper_cause})
            if self.ledger.tamper_cause == "clock_back":
                self.anchor_on_wall_clock()
            self.ledger.tamper, self.ledger.tamper_cause = False, None

    def anchor_on_wall_clock(self) -> None:
        """Only a parent: trusted time becomes the wall clock's (see `anchor_on_wall`)."""
        moved = anchor_on_wall(self.ledger, self.last, self.now, self.zone)
        self.now += moved
        self.event("clock_anchored", {"seconds_moved": round(moved.total_seconds())})

    # Sharing the ledger with other processes.

    def sync(self) -> bool:
        """Start a call: adopt the stored ledger if another process saved it. True if adopted.

        One single-row read when nothing changed. A read that fails changes nothing here: the
        check inside the save's write transaction is the one that counts.
        """
        adopted = False
        with contextlib.suppress(StoreReadError):
            if self.store.ledger_revision() != self.revision:
                data, revision = self.store.read_ledger()
                adopted = self._adopt(lambda: data, revision)
        self._mark = (self.last, self.unsaved.copy(), len(self.warnings))
        return adopted

    def _adopt(self, load: Callable[[], dict[str, Any] | None], revision: int) -> bool:
        """Take the stored ledger (at `revision`) as this one, with the unsaved time on top.

        This book's unsaved transitions (there only after a write failed) are dropped: they
        were decided on a ledger that is no longer the stored one; only a lock for a failed
        write stays. Time before the stored anchor was accounted for by whoever saved it, so
        it is not counted here again. A stored ledger that cannot be read is not adopted
        (False): this one is kept, locked, and replaces it at the next save.
        """
        mine, self.revision = self.ledger, revision
        try:
            data = load()
            theirs = None if data is None else Ledger.from_json(data)
        except (StoreReadError, LedgerError) as error:
            self.flag_tamper("ledger_invalid", {"error": str(error)})
            return False
        if theirs is None:
            self.flag_tamper("ledger_missing", {})
            return False
        self._pending.clear()
        if not self.read_only:  # a read-only view's counting was never its to keep
            for row, seconds in lay_unsaved_on(theirs, mine, self.unsaved).items():
                add = partial(StoreWriter.add_session_seconds, session_id=row, seconds=seconds)
                self._pending.append(add)
        self.ledger, anchor, last = theirs, theirs.anchor, self.last
        self.saved_lead = theirs.wall_ahead_seconds
        boot = None if anchor is None else BootTime(anchor.boot_id, anchor.boot_seconds)
        if boot is not None and boot.continues(last.boot) and boot.seconds > last.boot.seconds:
            covered = boot.seconds - last.boot.seconds
            self.last = replace(last, monotonic=last.monotonic + covered, boot=boot)
        if mine.tamper and not theirs.tamper and self.write_failed:
            self.flag_tamper(mine.tamper_cause or "store_write", {"kept": True})
        return True

    # Saving.

    def event(
        self,
        kind: str,
        detail: dict[str, Any],
        *,
        session: SessionLedger | None = None,
        at: datetime | None = None,
    ) -> None:
        moment = self.now if at is None else at

        def add(writer: StoreWriter) -> None:
            # The session's row id is known only once its insert ran, earlier in this flush.
            extra = {} if session is None else {"session": session.id}
            writer.add_event(moment, kind, {**detail, **extra})

        self._pending.append(add)

    @property
    def has_pending(self) -> bool:
        """Something waits to be saved now: transitions and events, or a new wall-clock lead."""
        lead_moved = abs(self.ledger.wall_ahead_seconds - self.saved_lead) >= LEAD_SAVE_SECONDS
        return bool(self._pending) or lead_moved

    def flush(self, replay: Callable[[], object]) -> None:
        """Save the ledger and everything pending in one transaction, or fail closed.

        A compare-and-set: if another process saved since this book last read or wrote, the
        current call is undone back to `sync()`, the stored ledger adopted, `replay` (the call)
        run again on it, and the result saved, all under the same write lock.
        """
        if self.read_only:
            self._pending.clear()
            return
        try:
            with self.store.write() as writer:
                stored = writer.ledger_revision()
                if stored != self.revision:
                    now, (self.last, unsaved, warnings) = (self.last, self.unsaved), self._mark
                    self.unsaved = unsaved.copy()
                    del self.warnings[warnings:]
                    if not self._adopt(writer.load_ledger, stored):
                        self.last, self.unsaved = now  # this ledger stays: nothing to redo
                    else:
                        replay()
                for operation in self._pending:
                    operation(writer)
                if self.disk_full:  # the first save since space ran out
                    writer.add_event(self.now, "disk_recovered", {})
                session = self.ledger.session
                if session is not None and session.id is not None:
                    writer.update_session(
                        session.id,
                        counted_seconds=session.counted_seconds,
                        allowance_seconds=session.allowance_seconds,
                    )
                revision = writer.save_ledger(self.ledger.to_json(), self.now)
        except StoreWriteError as error:
            # Kept pending: they are retried with the next flush, should the store recover.
            self.write_failed = True
            if error.disk_full and not self.disk_full:
                self.disk_full = True
                self.event("disk_full", {"error": str(error)})
            if self.store_error is None:
                self.store_error = str(error)
                self.flag_tamper("store_write", {"error": str(error)})
            return
        self.revision, self.write_failed = revision, False
        self.saved_lead = self.ledger.wall_ahead_seconds
        self.store_error, self.disk_full = None, False
        self._pending.clear()
        self.unsaved = UnsavedTime()
        self.last_saved = self.last.monotonic

    def use_settings(self, settings: LimitSettings) -> None:
        """The parent changed the settings: `session.time_zone` may name another zone."""
        self.settings = settings
        self.zone_name, self.zone = self._household_zone()

    def _household_zone(self) -> tuple[str, tzinfo]:
        """The zone the rules read local time in (see `zones.household_zone_name`)."""
        system = self.last.system_zone
        name = household_zone_name(self.settings.time_zone, self._recorded_zone, system)
        return name, zone_named(name)

    def _record_zone(self) -> str | None:
        """The zone recorded at setup, which is the system's now if none was recorded yet."""
        try:
            recorded = self.store.household_zone()
        except StoreReadError:
            return None  # it may well be there: not to be recorded over
        if recorded is not None or self.read_only:
            return recorded
        # The PIN is being set for the first time, or the kiosk was set up before zones were
        # recorded. Apart from the ledger's save, so that a save that merges cannot drop it.
        system = self.last.system_zone
        with contextlib.suppress(StoreWriteError), self.store.write() as writer:
            if writer.record_household_zone(system):
                log.info("the household time zone is recorded as %s, the system's", system)
                return system
        with contextlib.suppress(StoreReadError):
            return self.store.household_zone()  # another process recorded one meanwhile
        return None

    def _load(self) -> Ledger:
        """The saved ledger, or a fresh one that is locked whenever a fresh budget is suspect."""
        with contextlib.suppress(StoreReadError):  # if it fails, reading the ledger fails too
            self.revision = self.store.ledger_revision()
        recovery = self.store.recovery
        if recovery is not None and recovery.fail_closed:
            # The store already logged this tamper; the reason is in its recovery.
            return Ledger(tamper=True, tamper_cause="store")
        try:
            data = self.store.load_ledger()
            if data is not None:
                return Ledger.from_json(data)
        except (StoreReadError, LedgerError) as error:
            self.event("tamper", {"cause": "ledger_invalid", "error": str(error)})
            return Ledger(tamper=True, tamper_cause="ledger_invalid")
        if not self.store.was_set_up:
            return Ledger()  # the very first start
        self.event("tamper", {"cause": "ledger_missing"})
        return Ledger(tamper=True, tamper_cause="ledger_missing")

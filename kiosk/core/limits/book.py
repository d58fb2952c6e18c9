"""The bookkeeping behind `limits.Limits`: the ledger moved through time, and saved.

`LimitsBook` loads the ledger (failing closed when it is missing or unreadable on a set-up
kiosk), moves it to each new clock reading (trusted time, the day, counting, the grace, breaks,
warnings, a backward clock jump), applies transitions (a session opens or ends, tamper is set or
lifted), and saves the ledger with the sessions rows and events of those transitions in one
transaction. What the child and the parent may do, and when to save, is decided in `limits`.

Other processes save the same ledger (`kiosk unlock` from a terminal beside the running kiosk).
Each save bumps the stored revision, and a save is a compare-and-set: if the stored revision is
not the one this book last read or wrote, the book does not overwrite it. It adopts the stored
ledger with its own unsaved counted time laid on top (`ledger.lay_unsaved_on`), and runs the
current call again on that, inside the same write transaction. `sync()` adopts the same way
between calls, so the kiosk shows an unlock within a tick rather than at its next save.
"""

from __future__ import annotations

import contextlib
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
from kiosk.core.limits.trusted_time import Reading, trusted_now
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError, StoreWriter

# A gap between boot and monotonic time shorter than this is clock noise, not a suspend.
SUSPEND_NOISE_SECONDS = 2.0


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
        self.zone: tzinfo = reading.zone
        self._pending: list[Callable[[StoreWriter], None]] = []
        self.ledger = self._load()
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
        boot_delta = reading.boot.seconds - previous.boot.seconds
        if reading.boot.boot_id != previous.boot.boot_id or boot_delta < 0:
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
        trusted = trusted_now(self.ledger.anchor, reading, self.ledger.wall_behind_seconds)
        self.now, self.zone = trusted.now, reading.zone
        self.ledger.anchor = trusted.point
        self.ledger.wall_behind_seconds = trusted.wall_behind_seconds
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
        """A parent lifts the lock. While saving still fails, the parent's choice holds: the
        lock for the failure is set once, when saving starts to fail."""
        if self.ledger.tamper:
            self.event("tamper_cleared", {"cause": self.ledger.tamper_cause})
            self.ledger.tamper, self.ledger.tamper_cause = False, None

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
        covered = 0.0 if anchor is None else anchor.boot_seconds - last.boot.seconds
        if anchor is not None and anchor.boot_id == last.boot.boot_id and covered > 0:
            boot = BootTime(anchor.boot_id, anchor.boot_seconds)
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
        return bool(self._pending)

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
        self.store_error, self.disk_full = None, False
        self._pending.clear()
        self.unsaved = UnsavedTime()
        self.last_saved = self.last.monotonic

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

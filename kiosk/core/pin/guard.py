"""The one door to the parent's PIN that the lock screen, the parent panel and the CLI all use.

`PinGuard` checks a PIN or a recovery code through the throttle, sets and changes the PIN, and
says when the next attempt is accepted. An attempt is counted as a failure and committed before
the secret is checked, and only a success takes the count back, so killing the app during or
right after a check never gives an attempt back, and attempts from two processes at once (the
kiosk and `kiosk unlock`) are each counted.
An attempt during a wait is refused without being checked or counted. With no PIN set up, or a
stored PIN that cannot be read, nothing can be checked: the answer says so ("not_set",
"damaged") with a sentence for the parent (`AttemptResult.problem`), counts nothing, and opens
nothing. Events for the parent's report go to an optional callback, called only after the
state is committed, so the callback may write to the same database.

When the store cannot write (a full disk), the PIN still opens the kiosk: the stored PIN can be
read, and the attempt counter is kept in memory until a later attempt can save it. A counter
that is not saved would come back to its stored count after a restart, so while the counter
cannot be saved (and for a store that lives in memory, `unsaved=True`) there are no free
attempts: every wrong one starts a wait, as after the fifth. A new PIN that could not be saved
is refused rather than kept in memory, where the next start would lose it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from kiosk.core.clock import Clock
from kiosk.core.i18n import N_, _
from kiosk.core.pin.rules import (
    DEFAULT_SCRYPT,
    RecoveryCode,
    ScryptParams,
    SecretHash,
    check_pin_policy,
    hash_secret,
    new_recovery_code,
    normalize_recovery_code,
    pin_format_problem,
    verify_secret,
)
from kiosk.core.pin.throttle import FREE_ATTEMPTS, ClockReading, ThrottleState
from kiosk.core.store.access import StoreWriteError
from kiosk.core.store.pin_records import PinRecord, PinRecords, PinStoreDamaged

Unchecked = Literal["not_set", "damaged"]
Outcome = Literal["ok", "wrong", "throttled"] | Unchecked
Via = Literal["pin", "recovery_code"]
EventDetail = Mapping[str, str | int | float | None]
EventSink = Callable[[str, EventDetail], None]

# Event kinds passed to `on_event`, each with a JSON-ready detail:
#   pin_ok                {"via"}
#   pin_wrong             {"via", "failures", "retry_at"}
#   pin_throttled         {"via", "seconds_left", "retry_at"}    refused unchecked during a wait
#   pin_set               {"via": "setup" | "pin" | "recovery_code"}
#   pin_clock_moved_back  {"wall", "last_failure_at"}    tamper: the full wait started again
#   pin_throttle_damaged  {}    tamper: the counter was unreadable; the longest wait applies


#: What the parent is told, on the lock screen and at the terminal alike, when a PIN cannot be
#: checked at all: what is wrong, and what to do about it. Marked only: show them with `_()`
#: (`AttemptResult.problem` does).
PIN_NOT_SET = N_("No parent PIN is set, so nothing can be unlocked: set one with 'kiosk pin set'.")
PIN_DAMAGED = N_(
    "The stored parent PIN is damaged, so nothing can be unlocked or changed: stop the kiosk,"
    " move its state file kiosk.sqlite3 aside, and set a new PIN with 'kiosk pin set'."
)
#: Why a new PIN was refused while the kiosk cannot save its state (marked only).
PIN_NOT_SAVED = N_(
    "The new PIN could not be saved, because the kiosk cannot write its state file now,"
    " so the PIN you have stays in force."
)
_PROBLEMS: dict[Outcome, str] = {"not_set": PIN_NOT_SET, "damaged": PIN_DAMAGED}


@dataclass(frozen=True)
class AttemptResult:
    """The answer to one attempt, and when the next one will be accepted."""

    outcome: Outcome
    failures: int  # wrong attempts in a row, this one included; 0 after a success or unchecked
    seconds_left: float  # until the next attempt is accepted; 0.0 if at once
    retry_at: datetime | None  # the same moment on the guard's clock, for display

    @classmethod
    def unchecked(cls, why: Unchecked) -> AttemptResult:
        """Nothing could be checked, so nothing was counted: there is no wait to show."""
        return cls(why, 0, 0.0, None)

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def problem(self) -> str | None:
        """For an attempt that could not be checked, the one sentence the parent is shown
        (`PIN_NOT_SET`, `PIN_DAMAGED`) in the kiosk's language; None for an answer about the
        PIN typed."""
        problem = _PROBLEMS.get(self.outcome)
        return None if problem is None else _(problem)


class WeakPinError(ValueError):
    """The new PIN is refused by the policy; `str()` says why, in one sentence."""


class PinRefusedError(Exception):
    """Changing the PIN was refused: the current PIN or recovery code was wrong or throttled, or
    could not be checked (`result.problem` then says why)."""

    def __init__(self, result: AttemptResult) -> None:
        super().__init__(f"the PIN was not changed: attempt {result.outcome}")
        self.result = result


class PinGuard:
    """Checks and sets the PIN kept in `records` (`Store.pin_records`), timing waits with `clock`.

    The kiosk passes the time rules' trusted clock (`limits.trusted_time.TrustedClock`), so a
    wait runs on the same time as a cooldown, whatever the wall clock was set to.
    """

    def __init__(
        self,
        records: PinRecords,
        clock: Clock,
        *,
        on_event: EventSink | None = None,
        params: ScryptParams = DEFAULT_SCRYPT,
        unsaved: bool = False,
    ) -> None:
        """`unsaved`: `records` live in a store that is not saved (it runs in memory because
        its file cannot be written), so no attempt is free and no new PIN is taken."""
        self._records = records
        self._clock = clock
        self._on_event = on_event
        self._params = params  # for new hashes; a stored hash is checked with its own
        self._unsaved_store = unsaved
        # The counter as it stands while it cannot be saved; None once it is saved again.
        self._held: ThrottleState | None = None

    def is_set(self) -> bool:
        return self._records.has_pin()

    def attempt(self, pin: str) -> AttemptResult:
        """Check the parent's PIN.

        Before setup the answer is "not_set"; if the stored PIN cannot be read it is "damaged",
        and nothing unlocks (fail closed). Either way nothing is counted.
        """
        return self._attempt("pin", pin)

    def attempt_recovery(self, code: str) -> AttemptResult:
        """Check a recovery code, through the same throttle as the PIN.

        Checking does not use the code up, so a UI can check it before asking for the new PIN;
        `set_pin(..., recovery_code=...)` uses it up.
        """
        return self._attempt("recovery_code", code)

    def seconds_to_wait(self) -> float:
        """Seconds until the next attempt is accepted; 0.0 if at once."""
        now = ClockReading.read(self._clock)
        return self._settled(now).seconds_to_wait(now)

    def retry_at(self) -> datetime | None:
        """When the next attempt is accepted, on the wall clock; None if at once.

        This is `pin_retry_at` in `kiosk status --json`.
        """
        now = ClockReading.read(self._clock)
        return self._settled(now).retry_at(now)

    def set_pin(
        self,
        new_pin: str,
        *,
        current_pin: str | None = None,
        recovery_code: str | None = None,
        allow_weak: bool = False,
    ) -> RecoveryCode:
        """Set the PIN and return a new recovery code to show the parent once.

        Changing a PIN needs the current PIN or the recovery code, checked through the throttle;
        both are ignored at setup. The old recovery code is gone afterwards, used or not.
        `allow_weak` skips the weak-PIN rules, only for `--demo`'s throw-away state and its 0000.
        Raises WeakPinError, PinRefusedError (also when the stored PIN is damaged), or
        ValueError if neither or both are given.
        """
        problem = pin_format_problem(new_pin) if allow_weak else check_pin_policy(new_pin)
        if problem is not None:
            raise WeakPinError(problem)
        changed_with = "setup"
        if self._records.has_pin():
            if current_pin is not None and recovery_code is None:
                result = self._attempt("pin", current_pin)
                changed_with = "pin"
            elif recovery_code is not None and current_pin is None:
                result = self._attempt("recovery_code", recovery_code)
                changed_with = "recovery_code"
            else:
                raise ValueError(
                    "changing the PIN needs either the current PIN or the recovery code"
                )
            if not result.ok:
                raise PinRefusedError(result)
        if self._unsaved_store:
            raise StoreWriteError(_(PIN_NOT_SAVED))
        code = new_recovery_code()
        pin_hash = hash_secret(new_pin, self._params)
        code_hash = hash_secret(normalize_recovery_code(code.text), self._params)
        with self._records.transaction():
            # Replacing the recovery row is what uses the old code up.
            self._records.save_record(pin_hash, code_hash, self._clock.wall())
        self._emit([("pin_set", {"via": changed_with})])
        return code

    def _attempt(self, via: Via, secret: str) -> AttemptResult:
        now = ClockReading.read(self._clock)
        events: list[tuple[str, EventDetail]] = []
        try:
            with self._records.transaction():
                record, state, wait = self._counted(
                    now,
                    lambda: self._settle_in_transaction(now, events),
                    self._records.save_throttle,
                )
            self._held = None
        except StoreWriteError:
            # Nothing could be saved: count in memory, and check the PIN all the same.
            events.clear()
            record, state, wait = self._counted(
                now, lambda: self._held_state(now, events), self._hold
            )
        if not isinstance(record, PinRecord):
            return AttemptResult.unchecked(record)
        if wait > 0:
            retry_at = state.retry_at(now)
            detail = {"via": via, "seconds_left": wait, "retry_at": _iso(retry_at)}
            self._emit([*events, ("pin_throttled", detail)])
            return AttemptResult("throttled", state.failures, wait, retry_at)

        if _matches(via, secret, record.pin if via == "pin" else record.recovery):
            self._keep(state.record_success())
            self._emit([*events, ("pin_ok", {"via": via})])
            return AttemptResult("ok", 0, 0.0, None)

        # The failure is already stored; read the clocks again, as the check took a while.
        after = ClockReading.read(self._clock)
        retry_at = state.retry_at(after)
        detail = {"via": via, "failures": state.failures, "retry_at": _iso(retry_at)}
        self._emit([*events, ("pin_wrong", detail)])
        return AttemptResult("wrong", state.failures, state.seconds_to_wait(after), retry_at)

    def _counted(
        self,
        now: ClockReading,
        current: Callable[[], ThrottleState],
        keep: Callable[[ThrottleState], None],
    ) -> tuple[PinRecord | Unchecked, ThrottleState, float]:
        """The stored PIN, the counter, and the wait before this attempt: with no wait, the
        attempt is counted as a failure and kept before the secret is checked. With nothing to
        check against, the attempt ends before anything is counted."""
        record = self._checkable()
        if not isinstance(record, PinRecord):
            return record, ThrottleState(), 0.0
        state = current()
        wait = state.seconds_to_wait(now)
        if wait <= 0:
            state = state.record_failure(now)
            keep(state)
        return record, state, wait

    def _hold(self, state: ThrottleState) -> None:
        self._held = state

    def _checkable(self) -> PinRecord | Unchecked:
        """The stored PIN, or why there is none to check against."""
        try:
            record = self._records.load_record()
        except PinStoreDamaged:
            return "damaged"
        return "not_set" if record is None else record

    def _keep(self, state: ThrottleState) -> None:
        """Save `state`, or hold it in memory while the store cannot write."""
        try:
            with self._records.transaction():
                self._records.save_throttle(state)
        except StoreWriteError:
            self._held = state
        else:
            self._held = None

    def _settled(self, now: ClockReading) -> ThrottleState:
        events: list[tuple[str, EventDetail]] = []
        try:
            with self._records.transaction():
                state = self._settle_in_transaction(now, events)
            self._held = None
        except StoreWriteError:
            state = self._held_state(now, events)
        self._emit(events)
        return state

    def _held_state(
        self, now: ClockReading, events: list[tuple[str, EventDetail]]
    ) -> ThrottleState:
        """The counter while it cannot be saved: the one held in memory, or the stored one read
        without writing; with no free attempts left (see the module's docstring)."""
        if self._held is None:
            try:
                self._held = self._records.load_throttle()
            except PinStoreDamaged:
                self._held = ThrottleState.locked_out(now)
                events.append(("pin_throttle_damaged", {}))
        self._held = self._no_free_attempts(self._held).settle(now).state
        return self._held

    def _settle_in_transaction(
        self, now: ClockReading, events: list[tuple[str, EventDetail]]
    ) -> ThrottleState:
        """The stored throttle brought onto this boot, saved if that changed it. A counter held
        in memory while the store could not write is taken instead, if it counted more."""
        try:
            stored = self._records.load_throttle()
        except PinStoreDamaged:
            # Fail closed: an unreadable counter must not read as zero failures.
            locked = ThrottleState.locked_out(now)
            self._records.save_throttle(locked)
            events.append(("pin_throttle_damaged", {}))
            return locked
        held = self._held
        if held is not None and held.failures >= stored.failures:
            stored = held
        elif self._unsaved_store:
            stored = self._no_free_attempts(stored)
        settled = stored.settle(now)
        if settled.state != stored or held is not None:
            self._records.save_throttle(settled.state)
        if settled.clock_moved_back:
            detail = {"wall": _iso(now.wall), "last_failure_at": _iso(stored.last_failure_at)}
            events.append(("pin_clock_moved_back", detail))
        return settled.state

    @staticmethod
    def _no_free_attempts(state: ThrottleState) -> ThrottleState:
        """`state` with the free attempts used up: the next wrong one starts the first wait."""
        return replace(state, failures=max(state.failures, FREE_ATTEMPTS - 1))

    def _emit(self, events: list[tuple[str, EventDetail]]) -> None:
        if self._on_event is not None:
            for kind, detail in events:
                self._on_event(kind, detail)


def _matches(via: Via, secret: str, stored: SecretHash | None) -> bool:
    if stored is None:
        return False  # no recovery code left: nothing can match
    if via == "recovery_code":
        return verify_secret(normalize_recovery_code(secret), stored)
    # A PIN is only ever ASCII digits: anything else is wrong without the slow check.
    return pin_format_problem(secret) is None and verify_secret(secret, stored)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()

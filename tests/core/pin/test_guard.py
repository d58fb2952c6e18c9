"""The PIN guard end to end on a real state file: attempts, the throttle across restarts and
clock moves, setting and changing the PIN, recovery codes, events, and the answers when there is
no PIN to check against."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import kiosk.core.pin.guard as pin_guard_module
from kiosk.core.pin.guard import (
    PIN_DAMAGED,
    PIN_NOT_SET,
    AttemptResult,
    EventDetail,
    PinGuard,
    PinRefusedError,
    WeakPinError,
)
from kiosk.core.pin.rules import ScryptParams, SecretHash, verify_secret
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock

FAST = ScryptParams(n=2**4, r=1, p=1)  # the guard's logic, not scrypt's cost, is tested here
PIN = "73915846"
OTHER_PIN = "58204736"


def open_state(path: Path) -> Store:
    return Store.open(path, set_up=False)


class Kiosk:
    """One install: a state file, a clock, and a guard that can be restarted on the same file."""

    def __init__(self, path: Path, clock: FakeClock | None = None) -> None:
        self.path = path
        self.clock = clock or FakeClock()
        self.events: list[tuple[str, EventDetail]] = []
        self.store = open_state(path)
        self.guard = self._guard()

    def _guard(self) -> PinGuard:
        return PinGuard(
            self.store.pin_records,
            self.clock,
            on_event=lambda kind, detail: self.events.append((kind, detail)),
            params=FAST,
        )

    def restart(self) -> None:
        self.store.close()
        self.store = open_state(self.path)
        self.guard = self._guard()

    def damage(self, statement: str) -> None:
        """Change the file behind the guard's back, as someone with a shell would."""
        other = sqlite3.connect(self.path)
        try:
            other.execute(statement)
            other.commit()
        finally:
            other.close()

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]

    def stored_failures(self) -> int:
        # Read through a second connection: only what is committed is seen.
        other = sqlite3.connect(self.path)
        try:
            return int(other.execute("SELECT failures FROM pin_throttle").fetchone()[0])
        finally:
            other.close()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    kiosk = Kiosk(tmp_path / "kiosk.sqlite3")
    kiosk.guard.set_pin(PIN)
    kiosk.events.clear()
    yield kiosk
    kiosk.store.close()


def fail(kiosk: Kiosk, times: int) -> None:
    """Fail `times` times in a row, sitting out each wait but the last."""
    for attempt in range(times):
        result = kiosk.guard.attempt("00000001")
        assert result.outcome == "wrong"
        if attempt < times - 1:
            kiosk.clock.advance(result.seconds_left)


def test_setup_then_the_right_pin_opens_and_a_wrong_one_does_not(tmp_path: Path) -> None:
    kiosk = Kiosk(tmp_path / "kiosk.sqlite3")
    assert not kiosk.guard.is_set()
    code = kiosk.guard.set_pin(PIN)
    assert kiosk.guard.is_set() and len(code.text) >= 10
    wrong = kiosk.guard.attempt("73915847")
    assert (wrong.outcome, wrong.failures, wrong.retry_at, wrong.ok) == ("wrong", 1, None, False)
    assert wrong.problem is None
    right = kiosk.guard.attempt(PIN)
    assert (right.outcome, right.failures, right.seconds_left, right.ok) == ("ok", 0, 0.0, True)
    assert kiosk.kinds() == ["pin_set", "pin_wrong", "pin_ok"]
    assert kiosk.events[0][1] == {"via": "setup"}
    kiosk.store.close()


def test_before_setup_the_answer_is_no_pin_and_nothing_is_counted(tmp_path: Path) -> None:
    kiosk = Kiosk(tmp_path / "kiosk.sqlite3")
    for answer in (kiosk.guard.attempt(PIN), kiosk.guard.attempt_recovery("AAAA-BBBB-CCCC")):
        assert answer == AttemptResult("not_set", 0, 0.0, None)
        assert not answer.ok and answer.problem == PIN_NOT_SET
    assert kiosk.stored_failures() == 0 and kiosk.events == []
    kiosk.store.close()


@pytest.mark.parametrize(
    "damage",
    ["UPDATE pin_secrets SET algorithm = 'md5'", "UPDATE pin_secrets SET changed_at = 'last week'"],
)
def test_a_damaged_pin_is_its_own_answer_and_nothing_opens(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    checks: list[str] = []

    def accept_all(secret: str, stored: SecretHash) -> bool:
        checks.append(secret)
        return True

    monkeypatch.setattr(pin_guard_module, "verify_secret", accept_all)
    kiosk.damage(damage)
    for answer in (kiosk.guard.attempt(PIN), kiosk.guard.attempt_recovery("AAAA-BBBB-CCCC")):
        assert answer == AttemptResult("damaged", 0, 0.0, None)
        assert not answer.ok and answer.problem == PIN_DAMAGED
    with pytest.raises(PinRefusedError) as refused:
        kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN)
    assert refused.value.result.problem == PIN_DAMAGED
    assert checks == [] and kiosk.stored_failures() == 0 and kiosk.events == []
    kiosk.restart()
    assert kiosk.guard.attempt(PIN).outcome == "damaged"  # and it stays so


@pytest.mark.parametrize(
    "typed", ["", "7391584", "739158466", " 73915846", "٧٣٩١٥٨٤٦", "x" * 10_000]
)
def test_malformed_input_is_a_wrong_attempt(kiosk: Kiosk, typed: str) -> None:
    assert kiosk.guard.attempt(typed).outcome == "wrong"
    assert kiosk.stored_failures() == 1


def test_a_failure_is_committed_before_the_pin_is_checked(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # So killing the app during the slow check, or right after it, never gives an attempt back.
    seen_during_check: list[int] = []

    def checking(secret: str, stored: SecretHash) -> bool:
        seen_during_check.append(kiosk.stored_failures())
        return verify_secret(secret, stored)

    monkeypatch.setattr(pin_guard_module, "verify_secret", checking)
    fail(kiosk, 2)
    assert seen_during_check == [1, 2]
    assert kiosk.stored_failures() == 2
    assert kiosk.guard.attempt(PIN).ok
    assert seen_during_check == [1, 2, 3]
    assert kiosk.stored_failures() == 0


def test_the_waits_follow_the_schedule(kiosk: Kiosk) -> None:
    waits = []
    for _ in range(10):
        result = kiosk.guard.attempt("00000001")
        assert result.outcome == "wrong"
        waits.append(result.seconds_left)
        if result.seconds_left:
            assert result.retry_at == kiosk.clock.wall() + timedelta(seconds=result.seconds_left)
        kiosk.clock.advance(result.seconds_left)
    assert waits == [0, 0, 0, 0, 30, 60, 300, 900, 3600, 3600]


def test_an_attempt_during_a_wait_is_refused_unchecked_and_uncounted(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail(kiosk, 5)
    checks: list[str] = []

    def accept_all(secret: str, stored: SecretHash) -> bool:
        checks.append(secret)
        return True

    monkeypatch.setattr(pin_guard_module, "verify_secret", accept_all)
    kiosk.clock.advance(10)
    refused = kiosk.guard.attempt(PIN)  # even the right PIN
    assert (refused.outcome, refused.failures, refused.seconds_left) == ("throttled", 5, 20)
    assert refused.retry_at == kiosk.clock.wall() + timedelta(seconds=20)
    assert checks == [] and kiosk.stored_failures() == 5
    assert kiosk.events[-1] == (
        "pin_throttled",
        {"via": "pin", "seconds_left": 20, "retry_at": refused.retry_at.isoformat()},
    )
    kiosk.clock.advance(20)
    assert kiosk.guard.attempt(PIN).ok and checks == [PIN]


def test_the_throttle_survives_a_restart(kiosk: Kiosk) -> None:
    fail(kiosk, 5)
    kiosk.clock.advance(12)
    kiosk.restart()
    assert kiosk.guard.seconds_to_wait() == 18
    assert kiosk.guard.attempt(PIN).outcome == "throttled"
    kiosk.clock.advance(18)
    kiosk.restart()
    assert kiosk.guard.attempt("00000001").seconds_left == 60  # the count went on: 6 failures


@pytest.mark.parametrize("jump", [-86_400.0, -31.0, 31.0, 86_400.0])
def test_moving_the_wall_clock_does_not_move_the_wait(kiosk: Kiosk, jump: float) -> None:
    fail(kiosk, 6)
    kiosk.clock.jump_wall(jump)
    kiosk.restart()
    assert kiosk.guard.seconds_to_wait() == 60
    assert kiosk.guard.attempt(PIN).outcome == "throttled"
    kiosk.clock.advance(59)
    assert kiosk.guard.attempt(PIN).outcome == "throttled"
    kiosk.clock.advance(1)
    assert kiosk.guard.attempt(PIN).ok


def test_a_reboot_counts_the_time_the_machine_was_off(kiosk: Kiosk) -> None:
    fail(kiosk, 7)  # 300 s
    kiosk.clock.reboot(down_seconds=100, up_seconds=20)
    kiosk.restart()
    assert kiosk.guard.seconds_to_wait() == pytest.approx(180)
    assert "pin_clock_moved_back" not in kiosk.kinds()


def test_a_clock_moved_back_across_a_reboot_restarts_the_full_wait(kiosk: Kiosk) -> None:
    fail(kiosk, 8)  # 900 s
    kiosk.clock.advance(800)
    kiosk.clock.jump_wall(-7200)
    kiosk.clock.reboot()
    kiosk.restart()
    retry_at = kiosk.guard.retry_at()
    assert retry_at == kiosk.clock.wall() + timedelta(seconds=900)
    assert retry_at is not None and retry_at.utcoffset() is not None
    assert kiosk.kinds().count("pin_clock_moved_back") == 1
    # The restarted wait is stored once and then runs out; it does not restart at every look.
    kiosk.clock.advance(450)
    kiosk.restart()
    assert kiosk.guard.seconds_to_wait() == pytest.approx(450)
    kiosk.clock.advance(450)
    assert kiosk.guard.retry_at() is None
    assert kiosk.kinds().count("pin_clock_moved_back") == 1


def test_retry_at_is_none_without_a_wait(kiosk: Kiosk) -> None:
    assert kiosk.guard.retry_at() is None
    fail(kiosk, 4)
    assert kiosk.guard.retry_at() is None and kiosk.guard.seconds_to_wait() == 0


def test_a_removed_counter_fails_closed(kiosk: Kiosk) -> None:
    fail(kiosk, 3)
    kiosk.damage("DELETE FROM pin_throttle")
    assert kiosk.guard.seconds_to_wait() == 3600
    assert kiosk.kinds()[-1] == "pin_throttle_damaged"
    assert kiosk.guard.attempt(PIN).outcome == "throttled"


def test_the_recovery_code_sets_a_new_pin_once(kiosk: Kiosk) -> None:
    code = kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN)
    typed = "  " + code.text.lower().replace("-", " ") + " "
    assert kiosk.guard.attempt_recovery(typed).ok
    assert kiosk.guard.attempt_recovery(typed).ok  # checking alone does not use it up
    new_code = kiosk.guard.set_pin(PIN, recovery_code=typed)
    assert kiosk.events[-1] == ("pin_set", {"via": "recovery_code"})
    assert new_code.text != code.text
    assert kiosk.guard.attempt_recovery(code.text).outcome == "wrong"  # gone once used
    with pytest.raises(PinRefusedError):
        kiosk.guard.set_pin(OTHER_PIN, recovery_code=code.text)
    assert kiosk.guard.attempt(PIN).ok
    assert kiosk.guard.attempt(OTHER_PIN).outcome == "wrong"
    assert kiosk.guard.attempt_recovery(new_code.text).ok


def test_changing_the_pin_retires_the_old_recovery_code(kiosk: Kiosk) -> None:
    first = kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN)
    kiosk.guard.set_pin(PIN, current_pin=OTHER_PIN)
    assert kiosk.guard.attempt_recovery(first.text).outcome == "wrong"


def test_pin_and_recovery_code_share_one_throttle(kiosk: Kiosk) -> None:
    fail(kiosk, 3)
    assert kiosk.guard.attempt_recovery("AAAA-BBBB-CCCC").outcome == "wrong"
    last = kiosk.guard.attempt_recovery("AAAA-BBBB-CCCD")
    assert (last.outcome, last.failures, last.seconds_left) == ("wrong", 5, 30)
    assert kiosk.guard.attempt_recovery("AAAA-BBBB-CCCE").outcome == "throttled"
    with pytest.raises(PinRefusedError) as refused:
        kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN)
    assert refused.value.result.outcome == "throttled"


def test_changing_the_pin_needs_the_current_pin(kiosk: Kiosk) -> None:
    with pytest.raises(ValueError, match="current PIN or the recovery code"):
        kiosk.guard.set_pin(OTHER_PIN)
    with pytest.raises(ValueError, match="current PIN or the recovery code"):
        kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN, recovery_code="X")
    with pytest.raises(PinRefusedError) as refused:
        kiosk.guard.set_pin(OTHER_PIN, current_pin="73915847")
    assert refused.value.result.outcome == "wrong" and kiosk.stored_failures() == 1
    assert kiosk.guard.attempt(PIN).ok
    kiosk.guard.set_pin(OTHER_PIN, current_pin=PIN)
    assert kiosk.events[-1] == ("pin_set", {"via": "pin"})
    assert kiosk.guard.attempt(OTHER_PIN).ok


def test_a_weak_new_pin_is_refused_before_anything_else(kiosk: Kiosk) -> None:
    with pytest.raises(WeakPinError, match="count up or down"):
        kiosk.guard.set_pin("1234", current_pin="wrong")
    assert kiosk.stored_failures() == 0  # refused without spending an attempt
    assert kiosk.guard.attempt(PIN).ok


def test_the_demo_may_use_a_weak_pin_but_not_a_malformed_one(tmp_path: Path) -> None:
    kiosk = Kiosk(tmp_path / "demo.sqlite3")
    with pytest.raises(WeakPinError, match="digits"):
        kiosk.guard.set_pin("00 0", allow_weak=True)
    kiosk.guard.set_pin("0000", allow_weak=True)
    assert kiosk.guard.attempt("0000").ok
    kiosk.store.close()


def test_events_arrive_after_the_commit_so_they_can_be_stored_alongside(tmp_path: Path) -> None:
    kiosk = Kiosk(tmp_path / "kiosk.sqlite3")

    def store_event(kind: str, detail: EventDetail) -> None:
        with kiosk.store.write() as writer:  # a transaction of its own, so none may be open
            writer.add_event(kiosk.clock.wall(), kind, detail)

    guard = PinGuard(kiosk.store.pin_records, kiosk.clock, on_event=store_event, params=FAST)
    guard.set_pin(PIN)
    guard.attempt("00000001")
    guard.attempt(PIN)
    assert [event.kind for event in kiosk.store.events()] == ["pin_set", "pin_wrong", "pin_ok"]
    kiosk.store.close()

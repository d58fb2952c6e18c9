"""The guard over a store that is not saved (it runs in memory because its file cannot be
written): the PIN opens, but no attempt is free, since a restart would forget the count, and a
new PIN is refused rather than kept where the next start would lose it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store, StoreWriteError
from tests.core.fake_clock import FakeClock

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"
WRONG = "46283951"


@pytest.fixture
def copied(tmp_path: Path) -> Store:
    """A set-up kiosk's state, opened as a copy in memory that saves nothing."""
    path = tmp_path / "kiosk.sqlite3"
    store = Store.open(path, set_up=False)
    PinGuard(store.pin_records, FakeClock(), params=FAST).set_pin(PIN)
    store.close()
    return Store.open(path, set_up=True, writable=False, cause="A test said so.")


def test_the_pin_opens_but_every_wrong_one_waits(copied: Store) -> None:
    clock = FakeClock()
    guard = PinGuard(copied.pin_records, clock, params=FAST, unsaved=True)
    assert guard.attempt(PIN).ok
    first = guard.attempt(WRONG)
    assert (first.outcome, first.seconds_left) == ("wrong", 30.0)
    assert guard.attempt(PIN).outcome == "throttled"
    clock.advance(30)
    assert guard.attempt(PIN).ok
    assert guard.attempt(WRONG).seconds_left == 30.0  # after a success, still none free


def test_the_same_guard_over_a_saved_store_keeps_its_free_attempts(copied: Store) -> None:
    guard = PinGuard(copied.pin_records, FakeClock(), params=FAST)
    assert guard.attempt(WRONG).seconds_left == 0.0


def test_a_new_pin_is_refused_and_the_old_one_holds(copied: Store) -> None:
    guard = PinGuard(copied.pin_records, FakeClock(), params=FAST, unsaved=True)
    with pytest.raises(StoreWriteError, match="could not be saved"):
        guard.set_pin("58204736", current_pin=PIN)
    assert guard.attempt(PIN).ok

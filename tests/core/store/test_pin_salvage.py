"""A state file set aside as damaged gives its PIN to the fresh one, so the lock can open again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.app.services import open_services
from kiosk.core import paths
from kiosk.core.setup_marks import mark_set_up
from tests.core.fake_clock import FakeClock

PIN = "4827"


def _set_up_then_damage(drop: str) -> None:
    """A set-up kiosk whose state file then loses a table, which makes the store set it aside."""
    services = open_services(None, clock=FakeClock())
    services.guard.set_pin(PIN)
    services.close()
    mark_set_up(paths.setup_markers())
    connection = sqlite3.connect(paths.state_file())
    connection.execute(f"DROP TABLE {drop}")
    connection.commit()
    connection.close()


def test_the_pin_survives_a_damaged_state_file() -> None:
    _set_up_then_damage("ledger")
    services = open_services(None, clock=FakeClock())
    try:
        assert services.store.recovery is not None and services.store.recovery.fail_closed
        assert services.limits.status().lock_reason == "tamper"
        assert services.guard.is_set()
        assert services.guard.attempt("9151").outcome == "wrong"
        assert services.guard.attempt(PIN).ok
        assert [e.kind for e in services.store.events("pin_salvaged")] == ["pin_salvaged"]
    finally:
        services.close()


def test_a_lost_attempt_counter_means_the_longest_wait_not_fresh_tries() -> None:
    _set_up_then_damage("pin_throttle")
    services = open_services(None, clock=FakeClock())
    try:
        assert services.guard.is_set()
        result = services.guard.attempt(PIN)
        assert result.outcome == "throttled" and result.seconds_left >= 3000
    finally:
        services.close()


def test_nothing_to_salvage_leaves_no_pin(tmp_path: Path) -> None:
    mark_set_up(paths.setup_markers())
    paths.state_file().parent.mkdir(parents=True, exist_ok=True)
    paths.state_file().write_bytes(b"not a database at all" * 100)
    services = open_services(None, clock=FakeClock())
    try:
        assert services.limits.status().lock_reason == "tamper"
        assert not services.guard.is_set()
    finally:
        services.close()

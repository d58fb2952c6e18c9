"""Traces that the kiosk was set up here: two setup markers in folders apart from the state, a
copy of an earlier state file kept aside, and the log. With any of them, a lost state file
locks the kiosk instead of opening first-run setup, where the child would choose the PIN."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

from kiosk.app.logs import SET_UP_NOTE
from kiosk.app.services import KioskServices, earlier_use_found, open_services
from kiosk.core import paths
from tests.core.fake_clock import FakeClock

PIN = "4827"


def set_up() -> None:
    """First-run setup as `kiosk pin set` does it: the PIN, then the traces."""
    services = open_services(None, clock=FakeClock())
    services.guard.set_pin(PIN)
    services.mark_set_up()
    services.close()


def reopen() -> KioskServices:
    return open_services(None, clock=FakeClock())


def lose_state_and_markers() -> None:
    shutil.rmtree(paths.data_dir())
    for marker in paths.setup_markers():
        marker.unlink()


def assert_locked_not_setup(services: KioskServices) -> None:
    try:
        assert services.store.was_set_up  # so the window locks rather than offering setup
        assert services.limits.status().lock_reason == "tamper"
        assert not services.guard.is_set()
    finally:
        services.close()


def test_the_markers_live_in_two_folders_apart_from_the_state() -> None:
    set_up()
    first, second = paths.setup_markers()
    assert first.is_file() and second.is_file()
    assert first.parent != second.parent
    for marker in (first, second):
        assert not marker.is_relative_to(paths.data_dir())


def test_deleting_the_state_folder_and_one_marker_still_locks(tmp_path: Path) -> None:
    set_up()
    shutil.rmtree(paths.data_dir())
    paths.setup_markers()[0].unlink()
    assert_locked_not_setup(reopen())


def test_the_log_alone_is_a_trace(kiosk_log: None) -> None:
    set_up()
    lose_state_and_markers()
    assert earlier_use_found()
    assert_locked_not_setup(reopen())


def test_a_kept_copy_of_the_state_alone_is_a_trace() -> None:
    set_up()
    with sqlite3.connect(paths.state_file()) as raw:  # damaged, but the PIN is still in it
        raw.execute("DROP TABLE ledger")
    raw.close()
    reopen().close()  # sets the damaged file aside and starts a fresh, locked one
    paths.state_file().unlink()
    for marker in paths.setup_markers():
        marker.unlink()
    assert not earlier_use_found()
    services = reopen()
    try:
        assert services.store.was_set_up
        assert services.limits.status().lock_reason == "tamper"
        assert services.guard.attempt(PIN).ok  # salvaged from the kept copy
    finally:
        services.close()


def test_a_machine_with_no_trace_offers_setup(kiosk_log: None) -> None:
    logging.getLogger("kiosk.test").info("setup was opened and cancelled")
    assert not earlier_use_found()
    services = reopen()
    try:
        assert not services.store.was_set_up and not services.guard.is_set()
        assert services.store.recovery is None
    finally:
        services.close()
    assert SET_UP_NOTE not in (paths.log_dir() / "kiosk.log").read_text()

"""Deleting config.toml is not a way to the defaults' longer sessions: a kiosk that was set up
keeps the parent's settings in its state file too, puts the file back when it is gone, and
locks, as for any tampering. What a kiosk with no copy yet, or a first run, does is unchanged."""

from __future__ import annotations

import sqlite3

from kiosk.app.services import KioskServices, open_services
from kiosk.core import paths
from kiosk.core.limits.reading import TAMPER_MESSAGES
from tests.core.fake_clock import FakeClock

PIN = "4827"
PARENTS_SETTINGS = """# the parent's own settings
[session]
minutes = 10
daily_limit_minutes = 30
"""


def open_kiosk(*, read_only: bool = False) -> KioskServices:
    return open_services(None, clock=FakeClock(), read_only=read_only)


def set_up_with_settings() -> None:
    config = paths.config_file(None)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(PARENTS_SETTINGS, encoding="utf-8")
    services = open_kiosk()
    services.guard.set_pin(PIN)
    services.mark_set_up()
    services.close()


def test_a_deleted_settings_file_is_put_back_and_the_kiosk_locks() -> None:
    set_up_with_settings()
    paths.config_file(None).unlink()

    services = open_kiosk()
    try:
        assert services.config.session.minutes == 10
        assert services.config.session.daily_limit_minutes == 30
        assert paths.config_file(None).read_text(encoding="utf-8") == PARENTS_SETTINGS
        assert services.limits.status().lock_reason == "tamper"
        assert services.limits.parent_message is not None
        assert TAMPER_MESSAGES["config_missing"] in services.limits.parent_message
        (event,) = [e for e in services.store.events("tamper")]
        assert event.detail["cause"] == "config_missing"
    finally:
        services.close()


def test_the_parents_pin_lifts_the_lock_and_the_settings_stay_the_parents() -> None:
    set_up_with_settings()
    paths.config_file(None).unlink()
    open_kiosk().close()
    services = open_kiosk()  # the file is back: a second start is not another tampering
    try:
        assert services.limits.status().lock_reason == "tamper"
        services.limits.start_new_session_now()
        status = services.limits.status()
        assert status.state == "in_session" and status.session_seconds_left == 600
    finally:
        services.close()


def test_kiosk_status_reads_the_kept_settings_and_writes_nothing() -> None:
    set_up_with_settings()
    paths.config_file(None).unlink()
    services = open_kiosk(read_only=True)
    try:
        assert services.config.session.minutes == 10
        assert not paths.config_file(None).exists()
    finally:
        services.close()


def test_settings_saved_from_the_panel_are_the_ones_put_back() -> None:
    set_up_with_settings()
    services = open_kiosk()
    try:
        paths.config_file(None).write_text("[session]\nminutes = 12\n", encoding="utf-8")
        services.keep_config()  # what the host does when the panel saved
    finally:
        services.close()
    paths.config_file(None).unlink()
    services = open_kiosk()
    try:
        assert services.config.session.minutes == 12
    finally:
        services.close()


def test_the_kept_settings_survive_a_damaged_state_file_with_the_pin() -> None:
    set_up_with_settings()
    with sqlite3.connect(paths.state_file()) as raw:  # damaged, but the parent's rows are in it
        raw.execute("DROP TABLE ledger")
    raw.close()
    open_kiosk().close()  # sets the damaged file aside and salvages the PIN and the settings
    paths.config_file(None).unlink()
    services = open_kiosk()
    try:
        assert services.config.session.minutes == 10
        assert services.guard.attempt(PIN).ok
    finally:
        services.close()


def test_a_first_run_without_a_settings_file_runs_on_the_defaults_unlocked() -> None:
    services = open_kiosk()
    try:
        assert services.config.session.minutes == 15
        assert services.limits.status().lock_reason != "tamper"
        assert not paths.config_file(None).exists()
    finally:
        services.close()


def test_a_kiosk_that_kept_no_copy_yet_runs_on_the_defaults_as_before() -> None:
    set_up_with_settings()
    with sqlite3.connect(paths.state_file()) as raw:  # as a kiosk before copies were kept
        raw.execute("DELETE FROM meta WHERE key = 'config.kept'")
    raw.close()
    paths.config_file(None).unlink()
    services = open_kiosk()
    try:
        assert services.config.session.minutes == 15
        assert services.limits.status().lock_reason != "tamper"
    finally:
        services.close()

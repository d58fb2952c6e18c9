"""No start-up failure drops the child to the desktop: the real `kiosk` process, with a folder
where its lock file belongs, a data folder that cannot be written, its data folder deleted while
it runs, or an error nobody foresaw, shows the calm lock screen, stays up, and logs the cause.

These read only the app's log ("screen: lock (...)"), so they run on Qt's offscreen platform.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import PIN, KioskApp, KioskHome, add_clips
from tests.faults.small_disk import small_disk

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

#: Long enough to see two ticks decide nothing new: a bounded look, not a wait for a rule.
TWO_TICKS = 1.5


def set_up(home: KioskHome, clip_cache: ClipCache) -> KioskHome:
    add_clips(clip_cache, home, ("red",))
    home.write_config(minutes=10)
    home.set_pin()  # also skips the first-run setup
    return home


def assert_stays_locked(app: KioskApp, screen: str) -> None:
    """The first screen is `screen`, it stays, and SIGTERM still ends the kiosk cleanly."""
    assert app.first_screen() == screen
    app.messages_after(TWO_TICKS)  # still running
    assert app.log.screens() == [screen]
    assert "Traceback" not in app.stderr()
    assert app.terminate() == 0


def test_a_folder_where_the_lock_file_belongs(kiosk_home: KioskHome, clip_cache: ClipCache) -> None:
    home = set_up(kiosk_home, clip_cache)
    lock_file = home.state_file.with_name("kiosk.lock")
    lock_file.mkdir()
    app = home.start_app(None)
    assert_stays_locked(app, "lock (tamper)")
    assert any(str(lock_file) in message for message in app.log.messages())


def test_a_data_folder_that_cannot_be_written(kiosk_home: KioskHome, clip_cache: ClipCache) -> None:
    """Read-only even for root: the data folder is a tmpfs remounted read-only. The kiosk was
    set up there and used; the file stays as it was, and no fresh budget comes of it."""
    with small_disk(kiosk_home.root / "data") as disk:
        home = set_up(kiosk_home, clip_cache)
        assert home.unlock(PIN).returncode == 0  # a session was running
        kept = home.state_file.read_bytes()
        disk.read_only()
        app = home.start_app(None)
        assert_stays_locked(app, "lock (tamper)")
        status = home.status()
        assert (status["state"], status["lock_reason"]) == ("locked", "tamper")
        assert home.state_file.read_bytes() == kept


def test_the_data_folder_deleted_while_the_kiosk_runs(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    home = set_up(kiosk_home, clip_cache)
    app = home.start_app(None)
    assert app.first_screen() == "start"
    assert home.unlock(PIN).returncode == 0  # a session: the kiosk saves every few seconds
    app.wait_for("screen: feed")
    shutil.rmtree(home.state_file.parent)
    app.wait_for("screen: lock (tamper)")
    app.messages_after(TWO_TICKS)  # no crash, and the lock holds
    assert app.log.screens()[-1] == "lock (tamper)"
    assert app.terminate() == 0
    again = home.start_app(None)  # the next start: no fresh budget either
    assert_stays_locked(again, "lock (tamper)")


def test_a_broken_settings_file_starts_the_kiosk_locked_with_the_reason(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    home = set_up(kiosk_home, clip_cache)
    home.config_file.write_text(home.config_file.read_text() + "\nminutes = ten\n")
    app = home.start_app(None)
    assert_stays_locked(app, "lock (tamper)")
    assert any("config has problems" in message for message in app.log.messages())


def test_a_deleted_settings_file_is_put_back_and_the_kiosk_starts_locked(
    kiosk_home: KioskHome, clip_cache: ClipCache
) -> None:
    home = set_up(kiosk_home, clip_cache)
    parents = home.config_file.read_text()
    home.start_app(None).terminate()  # a start keeps the parent's settings in the state file
    home.config_file.unlink()
    app = home.start_app(None)
    assert_stays_locked(app, "lock (tamper)")
    assert home.config_file.read_text() == parents
    status = home.status()
    assert (status["state"], status["lock_reason"]) == ("locked", "tamper")


_INJECT = """
import sys
import kiosk.app.run as run

def broken(*args, **kwargs):
    raise RuntimeError("a fault the test injected")

setattr(run, {name!r}, broken)
from kiosk.cli import main
sys.exit(main([]))
"""


@pytest.mark.parametrize(
    ("broken", "screen"),
    [
        # Opening the state: the kiosk starts locked on a read-only copy, the panel reachable.
        ("open_services", "lock (tamper)"),
        # Building the screens: the lock screen alone, whose PIN closes the kiosk.
        ("KioskHost", "lock (start failed)"),
    ],
)
def test_an_error_nobody_foresaw(
    kiosk_home: KioskHome, clip_cache: ClipCache, broken: str, screen: str
) -> None:
    home = set_up(kiosk_home, clip_cache)
    command = [sys.executable, "-c", _INJECT.format(name=broken)]
    app = home.start_app(None, command=command)
    assert_stays_locked(app, screen)
    assert any("a fault the test injected" in line for line in _log_text(home).splitlines())


def _log_text(home: KioskHome) -> str:
    return Path(home.log_file).read_text(errors="replace")

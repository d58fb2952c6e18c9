"""Deleting the state's folder brings back no first-run setup, where the child would choose the
PIN: the real `kiosk` process finds a setup marker in another folder and starts locked, and
`kiosk status` agrees. The unit tests of the traces are in `tests/app/test_traces.py`.

These read only the app's log ("screen: lock (...)"), so they run on Qt's offscreen platform.
"""

from __future__ import annotations

import shutil

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import KioskHome, add_clips

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.parametrize("also_deleted", ["config", "state"])
def test_deleting_the_state_folder_starts_locked_not_in_setup(
    kiosk_home: KioskHome, clip_cache: ClipCache, also_deleted: str
) -> None:
    """The state's folder goes, and with it one of the two other folders that hold a marker:
    the config's marker beside config.toml, or the state folder's (log and marker)."""
    add_clips(clip_cache, kiosk_home, ("red",))
    kiosk_home.write_config(minutes=10)
    kiosk_home.set_pin()
    shutil.rmtree(kiosk_home.state_file.parent)
    if also_deleted == "config":
        (kiosk_home.root / "config" / "kiosk" / "kiosk.setup").unlink()
    else:
        shutil.rmtree(kiosk_home.root / "state" / "kiosk")
    app = kiosk_home.start_app(None)
    assert app.first_screen() == "lock (tamper)"
    status = kiosk_home.status()
    assert (status["state"], status["lock_reason"]) == ("locked", "tamper")
    assert app.terminate() == 0

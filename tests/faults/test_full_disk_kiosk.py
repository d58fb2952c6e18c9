"""A real full disk under the real `kiosk` window (a tmpfs filled to the last byte holds the
state): at start the kiosk locks instead of dropping to the desktop, the right PIN opens the
parent panel, and the file stays as it was, so the PIN and the parent's hides are there after
space is freed; while it runs, it locks, the right PIN still opens the panel, and once space is
back the time it counted meanwhile is saved."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import (
    EVENT_TIMEOUT,
    PIN,
    KioskHome,
    add_clips,
    one_sentence,
    tap,
    window_centre,
    xdotool,
)
from tests.faults.small_disk import small_disk

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def set_up(home: KioskHome, clip_cache: ClipCache) -> KioskHome:
    add_clips(clip_cache, home, ("red", "lime", "blue"))
    home.write_config(minutes=10)
    home.set_pin()  # also skips the first-run setup
    return home


def type_pin(display: str, pin: str) -> None:
    """On the lock screen: a tap turns the moon over to the pad (and gives the window the
    keyboard), then the PIN and Enter."""
    tap(display, *window_centre(display))
    xdotool(display, "type", "--delay", "60", pin)
    xdotool(display, "key", "Return")


def hide(home: KioskHome, clip: Path) -> None:
    """The parent hides a clip in the library view: one row in the state file."""
    connection = sqlite3.connect(home.state_file)
    try:
        with connection:
            connection.execute(
                "INSERT INTO hidden_clips (clip_key, hidden_at) VALUES (?, ?)",
                (str(clip), "2026-11-26T09:00:00.000+00:00"),
            )
    finally:
        connection.close()


def read_state(home: KioskHome, query: str) -> list[tuple[object, ...]]:
    """Read the running kiosk's state file without writing anything beside it."""
    connection = sqlite3.connect(f"{home.state_file.as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_a_full_disk_at_start(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    with small_disk(kiosk_home.root / "data") as disk:
        home = set_up(kiosk_home, clip_cache)
        hide(home, home.clips / "1 red.mp4")
        kept = home.state_file.read_bytes()
        disk.fill()

        app = home.start_app(xvfb_display)
        assert app.first_screen() == "lock (tamper)"
        status = home.status()
        assert (status["state"], status["disk_full"]) == ("locked", True)
        refused = home.unlock(PIN)  # right, but an unlock nobody could save is not claimed
        assert refused.returncode == 1
        assert "could not be saved" in one_sentence(refused.stderr)
        type_pin(xvfb_display, PIN)
        app.wait_for("screen: parent panel")
        assert app.terminate() == 0
        assert home.state_file.read_bytes() == kept  # never moved, emptied or replaced

        disk.free()
        again = home.start_app(xvfb_display)
        assert again.first_screen() == "start"
        assert again.wait_for("visible").endswith("3 clips, 2 visible, 0 skipped")
        assert again.terminate() == 0
        assert home.unlock(PIN).returncode == 0


def test_a_disk_that_fills_while_the_kiosk_runs(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    with small_disk(kiosk_home.root / "data") as disk:
        home = set_up(kiosk_home, clip_cache)
        app = home.start_app(xvfb_display)
        assert app.first_screen() == "start"
        tap(xvfb_display, *window_centre(xvfb_display))
        app.wait_for("screen: feed")
        disk.fill()
        app.wait_for("screen: lock (tamper)")
        type_pin(xvfb_display, PIN)
        app.wait_for("screen: parent panel")

        disk.free()
        deadline = time.monotonic() + EVENT_TIMEOUT
        while not read_state(home, "SELECT id FROM events WHERE kind = 'disk_recovered'"):
            assert time.monotonic() < deadline, "the kiosk never saved again"
            time.sleep(0.2)
        (started,) = read_state(home, "SELECT at FROM events WHERE kind = 'session_start'")[0]
        ended, detail = read_state(
            home, "SELECT at, detail FROM events WHERE kind = 'session_end'"
        )[0]
        on_screen = datetime.fromisoformat(str(ended)) - datetime.fromisoformat(str(started))
        ended_with = json.loads(str(detail))
        assert ended_with["reason"] == "tamper"
        ((saved,),) = read_state(home, "SELECT counted_seconds FROM sessions")
        # Every second on screen up to the lock was counted, and saved once space was back.
        assert saved == pytest.approx(ended_with["counted_seconds"], abs=0.1)
        assert saved >= on_screen.total_seconds() - 1.5
        assert [kind for (kind,) in read_state(home, "SELECT kind FROM events")].count(
            "disk_full"
        ) == 1
        assert app.terminate() == 0

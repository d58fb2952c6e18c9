"""The clip budget in the real app: with `session.clips = 3`, a session ends after the third clip,
long before its minutes, on real clocks and real clips (three of 4 s each, which play through)."""

from __future__ import annotations

import sqlite3

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import SCREEN_SIZE, KioskHome, add_clips, tap

pytestmark = pytest.mark.e2e

CENTRE = (SCREEN_SIZE[0] // 2, SCREEN_SIZE[1] // 2)


def test_a_session_of_three_clips_ends_after_the_third(
    kiosk_home: KioskHome, xvfb_display: str, clip_cache: ClipCache
) -> None:
    add_clips(clip_cache, kiosk_home, ("red", "lime", "blue"))
    kiosk_home.write_config(minutes=10, clips=3)
    kiosk_home.set_pin()
    app = kiosk_home.start_app(xvfb_display)
    assert app.first_screen() == "start"
    assert kiosk_home.status()["session_clips_left"] == 3
    tap(xvfb_display, *CENTRE)
    app.wait_for("screen: feed")
    app.wait_for("screen: lock", timeout=60)
    shown = [m.removeprefix("showing clip: ") for m in app.log.messages() if "showing clip" in m]
    assert shown == ["1 red", "2 lime", "3 blue"]  # each once: the third was the last
    assert app.log.screens() == ["start", "feed", "lock (session_over)"]
    status = kiosk_home.status()
    assert (status["state"], status["lock_reason"], status["session_clips_left"]) == (
        "locked",
        "session_over",
        0,
    )
    assert isinstance(status["used_today_seconds"], int) and status["used_today_seconds"] < 60
    assert app.terminate() == 0
    with sqlite3.connect(kiosk_home.state_file) as state:
        reasons = state.execute("SELECT end_reason FROM sessions").fetchall()
    assert reasons == [("clips",)]

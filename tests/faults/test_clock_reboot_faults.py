"""The system clock set ahead while the kiosk runs, then a reboot, against the real app.

This used to end a cooldown, give a new day and skip a PIN wait: across a boot the kiosk
believed the wall clock. Now the kiosk notes how far the wall clock runs ahead while it runs,
and believes it only less that lead after the reboot.

One kiosk home is prepared once, as in test_time_e2e: a session run to its end on a fake
timeline an hour in the past (60 times as fast), then nine wrong PINs from the terminal on fake
timelines that step over each wait, so the next try waits an hour. Then the app runs on the real
boot clock, its wall clock is moved two hours ahead, and it is killed as a reboot would. Each
test copies that home and looks at it from a new boot (a new boot id, as root), with the wall
clock still two hours ahead. Household 22:00 plus two hours is past midnight, so one move tries
the cooldown, the day and the PIN wait at once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import (
    OTHER_PIN,
    PIN,
    FakeClock,
    KioskHome,
    WallClockFile,
    add_clips,
    tap,
    wall_clock_only,
    window_centre,
    zone_at,
)
from tests.faults.namespaces import new_boot, require_namespaces

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SESSION_MINUTES = 10
COOLDOWN_MINUTES = 100  # over two hours on: the cooldown ends if the move is believed
# Fake timelines ahead of real time by these offsets, for the wrong PINs after the fifth: each
# steps past the wait the one before it started (30 s, 1 min, 5 min, 15 min), so the ninth
# starts the longest wait, an hour.
PIN_TIMELINES = ("+0", "+0", "+0", "+0", "+0", "+31s", "+92s", "+393s", "+1294s")
AHEAD = "+2h"


@dataclass
class Prepared:
    home: KioskHome
    next_session_at: object


def ledger_lead(home: KioskHome) -> float:
    """The wall clock's lead as the kiosk last saved it (0.0 until it kept one)."""
    with sqlite3.connect(home.state_file) as state:
        row = state.execute("SELECT data FROM ledger").fetchone()
    state.close()
    return float(json.loads(row[0]).get("wall_ahead_seconds", 0.0))


def wait_for_lead(home: KioskHome, seconds: float, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while ledger_lead(home) < seconds:
        if time.monotonic() > deadline:
            pytest.fail(f"the running kiosk never kept a wall-clock lead of {seconds:.0f} s")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def prepared(
    tmp_path_factory: pytest.TempPathFactory, xvfb_display: str, clip_cache: ClipCache
) -> Iterator[Prepared]:
    require_namespaces()
    home = KioskHome.create(tmp_path_factory.mktemp("clock-ahead"))
    home.extra_env["TZ"] = zone_at(22)
    add_clips(clip_cache, home, ("red", "lime", "blue"))
    home.write_config(
        minutes=SESSION_MINUTES,
        cooldown_minutes=COOLDOWN_MINUTES,
        daily_limit_minutes=0,
        finish_clip_grace_seconds=0,
    )
    home.set_pin(clock=FakeClock("-60m"))
    app = home.start_app(xvfb_display, clock=FakeClock("-60m x60"))
    try:
        assert app.first_screen() == "start"
        tap(xvfb_display, *window_centre(xvfb_display))
        app.wait_for("screen: lock", timeout=120)
    finally:
        app.kill()
    for spec in PIN_TIMELINES:
        wrong = home.unlock(OTHER_PIN, clock=FakeClock(spec))
        assert wrong.returncode == 3 and "Wrong PIN" in wrong.stderr, wrong.stderr
    before = home.status()
    assert (before["state"], before["lock_reason"]) == ("locked", "session_over")

    wall = WallClockFile(home.root / "wall-offset")
    app = home.start_app(xvfb_display, clock=wall)
    try:
        assert app.first_screen() == "lock (session_over)"
        wall.move(AHEAD)
        wait_for_lead(home, 2 * 3600 - 60)
    finally:
        app.kill()  # the child reboots at the power button: no clean exit
    yield Prepared(home, before["next_session_at"])


@pytest.fixture
def after_reboot(
    prepared: Prepared, kiosk_home: KioskHome
) -> Iterator[tuple[KioskHome, tuple[str, ...]]]:
    """This test's copy of the prepared home, and the prefix that runs a command in a new boot."""
    kiosk_home.clips = prepared.home.clips
    kiosk_home.copy_state_from(prepared.home)
    yield kiosk_home, new_boot(kiosk_home.root)


def test_the_cooldown_holds_after_the_clock_was_set_ahead_and_the_machine_rebooted(
    prepared: Prepared, after_reboot: tuple[KioskHome, tuple[str, ...]], xvfb_display: str
) -> None:
    home, rebooted = after_reboot

    status = home.status(clock=wall_clock_only(AHEAD), prefix=rebooted)

    assert (status["state"], status["lock_reason"]) == ("locked", "session_over")
    assert status["next_session_at"] == prepared.next_session_at
    assert status["tamper_detected"] is False
    app = home.start_app(xvfb_display, clock=wall_clock_only(AHEAD), prefix=rebooted)
    assert app.first_screen() == "lock (session_over)"
    app.kill()


def test_the_day_holds_after_the_clock_was_set_into_the_next_and_the_machine_rebooted(
    after_reboot: tuple[KioskHome, tuple[str, ...]],
) -> None:
    home, rebooted = after_reboot
    home.write_config(
        minutes=SESSION_MINUTES,
        cooldown_minutes=COOLDOWN_MINUTES,
        daily_limit_minutes=SESSION_MINUTES,  # the session used up the day
        finish_clip_grace_seconds=0,
    )

    status = home.status(clock=wall_clock_only(AHEAD), prefix=rebooted)

    assert (status["state"], status["lock_reason"]) == ("locked", "daily_limit")
    assert status["used_today_seconds"] == SESSION_MINUTES * 60


def test_a_pin_wait_holds_after_the_clock_was_set_ahead_and_the_machine_rebooted(
    after_reboot: tuple[KioskHome, tuple[str, ...]],
) -> None:
    home, rebooted = after_reboot

    result = home.unlock(PIN, clock=wall_clock_only(AHEAD), prefix=rebooted)

    assert result.returncode == 3, result.stdout
    assert result.stderr.startswith("kiosk: Too many wrong PINs: try again in ")
    status = home.status(clock=wall_clock_only(AHEAD), prefix=rebooted)
    assert status["state"] == "locked"  # nothing was unlocked

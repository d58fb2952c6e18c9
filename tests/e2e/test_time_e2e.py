"""The time rules kept by the real app across processes: a session ends, a kill gives back at most
5 s, a restart while locked stays locked, the wall clock moved either way gains nothing, and a
damaged state file fails closed.

A ten-minute session is run in about 10 s of real time under libfaketime at 60x. libfaketime
makes every clock of that process, the boot-time clock included, read a fake wall clock (see
kiosk_process), so the faked runs start an hour in the past: their boot-clock readings then look
like an earlier boot to a later real-clock run, which goes on from the real wall clock. They must
stay behind it: a record ahead of the wall clock would rightly read as a clock set back (tamper).
The first real-clock start of the app anchors the record on the real boot clock; from there the
wall-clock tests run with FAKETIME_DONT_FAKE_MONOTONIC, which leaves the boot clock alone.

Every kiosk process here runs in a time zone where it is now about noon, so that the hour in the
past and the hours moved on or back never cross a local midnight (a new day would reset
`used_today_seconds` and move `next_session_at`, whatever the clocks do).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import (
    FakeClock,
    KioskHome,
    add_clips,
    tap,
    wall_clock_only,
    window_centre,
    xdotool,
    zone_at,
)

pytestmark = pytest.mark.e2e

SESSION_MINUTES = 10
# 10 fake minutes in about 10 s. libvlc and Qt run fine at this speed (clips play fast, and the
# kiosk ticks every fake second); a heavier speed-up only saves seconds.
SPEED_UP = 60
# Where every faked timeline starts: far enough back that the sped-up run (10 fake minutes of
# session, and a fake minute for every real second of start-up or a slow machine) ends behind the
# real wall clock.
IN_THE_PAST = "-60m"
# Long enough to outlast the hour in the past and the tests; shorter than the 2 h moved on.
COOLDOWN_MINUTES = 100
# The kiosk ticks once a second; this is long enough to see two ticks decide nothing new.
TWO_TICKS = 2.5


def set_up(home: KioskHome, clip_cache: ClipCache, clock: FakeClock | None = None) -> None:
    home.extra_env["TZ"] = zone_at(12)  # from noon to 13:00
    add_clips(clip_cache, home, ("red", "lime", "blue"))
    home.write_config(
        minutes=SESSION_MINUTES, cooldown_minutes=COOLDOWN_MINUTES, finish_clip_grace_seconds=0
    )
    home.set_pin(clock=clock)  # also skips the first-run setup


@dataclass
class Run:
    home: KioskHome
    messages: list[str]


@pytest.fixture(scope="module")
def ended_session(
    tmp_path_factory: pytest.TempPathFactory, xvfb_display: str, clip_cache: ClipCache
) -> Iterator[Run]:
    """A whole session run to its end under a 40x clock; the app is then killed."""
    home = KioskHome.create(tmp_path_factory.mktemp("ended-session"))
    set_up(home, clip_cache, FakeClock(IN_THE_PAST))
    app = home.start_app(xvfb_display, clock=FakeClock(f"{IN_THE_PAST} x{SPEED_UP}"))
    try:
        assert app.first_screen() == "start"
        tap(xvfb_display, *window_centre(xvfb_display))
        app.wait_for("screen: feed")
        app.wait_for("screen: lock", timeout=120)
    finally:
        app.kill()  # a clean exit is test_window_e2e's business
    yield Run(home, app.log.messages())


@pytest.fixture(scope="module")
def restarted_locked(
    ended_session: Run, tmp_path_factory: pytest.TempPathFactory, xvfb_display: str
) -> Iterator[Run]:
    """The kiosk started again on real clocks after the session ended; poked at, then killed."""
    home = KioskHome.create(tmp_path_factory.mktemp("restarted"), ended_session.home.clips)
    home.copy_state_from(ended_session.home)
    app = home.start_app(xvfb_display)
    try:
        app.first_screen()
        # A child taps and presses a key on the lock screen.
        tap(xvfb_display, *window_centre(xvfb_display))
        xdotool(xvfb_display, "key", "space")
        messages = app.messages_after(TWO_TICKS)
    finally:
        app.kill()
    yield Run(home, messages)


@pytest.fixture
def locked_home(restarted_locked: Run, kiosk_home: KioskHome) -> KioskHome:
    """This test's own copy of the locked kiosk, its record anchored on the real boot clock."""
    kiosk_home.clips = restarted_locked.home.clips
    kiosk_home.copy_state_from(restarted_locked.home)
    return kiosk_home


def screens(messages: list[str]) -> list[str]:
    return [m.removeprefix("screen: ") for m in messages if m.startswith("screen: ")]


def test_a_sped_up_session_ends_and_locks(ended_session: Run) -> None:
    assert screens(ended_session.messages) == ["start", "feed", "lock (session_over)"]
    assert any(m.startswith("showing clip: ") for m in ended_session.messages)

    status = ended_session.home.status()

    assert status["state"] == "locked"
    assert status["lock_reason"] == "session_over"
    assert status["session_seconds_left"] == 0
    assert status["tamper_detected"] is False
    used = status["used_today_seconds"]
    assert isinstance(used, int)
    assert SESSION_MINUTES * 60 <= used <= SESSION_MINUTES * 60 + 1  # no grace was configured
    assert isinstance(status["next_session_at"], str)
    next_at = datetime.fromisoformat(status["next_session_at"])
    assert next_at > datetime.now(next_at.tzinfo)  # the cooldown runs


def test_kill_mid_session_keeps_the_time_saved_before_it(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    set_up(kiosk_home, clip_cache)
    app = kiosk_home.start_app(xvfb_display)
    assert app.first_screen() == "start"
    tapped = time.monotonic()
    tap(xvfb_display, *window_centre(xvfb_display))
    app.wait_for("screen: feed")
    app.wait_for("showing clip: 3 blue")  # two 4 s clips have played
    app.kill()
    after_kill = time.monotonic()

    status = kiosk_home.status()

    assert status["state"] == "in_session"
    left = status["session_seconds_left"]
    assert isinstance(left, int)
    full = SESSION_MINUTES * 60
    # Never more counted than really passed since the tap, and some of it was saved before the
    # kill (two 4 s clips played). That a kill loses at most 5 s is checked on a fake clock in
    # tests/core/limits/test_limits.py (test_a_kill_loses_at_most_five_seconds): here the app's timer would be at the mercy of a busy machine.
    assert full - (after_kill - tapped) <= left <= full - 4

    # Started again, the broken-off session goes straight back to the feed.
    again = kiosk_home.start_app(xvfb_display)
    assert again.first_screen() == "feed"
    again.kill()


def test_a_restart_while_locked_shows_the_lock(restarted_locked: Run) -> None:
    assert screens(restarted_locked.messages) == ["lock (session_over)"]
    assert not any(m.startswith("showing clip") for m in restarted_locked.messages)
    assert restarted_locked.home.status()["state"] == "locked"


def test_the_report_shows_the_sessions_day_while_the_kiosk_runs(
    locked_home: KioskHome, xvfb_display: str
) -> None:
    """`kiosk report` reads beside the running kiosk: today's counted seconds and clips."""
    app = locked_home.start_app(xvfb_display)
    try:
        assert app.first_screen() == "lock (session_over)"
        result = locked_home.run("report", "--json", "--days", "2")
        used = locked_home.status()["used_today_seconds"]
    finally:
        app.kill()

    assert result.returncode == 0, result.stderr
    yesterday, today = json.loads(result.stdout)["days"]
    zone = ZoneInfo(locked_home.extra_env["TZ"])
    assert today["date"] == datetime.now(zone).date().isoformat()
    assert isinstance(used, int)
    assert used <= today["watched_seconds"] <= used + 1
    assert today["sessions"] == 1
    assert today["clips_finished"] >= 2  # 4 s clips, ten sped-up minutes
    # The clips sit in no show, so each stands alone under its title.
    assert today["shows"] and {show["name"] for show in today["shows"]} <= {
        "1 red",
        "2 lime",
        "3 blue",
    }
    assert yesterday["watched_seconds"] == 0


def test_moving_the_wall_clock_forward_does_not_end_the_cooldown(locked_home: KioskHome) -> None:
    now = locked_home.status()
    assert now["state"] == "locked"

    two_hours_on = locked_home.status(clock=wall_clock_only("+2h"))

    # A cooldown that ended on the wall clock would be over 2 h on.
    assert two_hours_on["state"] == "locked"
    assert two_hours_on["lock_reason"] == "session_over"
    assert two_hours_on["next_session_at"] == now["next_session_at"]
    assert two_hours_on["tamper_detected"] is False


def test_moving_the_wall_clock_back_is_tamper_and_keeps_the_lock(
    locked_home: KioskHome, xvfb_display: str
) -> None:
    back = wall_clock_only("-2h")

    status = locked_home.status(clock=back)

    assert status["state"] == "locked"
    assert status["lock_reason"] == "tamper"
    assert status["tamper_detected"] is True

    app = locked_home.start_app(xvfb_display, clock=back)
    assert app.first_screen() == "lock (tamper)"
    app.kill()
    # The clock is put right again: the kiosk stays locked, with the tamper on record.
    after = locked_home.status()
    assert after["state"] == "locked"
    assert after["tamper_detected"] is True


def corrupt(state_file: Path) -> bytes:
    """Garbage over everything after the first page (the header stays, so it looks like SQLite)."""
    data = bytearray(state_file.read_bytes())
    assert len(data) > 8192, "expected a state file of several pages"
    data[4096:] = os.urandom(len(data) - 4096)
    state_file.write_bytes(bytes(data))
    return bytes(data)


def kept_copies(state_file: Path) -> list[Path]:
    """The damaged files moved aside (their -wal and -shm companions go with them)."""
    found = state_file.parent.glob(f"{state_file.name}.corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm", "-journal")))


def test_a_damaged_state_file_fails_closed(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    set_up(kiosk_home, clip_cache)
    damaged = corrupt(kiosk_home.state_file)

    status = kiosk_home.status()

    assert status["state"] == "locked"
    assert status["lock_reason"] == "tamper"
    assert status["tamper_detected"] is True
    kept = kept_copies(kiosk_home.state_file)
    assert len(kept) == 1, kept
    kept_bytes = kept[0].read_bytes()
    changed = [i for i, (a, b) in enumerate(zip(kept_bytes, damaged, strict=False)) if a != b]
    assert (len(kept_bytes), changed[:5]) == (len(damaged), []), "not kept as it was found"

    app = kiosk_home.start_app(xvfb_display)
    assert app.first_screen() == "lock (tamper)"
    app.kill()


def test_the_app_on_a_damaged_state_file_locks_and_stays_locked(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    set_up(kiosk_home, clip_cache)
    corrupt(kiosk_home.state_file)

    app = kiosk_home.start_app(xvfb_display)
    assert app.first_screen() == "lock (tamper)"
    app.kill()

    assert len(kept_copies(kiosk_home.state_file)) == 1
    status = kiosk_home.status()
    assert status["state"] == "locked"
    assert status["lock_reason"] == "tamper"

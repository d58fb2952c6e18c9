"""One household time zone: recorded at setup, chosen by the parent, never moved by the system's.

Switching the system's time zone is the best-known way around a time limit, and a standard
account may do it. Here the child switches it with the kiosk locked, in a session, and just
before midnight; each time the rules keep to the household's zone, and the switch is only noted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import HoursRange
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.store.records import HOUSEHOLD_ZONE_KEY
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig, local, other_process, state_folder

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14: already tomorrow when Berlin has evening
DAY_HOURS = (HoursRange.parse("07:00-19:30"),)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def rig_at(folder: Path, when: str, **settings: object) -> KioskRig:
    clock = FakeClock(datetime.fromisoformat(when).replace(tzinfo=BERLIN))
    values = {"finish_clip_grace_seconds": 0, **settings}
    return KioskRig(folder, LimitSettings(**values), clock=clock)  # type: ignore[arg-type]


def test_the_zone_at_setup_is_recorded_and_the_rules_read_local_time_in_it(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 21:00", allowed_hours=DAY_HOURS)
    status = rig.start().status()
    assert rig.store.household_zone() == "Europe/Berlin"
    assert (status.lock_reason, status.time_zone) == ("outside_hours", "Europe/Berlin")
    assert status.next_session_at == local(rig.clock, "2026-11-27 07:00")
    assert status.next_session_at.tzinfo == BERLIN  # shown in the household's zone


def test_switching_the_system_zone_does_not_open_the_allowed_hours(folder: Path) -> None:
    """21:00 in Berlin is 12:00 in Los Angeles: the start screen used to appear."""
    rig = rig_at(folder, "2026-11-26 21:00", allowed_hours=DAY_HOURS)
    rig.start()
    rig.clock.set_zone(LOS_ANGELES)
    tick = rig.limits.tick()
    assert (tick.status.state, tick.status.lock_reason) == ("locked", "outside_hours")
    assert not rig.limits.start_session()
    assert (tick.time_zone, tick.system_zone) == ("Europe/Berlin", "America/Los_Angeles")
    assert not tick.status.tamper_detected  # a family that travels is not locked out
    assert rig.events("zone_changed") == [
        ("zone_changed", {"from": "Europe/Berlin", "to": "America/Los_Angeles"})
    ]
    rig.restart()  # nor does a restart in the new zone open them
    assert rig.status().lock_reason == "outside_hours"


def test_switching_the_system_zone_does_not_stretch_a_session(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 19:20", allowed_hours=DAY_HOURS)
    rig.start().start_session()
    rig.play(60)
    rig.clock.set_zone(LOS_ANGELES)  # 10:21 there, with hours to go
    assert rig.play(539).state == "in_session"
    status = rig.play(1)
    assert (status.lock_reason, status.used_today_seconds) == ("outside_hours", 600)


def test_switching_the_system_zone_does_not_close_the_allowed_hours(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 10:00", allowed_hours=DAY_HOURS)
    rig.start()
    rig.clock.set_zone(KIRITIMATI)  # 23:00 there
    assert rig.limits.tick().status.state == "ready"
    assert rig.limits.start_session()
    assert rig.play(900).lock_reason == "session_over"


def test_switching_the_system_zone_does_not_start_a_new_day(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 20:00", daily_limit_minutes=15)
    rig.start().start_session()
    rig.play(900, step=5)
    rig.clock.set_zone(KIRITIMATI)  # it is tomorrow there
    rig.play(2 * 3600, step=60)
    status = rig.status()
    assert (status.lock_reason, status.next_session_at) == (
        "daily_limit",
        datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN),
    )


def test_a_parents_new_zone_moves_the_day_but_never_makes_it_short(folder: Path) -> None:
    """The parent may move the household (a family that moved): the day that began still lasts
    at least 20 hours, so switching back and forth gives no second budget."""
    rig = rig_at(folder, "2026-11-26 20:00", daily_limit_minutes=15)
    rig.start().start_session()
    rig.play(900, step=5)
    rig.limits.update_settings(replace(rig.settings, time_zone="Pacific/Kiritimati"))
    status = rig.limits.tick().status
    assert (status.lock_reason, status.time_zone) == ("daily_limit", "Pacific/Kiritimati")
    assert status.next_session_at == datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN)
    rig.play(4 * 3600, step=60)  # Berlin's midnight: the day that began there is over
    assert rig.status().state == "ready"
    rig.limits.start_session()
    rig.play(900, step=5)
    # Kiritimati's next midnight (11:00 in Berlin) comes too soon: the new day lasts at least
    # 20 hours, to the Kiritimati midnight after that.
    status = rig.status()
    assert status.next_session_at == datetime(2026, 11, 28, 11, 0, tzinfo=BERLIN)
    assert status.next_session_at.tzinfo == KIRITIMATI


def test_a_kiosk_set_up_before_zones_were_recorded_records_the_system_zone(
    folder: Path,
) -> None:
    clock = FakeClock(datetime(2026, 11, 26, 21, 0, tzinfo=BERLIN))
    rig = KioskRig(folder, LimitSettings(allowed_hours=DAY_HOURS), clock=clock)
    with sqlite3.connect(rig.state_path) as older:  # as a kiosk before zones were recorded
        older.execute("DELETE FROM meta WHERE key = ?", (HOUSEHOLD_ZONE_KEY,))
    older.close()
    with other_process(rig, read_only=True) as status_view:  # `kiosk status` records nothing
        assert status_view.status().lock_reason == "outside_hours"
    clock.set_zone(LOS_ANGELES)
    with other_process(rig, read_only=True) as status_view:
        assert status_view.status().state == "ready"  # nothing recorded: the system's zone
    rig.start()
    assert rig.store.household_zone() == "America/Los_Angeles"
    clock.set_zone(BERLIN)
    rig.restart()
    assert (rig.status().state, rig.status().time_zone) == ("ready", "America/Los_Angeles")


def test_the_parents_zone_comes_before_the_recorded_one(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 21:00", allowed_hours=DAY_HOURS)
    rig.settings = replace(rig.settings, time_zone="America/Los_Angeles")
    status = rig.start().status()
    assert (status.state, status.time_zone) == ("ready", "America/Los_Angeles")
    assert rig.store.household_zone() == "Europe/Berlin"  # kept for the day "" is chosen again
    rig.limits.update_settings(replace(rig.settings, time_zone=""))
    assert rig.limits.tick().status.lock_reason == "outside_hours"


def test_a_zone_name_the_settings_refuse() -> None:
    with pytest.raises(ValueError, match="time_zone"):
        LimitSettings(time_zone="Mars/Olympus")
    assert LimitSettings(time_zone="Asia/Tokyo").time_zone == "Asia/Tokyo"


def test_the_system_zone_changing_back_and_forth_is_noted_each_time(folder: Path) -> None:
    rig = rig_at(folder, "2026-11-26 10:00")
    rig.start()
    for zone in (LOS_ANGELES, BERLIN, LOS_ANGELES):
        rig.clock.set_zone(zone)
        rig.play(1)
    changes = [(detail["from"], detail["to"]) for _, detail in rig.events("zone_changed")]
    assert changes == [
        ("Europe/Berlin", "America/Los_Angeles"),
        ("America/Los_Angeles", "Europe/Berlin"),
        ("Europe/Berlin", "America/Los_Angeles"),
    ]
    rig.play(3, step=1)
    assert len(rig.events("zone_changed")) == 3  # noted once, not at every tick

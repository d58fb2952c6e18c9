"""The system's time zone switched, the best-known way around a time limit, against the real app.

The household's zone is recorded when the PIN is first set; `kiosk status` and the app then run
under another zone (`TZ`), or have the system's zone changed under them mid-session. The allowed
hours must follow the household's zone in every case.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import (
    FakeClock,
    KioskHome,
    add_clips,
    tap,
    window_centre,
    zone_at,
)
from tests.faults.namespaces import SystemZone

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

DAY_HOURS = ["07:00-19:30"]


def set_up(home: KioskHome, clip_cache: ClipCache, household: str, **session: object) -> None:
    """Clips, a config, and the PIN set by the parent with the system in `household`'s zone."""
    add_clips(clip_cache, home, ("red", "lime", "blue"))
    home.write_config(**session)
    home.extra_env["TZ"] = household
    home.set_pin()


@pytest.mark.parametrize(
    ("home_hour", "system_hour", "state", "first_screen"),
    [
        # 21:00 at home, 12:00 in the zone switched to: locked, as at home.
        pytest.param(21, 12, "locked", "lock (outside_hours)", id="closed-at-home"),
        # The other way round: a family away from home is not locked out.
        pytest.param(12, 21, "ready", "start", id="open-at-home"),
    ],
)
def test_the_hours_are_the_households_in_any_system_zone(
    kiosk_home: KioskHome,
    clip_cache: ClipCache,
    xvfb_display: str,
    home_hour: int,
    system_hour: int,
    state: str,
    first_screen: str,
) -> None:
    household = zone_at(home_hour)
    set_up(kiosk_home, clip_cache, household, allowed_hours=DAY_HOURS)
    kiosk_home.extra_env["TZ"] = zone_at(system_hour)

    status = kiosk_home.status()

    assert status["state"] == state
    assert (status["time_zone"], status["tamper_detected"]) == (household, False)
    app = kiosk_home.start_app(xvfb_display)
    assert app.first_screen() == first_screen
    app.kill()


def test_a_zone_switched_mid_session_does_not_stretch_it(
    kiosk_home: KioskHome, clip_cache: ClipCache, xvfb_display: str
) -> None:
    """The allowed hours end ten minutes into a twenty-minute session; the system's zone is then
    switched to one an hour behind, where they go on. The session still ends with the hours.

    Every process runs on one fake timeline (libfaketime fakes the boot clock as the wall
    clock, from the real time on), the app's thirty times as fast: ten minutes in 20 s.
    """
    zone = SystemZone(kiosk_home.root)
    if not zone.name:
        pytest.skip("/etc/localtime here names no zone to stand in for")
    household = ZoneInfo(zone.name)
    now = datetime.now(household)
    end = now.replace(second=0, microsecond=0) + timedelta(minutes=11)
    hours = f"{(now - timedelta(hours=3)):%H}:00-{end:%H:%M}"
    add_clips(clip_cache, kiosk_home, ("red", "lime", "blue"))
    kiosk_home.write_config(
        minutes=20, daily_limit_minutes=0, finish_clip_grace_seconds=0, allowed_hours=[hours]
    )
    kiosk_home.set_pin(clock=FakeClock("+0"), prefix=zone.prefix)
    offset = now.utcoffset()
    assert offset is not None
    behind = math.floor(offset.total_seconds() / 3600) - 1  # an hour behind the household
    later_zone = f"Etc/GMT{-behind:+d}" if behind else "Etc/GMT"

    app = kiosk_home.start_app(xvfb_display, clock=FakeClock("+0 x30"), prefix=zone.prefix)
    assert app.first_screen() == "start"
    tap(xvfb_display, *window_centre(xvfb_display))
    app.wait_for("screen: feed")
    zone.switch_to(later_zone)
    lock = app.wait_for("screen: lock", timeout=120)
    app.kill()

    assert lock == "screen: lock (outside_hours)"  # not "session_over", twenty minutes in

"""The report agrees with the time rules: a session driven through the real `Limits` on a fake
clock, across midnight and through a kill, gives each day what the daily limit counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.limits.settings import LimitSettings
from kiosk.core.report.usage import UsageReport, usage_report
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig, local, state_folder

SETTINGS = LimitSettings(minutes=20, daily_limit_minutes=60, finish_clip_grace_seconds=0)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[KioskRig]:
    for folder in state_folder(tmp_path):
        clock = FakeClock(local(FakeClock(), "2026-11-26 23:50"))
        yield KioskRig(folder, SETTINGS, clock=clock)


def report(rig: KioskRig) -> UsageReport:
    limit = SETTINGS.daily_limit_seconds
    return usage_report(
        rig.store, today=date(2026, 11, 27), day_count=2, zone=BERLIN, limit_for=lambda _: limit
    )


def test_a_session_across_midnight_gives_each_day_its_counted_minutes(rig: KioskRig) -> None:
    rig.start()
    assert rig.limits.start_session()
    rig.play(20 * 60)  # 23:50 to 00:10, and the session is over
    assert rig.status().lock_reason == "session_over"

    before, today = report(rig).days

    assert (before.watched_seconds, today.watched_seconds) == (600, 600)
    assert today.watched_seconds == rig.status().used_today_seconds
    assert today.limit_seconds == 3600


def test_a_kill_before_midnight_and_a_resume_after_it_count_where_they_were(
    rig: KioskRig,
) -> None:
    """On screen 23:50 to 23:55, killed, back at 00:10: the ledger and the report agree."""
    rig.start()
    assert rig.limits.start_session()
    rig.play(5 * 60)
    rig.kill()
    rig.clock.advance(15 * 60)
    rig.start()
    rig.play(8 * 60)

    before, today = report(rig).days

    assert before.watched_seconds == 300
    assert today.watched_seconds == pytest.approx(rig.status().used_today_seconds, abs=1)
    assert today.watched_seconds == pytest.approx(480, abs=1)

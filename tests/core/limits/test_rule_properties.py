"""Property tests for the rules of this round, against the fake clock and a real state file:
- the clip budget and the minutes together: clips count exactly as a model of the feed counts
  them (3 s on screen), never more than the budget, and a session ends by whichever runs out;
- the day's own settings at midnight: the day turns at the household's midnight, and a day's
  watching never passes that day's own limit;
- the bedtime wind-down never starts a short session: every session a child starts runs its
  whole length before the allowed hours end.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.core.hours import HoursRange
from kiosk.core.limits.clips import CLIP_COUNTS_AFTER_SECONDS
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.tick import ClipOnScreen, Tick
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig

RULES = settings(
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def rig_folder() -> Iterator[Path]:
    shm = Path("/dev/shm")  # see limits_kit.state_folder
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        yield Path(folder)


# The clip budget and the minutes together.

# A view: quarter seconds on screen before the child swipes, and the clip's length beyond that.
VIEWS = st.lists(st.tuples(st.integers(1, 80), st.integers(0, 80)), min_size=1, max_size=40)


class FeedModel:
    """The feed as the flow drives it: it ticks when a clip comes on screen and each second;
    a clip the tick says to finish plays to its end, and then the session is told it ended.
    It counts for itself the views that were on screen 3 s or more while the session ran."""

    def __init__(self, rig: KioskRig) -> None:
        self.rig = rig
        self.view = 0
        self.counted = 0

    def show(self, swipe_after: float, length: float) -> Tick:
        self.view += 1
        tick = self.rig.tick(ClipOnScreen(length, view=self.view))
        finishing, on_screen = tick.finish_clip, 0.0
        while tick.status.state == "in_session" and on_screen < (
            length if finishing else swipe_after
        ):
            step = min(1.0, (length if finishing else swipe_after) - on_screen)
            self.rig.clock.advance(step)
            on_screen += step
            clip = ClipOnScreen(length - on_screen, view=self.view)
            tick = self.rig.tick(
                ClipOnScreen(finishing=True, view=self.view) if finishing else clip
            )
            finishing = finishing or tick.finish_clip
            if tick.status.state == "in_session":
                seen = self.counted + (on_screen >= CLIP_COUNTS_AFTER_SECONDS)
                assert tick.clips_left == self.rig.settings.clips - seen
        self.counted += on_screen >= CLIP_COUNTS_AFTER_SECONDS
        if finishing and tick.status.state == "in_session":
            assert self.rig.limits.end_session()
            tick = self.rig.tick()
        return tick


@RULES
@given(
    budget=st.integers(3, 8),
    minutes=st.sampled_from([1, 1, 2]),
    grace=st.sampled_from([0, 10, 60]),
    views=VIEWS,
)
def test_the_clip_budget_and_the_minutes_end_a_session_whichever_comes_first(
    budget: int, minutes: int, grace: int, views: list[tuple[int, int]]
) -> None:
    limit = LimitSettings(minutes=minutes, clips=budget, finish_clip_grace_seconds=grace)
    with rig_folder() as folder:
        rig = KioskRig(folder, limit)
        rig.start().start_session()
        feed = FeedModel(rig)
        for quarters, more in views:
            tick = feed.show(quarters / 4, (quarters + more) / 4)
            if tick.status.state != "in_session":
                break
        (session,) = rig.store.sessions()
        event(f"ended by {session.end_reason}")
        assert feed.counted <= budget  # the budget's last clip is never followed by another
        assert session.counted_seconds <= minutes * 60 + grace + 1e-6
        if session.end_reason == "clips":
            # Only the last clip may have played out in under 3 s.
            assert feed.counted >= budget - 1
            assert session.counted_seconds <= minutes * 60 + grace
        elif session.end_reason is not None:
            assert session.end_reason == "time_up"
            assert session.counted_seconds >= minutes * 60 - 1e-6
        else:
            assert feed.counted < budget
        rig.close()


# The day's own settings at midnight.

DAILY = st.lists(st.sampled_from([0, 10, 20, 40]), min_size=7, max_size=7)


@RULES
@given(
    daily=DAILY,
    day=st.integers(0, 6),
    minutes_to_midnight=st.integers(0, 90),
    steps=st.lists(st.integers(5, 40), min_size=50, max_size=250),
)
def test_each_day_keeps_its_own_daily_limit_from_its_own_midnight(
    daily: list[int], day: int, minutes_to_midnight: int, steps: list[int]
) -> None:
    base = LimitSettings(minutes=10, daily_limit_minutes=10, cooldown_minutes=0)
    limits = base.with_days([{"daily_limit_minutes": minutes} for minutes in daily])
    midnight = datetime(2026, 11, 23, tzinfo=BERLIN) + timedelta(days=day + 1)
    clock = FakeClock(midnight - timedelta(minutes=minutes_to_midnight))
    grace = base.finish_clip_grace_seconds
    with rig_folder() as folder:
        rig = KioskRig(folder, limits, clock=clock)
        rig.start()
        for step in steps:
            if rig.limits.status().state == "ready":
                rig.limits.start_session()
            clock.advance(step)
            status = rig.tick().status
            today = clock.wall().date()
            assert rig.limits.day == today  # the household's day, from its midnight
            limit = daily[today.weekday()] * 60
            if limit:
                assert status.used_today_seconds <= limit + grace
            if status.lock_reason == "daily_limit":
                assert limit and status.used_today_seconds >= limit - 1
                event("a day's limit was reached")
        rig.close()


# The wind-down never starts a short session.

HOURS = (
    ("07:00-21:00",),
    ("20:00-06:30",),
    ("08:00-08:05", "14:00-20:00"),
    ("09:00-09:10", "09:10-12:00"),
)


@RULES
@given(
    hours=st.sampled_from(HOURS),
    minutes=st.integers(10, 20),
    wind_down=st.integers(1, 60),
    cooldown=st.sampled_from([0, 5, 30]),
    start_minute=st.integers(0, 24 * 60 - 1),
    steps=st.lists(st.integers(20, 120), min_size=300, max_size=600),
)
def test_the_wind_down_never_starts_a_session_that_bedtime_would_cut(
    hours: tuple[str, ...],
    minutes: int,
    wind_down: int,
    cooldown: int,
    start_minute: int,
    steps: list[int],
) -> None:
    limits = LimitSettings(
        minutes=minutes,
        cooldown_minutes=cooldown,
        daily_limit_minutes=0,
        allowed_hours=tuple(HoursRange.parse(text) for text in hours),
        wind_down_minutes=wind_down,
        finish_clip_grace_seconds=0,
    )
    clock = FakeClock(datetime(2026, 11, 26, tzinfo=BERLIN) + timedelta(minutes=start_minute))
    with rig_folder() as folder:
        rig = KioskRig(folder, limits, clock=clock)
        rig.start()
        levels: list[float] = []
        for step in steps:
            if rig.limits.status().state == "ready":
                assert rig.limits.start_session()
                levels = []
            clock.advance(step)
            tick = rig.tick()
            assert 0.0 <= tick.wind_down <= 1.0
            if tick.status.state == "in_session":
                levels.append(tick.wind_down)
                assert levels == sorted(levels)  # it only ever deepens within a session
        ended: list[Any] = [s for s in rig.store.sessions() if s.ended_at is not None]
        event(f"{min(len(ended), 3)}+ sessions ended")
        for session in ended:
            assert session.counted_seconds >= minutes * 60 - 1e-6, session
        rig.close()

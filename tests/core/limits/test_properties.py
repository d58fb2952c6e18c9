"""Property tests: random lives of a kiosk over a real state file, against what the rules promise.

Hypothesis plays random sequences of playing (with taps and clips ended in the grace), closing,
kill -9, sleeping, rebooting, time passing with the app closed, wall-clock jumps both ways and a
parent starting a new session. The model watches only what it can see from outside (seconds on
screen, boot clock readings) and checks after every step:
- counted time in a session never exceeds its allowance plus the grace, and time watched never
  exceeds that by more than what the kills lost (at most a checkpoint interval each);
- time left is never negative;
- within one boot, no session starts by itself before `cooldown_minutes` of boot time have
  passed since the last one ended;
- a day's counted time never exceeds the daily limit plus the grace (unless a parent overrode);
- a wall-clock jump never gives time back, and a clear jump back is reported as tamper.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from kiosk.core.hours import HoursRange
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.trusted_time import TAMPER_TOLERANCE_SECONDS
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import KioskRig

MAX_STEP = 4  # seconds between ticks
# DESIGN: with the UI ticking every second, a kill loses at most 5 s. Slower ticks may add the
# rest of their length. Written out, not derived from CHECKPOINT_SECONDS, so it checks that too.
KILL_SLACK = 5 - 1 + MAX_STEP
EPSILON = 1e-6
NATURAL_ENDS = {"time_up", "daily_limit", "outside_hours", "break"}

ZONES = (BERLIN, ZoneInfo("America/New_York"), ZoneInfo("UTC"), ZoneInfo("Pacific/Kiritimati"))
# Any time of day half the time: outside allowed hours nothing happens but waiting.
HOURS = ((), (), (), ("07:00-21:00",), ("20:00-06:30",), ("09:00-09:10", "09:10-12:00"))


@st.composite
def limit_settings(draw: st.DrawFn) -> LimitSettings:
    # Short sessions and cooldowns, so that a few dozen steps see many of them end.
    minutes = draw(st.integers(1, 3))
    factor = draw(st.sampled_from([0, 1, 2]))
    return LimitSettings(
        minutes=minutes,
        cooldown_minutes=draw(st.sampled_from([0, 1, 2, 5])),
        daily_limit_minutes=0 if factor == 0 else minutes * factor + draw(st.integers(0, 1)),
        allowed_hours=tuple(HoursRange.parse(text) for text in draw(st.sampled_from(HOURS))),
        finish_clip_grace_seconds=draw(st.sampled_from([0, 10, 60])),
    )


AWAY = st.one_of(st.integers(0, 120), st.integers(121, 3 * 3600))
# A clear jump back locks the kiosk until a parent acts, so it is one choice in three.
WALL_JUMPS = st.one_of(st.integers(-59, 59), st.integers(60, 3 * 3600), st.integers(-3 * 3600, -60))


def _fast_dir() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None  # see limits_kit.state_folder


class KioskLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._folder = tempfile.TemporaryDirectory(dir=_fast_dir(), prefix="kiosk-life-")
        self.watched: dict[int, float] = {}
        self.kills: dict[int, int] = {}
        self.parent_sessions: set[int] = set()
        # (boot id, boot seconds): no session may start by itself before this on that boot.
        self.cooldown_floor: tuple[str, float] | None = None
        self.last_on_screen: tuple[str, float] | None = None
        self.open_at_stop: int | None = None
        self.day: object = None
        self.watched_today = 0.0
        self.kills_today = 0
        self.sessions_today: set[int] = set()
        self.parent_today = False
        self.wall_offset = 0.0
        self.offset_at_last_look = 0.0
        self.trusted_is_true = True  # false once a reboot made the wall clock the only source

    @initialize(
        limits=limit_settings(),
        day=st.integers(0, 364),
        minute=st.integers(0, 24 * 60 - 1),
        zone=st.sampled_from(ZONES),
    )
    def install(self, limits: LimitSettings, day: int, minute: int, zone: ZoneInfo) -> None:
        start = datetime(2026, 1, 1, tzinfo=zone) + timedelta(days=day, minutes=minute)
        clock = FakeClock(start, zone=zone)
        self.rig = KioskRig(Path(self._folder.name), limits, clock=clock)
        self.rig.start()
        self._look()

    def teardown(self) -> None:
        if hasattr(self, "rig") and self.rig.running:
            self.rig.close()
        self._folder.cleanup()

    # What happens to the kiosk. Between rules the app runs; a restart or a reboot is one rule,
    # with whatever happens while the app is down inside it.

    @rule(
        seconds=st.one_of(st.integers(1, 60), st.integers(61, 600)),  # often mid-session
        step=st.integers(1, MAX_STEP),
        tap=st.sampled_from([True, True, False]),  # mostly someone taps the start screen
        finish_early=st.booleans(),
    )
    def play(self, seconds: int, step: int, tap: bool, finish_early: bool) -> None:
        limits, clock = self.rig.limits, self.rig.clock
        for _ in range(max(1, seconds // step)):
            if tap and limits.status().state == "ready":
                assert limits.start_session()
                self._look()
            session, before = limits.session_id, clock.boot_time()
            clock.advance(step)
            limits.tick()
            if session is not None:
                self.watched[session] = self.watched.get(session, 0.0) + step
                self.watched_today += step
                self.sessions_today.add(session)
                self.last_on_screen = (clock.boot_id, clock.boot_time().seconds)
            if finish_early and limits.in_grace:
                assert limits.end_session()
            self._after(session, before.boot_id, before.seconds)

    @rule(seconds=st.one_of(st.integers(1, 120), st.integers(121, 3 * 3600)))
    def sleep(self, seconds: int) -> None:
        before = self.rig.clock.boot_time()
        self.rig.clock.suspend(seconds)
        session = self.rig.limits.session_id
        self.rig.limits.tick()
        self._after(session, before.boot_id, before.seconds)

    @rule(away=AWAY, kill=st.booleans(), jump=st.one_of(st.just(0), WALL_JUMPS))
    def restart(self, away: int, kill: bool, jump: int) -> None:
        """Closed or killed, down for `away` seconds (the wall clock maybe set meanwhile)."""
        clean = self._jump_is_clear(jump)
        self._stop(kill)
        self.rig.clock.advance(away)
        self._set_wall(jump)
        self._start()
        if clean:  # same boot: the boot clock says how much time really passed
            assert self.rig.limits.status().tamper_detected

    @rule(down=AWAY, jump=st.one_of(st.just(0), WALL_JUMPS))
    def reboot(self, down: int, jump: int) -> None:
        self._stop(kill=True)
        self.rig.clock.reboot(down)
        # From here trusted time is the wall clock's, unless that was right.
        self.trusted_is_true = self.trusted_is_true and self.wall_offset + jump == 0
        self.cooldown_floor = None  # the rules promise nothing on the boot clock across boots
        self._set_wall(jump)
        self._start()

    @rule(seconds=WALL_JUMPS)
    def set_the_wall_clock(self, seconds: int) -> None:
        limits = self.rig.limits
        clean = self._jump_is_clear(seconds)
        used, left, session = limits.status().used_today_seconds, 0.0, limits.session_id
        left = limits.session_seconds_left
        before = self.rig.clock.boot_time()
        self._set_wall(seconds)
        status = limits.tick().status
        assert status.used_today_seconds >= used  # nothing given back
        if limits.session_id == session:
            assert limits.session_seconds_left <= left + EPSILON
        if clean:
            assert status.tamper_detected and status.lock_reason == "tamper"
        self._after(session, before.boot_id, before.seconds)

    # Only after tamper, which nothing else lifts: elsewhere it would skip the cooldowns under test.
    @precondition(lambda self: self.rig.limits.status().tamper_detected)
    @rule()
    def parent_starts_a_new_session(self) -> None:
        self.rig.limits.start_new_session_now()
        session = self.rig.limits.session_id
        assert session is not None
        self.parent_sessions.add(session)
        self.parent_today = True
        self.cooldown_floor = None
        self._look()

    # What must always hold.

    @invariant()
    def time_left_is_never_negative(self) -> None:
        if self.rig.running:
            limits = self.rig.limits
            assert limits.status().session_seconds_left >= 0
            assert limits.session_seconds_left >= 0 and limits.grace_seconds_left >= 0

    @invariant()
    def sessions_stay_within_allowance_and_grace(self) -> None:
        if not self.rig.running:
            return
        grace = self.rig.settings.finish_clip_grace_seconds
        for row in self.rig.store.sessions():
            assert row.counted_seconds <= row.allowance_seconds + grace + EPSILON
            slack = self.kills.get(row.id, 0) * KILL_SLACK + MAX_STEP
            assert self.watched.get(row.id, 0.0) <= row.allowance_seconds + grace + slack + EPSILON

    @invariant()
    def on_screen_time_is_counted(self) -> None:
        """The other side of the bound: only a kill may leave seconds uncounted."""
        session = self.rig.limits.session_id if self.rig.running else None
        if session is not None:
            lost = self.watched.get(session, 0.0) - self.rig.limits.session_counted_seconds
            assert lost <= self.kills.get(session, 0) * KILL_SLACK + EPSILON

    @invariant()
    def days_stay_within_the_daily_limit(self) -> None:
        limit = self.rig.settings.daily_limit_seconds
        if not self.rig.running or limit is None or self.parent_today:
            return
        grace = self.rig.settings.finish_clip_grace_seconds
        assert self.rig.limits.status().used_today_seconds <= limit + grace + EPSILON
        # Each session may end inside a tick that the model counts whole, and each kill loses.
        slack = self.kills_today * KILL_SLACK + len(self.sessions_today) * MAX_STEP
        assert self.watched_today <= limit + grace + slack + EPSILON

    # Bookkeeping.

    def _stop(self, kill: bool) -> None:
        session = self.rig.limits.session_id
        self.open_at_stop = session
        if not kill:
            self.rig.close()
            return
        if session is not None:
            self.kills[session] = self.kills.get(session, 0) + 1
            self.kills_today += 1
        self.rig.kill()

    def _start(self) -> None:
        limits = self.rig.start()
        previous = self.open_at_stop
        if previous is not None and limits.session_id != previous:
            reason = self._end_reason(previous)
            boot = self.rig.clock.boot_time()
            if reason == "break":
                # Away for a full cooldown since it was last saved, so that cooldown is served.
                last = self.last_on_screen
                if last is not None and last[0] == boot.boot_id:
                    away = boot.seconds - last[1]
                    assert away >= self.rig.settings.cooldown_seconds - KILL_SLACK - EPSILON
            elif reason in NATURAL_ENDS:  # out of time at the restart: the cooldown starts now
                cooldown = self.rig.settings.cooldown_seconds
                self.cooldown_floor = (boot.boot_id, boot.seconds + cooldown)
        self._look()

    def _set_wall(self, seconds: int) -> None:
        self.wall_offset += seconds
        self.rig.clock.jump_wall(seconds)

    def _jump_is_clear(self, seconds: int) -> bool:
        """A jump back that must be reported: trusted time is the true time, the wall clock was
        right when last read, and the jump is beyond the tolerance."""
        right = self.wall_offset == 0 and self.offset_at_last_look == 0
        return self.trusted_is_true and right and seconds < -TAMPER_TOLERANCE_SECONDS

    def _end_reason(self, session: int) -> str | None:
        rows = [row for row in self.rig.store.sessions() if row.id == session]
        return rows[0].end_reason if rows else None

    def _after(self, session: int | None, boot_id: str, boot_seconds: float) -> None:
        """After an evaluation: note a session that ended, then look at the state."""
        if session is not None and self.rig.limits.session_id != session:
            if self._end_reason(session) in NATURAL_ENDS:
                # It ended no earlier than the evaluation before this one.
                self.cooldown_floor = (boot_id, boot_seconds + self.rig.settings.cooldown_seconds)
            else:
                self.cooldown_floor = None
        self._look()

    def _look(self) -> None:
        limits = self.rig.limits
        self.offset_at_last_look = self.wall_offset
        if limits.day != self.day:
            self.day, self.watched_today, self.kills_today = limits.day, 0.0, 0
            self.sessions_today = set()
            self.parent_today = limits.session_id in self.parent_sessions
        state = limits.status().state
        if self.cooldown_floor is not None and state != "locked":
            boot = self.rig.clock.boot_time()
            floor_boot, floor_seconds = self.cooldown_floor
            if boot.boot_id == floor_boot:
                assert boot.seconds >= floor_seconds - EPSILON, "the cooldown ended early"
            self.cooldown_floor = None


KioskLife.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestKioskLife = KioskLife.TestCase

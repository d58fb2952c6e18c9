"""A kiosk install for the time-rule tests: a fake clock, a real state file, start, close and kill.

`KioskRig.kill()` closes the database without the final checkpoint that `close()` makes, which
is what a kill -9 leaves behind: the file as of the last checkpoint. `other_process` opens a
second `Limits` on the same file, as `kiosk unlock` does beside the running kiosk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from kiosk.core.clock import BootTime, Clock
from kiosk.core.limits.limits import Limits
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.status import LimitStatus
from kiosk.core.limits.tick import ClipOnScreen, Tick
from kiosk.core.setup_marks import is_marked, mark_set_up
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock


class KioskRig:
    def __init__(
        self,
        folder: Path,
        settings: LimitSettings | None = None,
        *,
        clock: FakeClock | None = None,
        set_up: bool = True,
    ) -> None:
        self.settings = settings if settings is not None else LimitSettings()
        self.clock = clock if clock is not None else FakeClock()
        self.state_path = folder / "data" / "kiosk.sqlite3"
        self.marker = folder / "config" / "kiosk.setup"
        self._store: Store | None = None
        self._limits: Limits | None = None
        self._warnings: list[int] = []  # given by the ticks, not yet taken by the test
        if set_up:
            # The first run: the state file is made before setup, then setup leaves its marker.
            self.start()
            self.close()
            mark_set_up([self.marker])

    @property
    def set_up(self) -> bool:
        """Whether the setup marker is there, as the kiosk looks for it at each start."""
        return is_marked([self.marker])

    @property
    def running(self) -> bool:
        return self._limits is not None

    @property
    def limits(self) -> Limits:
        assert self._limits is not None, "the kiosk is not running"
        return self._limits

    @property
    def store(self) -> Store:
        assert self._store is not None, "the kiosk is not running"
        return self._store

    def start(self) -> Limits:
        assert not self.running
        self._store = Store.open(self.state_path, set_up=self.set_up, now=self.clock.wall())
        self._limits = Limits(self._store, self.clock, self.settings)
        return self._limits

    def close(self) -> None:
        """A clean exit."""
        self.limits.close()
        self.store.close()
        self._store = self._limits = None

    def kill(self) -> None:
        """kill -9: nothing after the last checkpoint reaches the file."""
        self.store.close()
        self._store = self._limits = None

    def restart(self) -> Limits:
        self.close()
        return self.start()

    def tick(self, on_screen: ClipOnScreen | None = None) -> Tick:
        """One tick now, as the app's timer makes it; its warnings wait for `take_warnings`."""
        tick = self.limits.tick(on_screen)
        self._warnings.extend(tick.warnings_due)
        return tick

    def take_warnings(self) -> tuple[int, ...]:
        """The warnings the ticks gave since the last call."""
        taken = tuple(self._warnings)
        self._warnings.clear()
        return taken

    def play(self, seconds: int, *, step: int = 1) -> LimitStatus:
        """The app runs on screen for `seconds`, ticking every `step` seconds."""
        status = self.limits.status()
        for _ in range(seconds // step):
            self.clock.advance(step)
            status = self.tick().status
        return status

    def play_until_state_changes(self, limit_seconds: int = 48 * 3600) -> int:
        """Tick each second until the state changes; returns how many seconds that took."""
        start = self.limits.status().state
        for elapsed in range(1, limit_seconds + 1):
            self.clock.advance(1)
            if self.tick().status.state != start:
                return elapsed
        raise AssertionError(f"still {start} after {limit_seconds} s")

    def status(self) -> LimitStatus:
        return self.limits.status()

    def events(self, kind: str | None = None) -> list[tuple[str, dict[str, object]]]:
        return [(e.kind, e.detail) for e in self.store.events(kind)]


def local(clock: FakeClock, text: str) -> datetime:
    """A local time in the clock's zone, e.g. local(clock, "2026-11-26 20:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=clock.zone)


def state_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder for a rig's files, on the memory-backed /dev/shm where there is one.

    Every checkpoint is a commit synced to disk (synchronous=FULL), which costs 1 to 3 ms on
    this kind of machine, and the rule tests make thousands of them. On tmpfs the same SQLite
    calls run without the wait. test_store checks the durability settings on a real disk.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="kiosk-test-") as folder:
            yield Path(folder)
    else:
        yield tmp_path


# A second process on the same state file: `kiosk unlock` or `kiosk status` beside the kiosk.


@contextmanager
def other_process(
    rig: KioskRig, *, read_only: bool = False, clock: Clock | None = None
) -> Iterator[Limits]:
    """A second process on the kiosk's state file, as `kiosk unlock` (or `kiosk status`) opens."""
    store = Store.open(rig.state_path, set_up=rig.set_up, now=rig.clock.wall())
    try:
        yield Limits(store, clock or rig.clock, rig.settings, read_only=read_only)
    finally:
        store.close()


def parent_from_terminal(rig: KioskRig, action: Callable[[Limits], object]) -> None:
    """`kiosk unlock`: open, act, close, all at the current moment."""
    with other_process(rig) as limits:
        action(limits)
        limits.close()


def stored_status(rig: KioskRig) -> tuple[str, int, int, bool]:
    """What a fresh `kiosk status` reads from the file now."""
    with other_process(rig, read_only=True) as limits:
        status = limits.status()
    left, used = status.session_seconds_left, status.used_today_seconds
    return status.state, left, used, status.tamper_detected


class RacingClock:
    """The shared fake clock, but the first read runs `race` first: another process saves
    after this one checked the stored revision and before it saves, the compare-and-set case."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.race: Callable[[], object] | None = None

    def monotonic(self) -> float:
        return self.clock.monotonic()

    def boot_time(self) -> BootTime:
        return self.clock.boot_time()

    def system_zone(self) -> str:
        return self.clock.system_zone()

    def wall(self) -> datetime:
        race, self.race = self.race, None
        if race is not None:
            race()
        return self.clock.wall()

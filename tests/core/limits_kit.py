"""A kiosk install for the time-rule tests: a fake clock, a real state file, start, close and kill.

`KioskRig.kill()` closes the database without the final checkpoint that `close()` makes, which
is what a kill -9 leaves behind: the file as of the last checkpoint.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from kiosk.core.limits import Limits
from kiosk.core.limits_settings import LimitSettings
from kiosk.core.limits_status import LimitStatus
from kiosk.core.store import Store, mark_set_up
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
        if set_up:
            # The first run: the state file is made before setup, then setup leaves its marker.
            self.start()
            self.close()
            mark_set_up(self.marker)

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
        self._store = Store.open(self.state_path, setup_marker=self.marker, now=self.clock.wall())
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

    def play(self, seconds: int, *, step: int = 1) -> LimitStatus:
        """The app runs on screen for `seconds`, ticking every `step` seconds."""
        status = self.limits.status()
        for _ in range(seconds // step):
            self.clock.advance(step)
            status = self.limits.tick()
        return status

    def play_until_state_changes(self, limit_seconds: int = 48 * 3600) -> int:
        """Tick each second until the state changes; returns how many seconds that took."""
        start = self.limits.status().state
        for elapsed in range(1, limit_seconds + 1):
            self.clock.advance(1)
            if self.limits.tick().state != start:
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

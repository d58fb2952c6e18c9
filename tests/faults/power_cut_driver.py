"""The loop behind the power-cut test, run as its own small process:
`python -m tests.faults.power_cut_driver FOLDER ROUNDS SEED`.

Each round forks a child that opens the state in FOLDER, as the kiosk does at every start, and
then runs the time rules flat out on a clock ten thousand times faster than real time, so that
it saves a checkpoint as fast as the disk takes them. After a random few milliseconds the child is killed
with SIGKILL, wherever it is: inside a commit, an fsync, the opening itself. Then the store is
opened as the next start would open it, and must open cleanly, with no less counted time than
after the round before. The driver imports no Qt and starts no thread, so forking is safe; every
child shares one timeline (the clock is read from the real monotonic clock), so the kiosk sees
one boot on which time only goes forward.

It prints one JSON line: the rounds run, and the counted seconds and the ledger's revision (the
number of saves) at the end; or exits 1 with the round and what broke.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
import traceback
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kiosk.core.clock import BootTime
from kiosk.core.limits.limits import Limits
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.store.store import Store

SPEED_UP = 10_000.0
NOON = timezone(timedelta(hours=0))


class FastClock:
    """Every clock at SPEED_UP times real time, from one start shared by all children."""

    def __init__(self, started_monotonic: float) -> None:
        self._start = started_monotonic
        self._wall = datetime(2026, 11, 26, 9, 0, tzinfo=NOON)

    def _elapsed(self) -> float:
        return (time.monotonic() - self._start) * SPEED_UP

    def monotonic(self) -> float:
        return self._elapsed()

    def boot_time(self) -> BootTime:
        return BootTime("power-cut-test", 1000.0 + self._elapsed())

    def wall(self) -> datetime:
        return self._wall + timedelta(seconds=self._elapsed())

    def system_zone(self) -> str:
        return "Etc/UTC"


def run_kiosk(state: Path, clock: FastClock) -> None:
    """The child: open, and count and save until killed."""
    store = Store.open(state, set_up=True)
    limits = Limits(store, clock, LimitSettings())
    while True:
        if limits.status().state != "in_session":
            limits.start_new_session_now()
        limits.tick()


def counted_after_start(state: Path) -> tuple[float, int, bool]:
    """Open as the next start would: counted seconds in all sessions, the ledger's revision,
    and whether it opened without a recovery."""
    store = Store.open(state, set_up=True)
    try:
        counted = sum(session.counted_seconds for session in store.sessions())
        return counted, store.ledger_revision(), store.recovery is None
    finally:
        store.close()


def main(folder: Path, rounds: int, seed: int) -> int:
    state = folder / "kiosk.sqlite3"
    Store.open(state, set_up=False).close()  # the first start, before setup
    clock = FastClock(time.monotonic())
    picker = random.Random(seed)
    counted, revision = 0.0, 0
    for round_number in range(1, rounds + 1):
        child = os.fork()
        if child == 0:
            try:
                run_kiosk(state, clock)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)  # only a kill may end a child: anything else is a failure
        time.sleep(picker.uniform(0.002, 0.025))
        os.kill(child, signal.SIGKILL)
        _, status = os.waitpid(child, 0)
        if not os.WIFSIGNALED(status):
            print(f"round {round_number}: the kiosk stopped before it was killed", file=sys.stderr)
            return 1
        now_counted, now_revision, clean = counted_after_start(state)
        if not clean:
            print(f"round {round_number}: the store needed a recovery", file=sys.stderr)
            return 1
        if now_counted < counted or now_revision < revision:
            print(
                f"round {round_number}: counted {now_counted} after {counted},"
                f" revision {now_revision} after {revision}",
                file=sys.stderr,
            )
            return 1
        counted, revision = now_counted, now_revision
    print(json.dumps({"rounds": rounds, "counted_seconds": counted, "revision": revision}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))

"""The time rules and the PIN on a real full disk (a tmpfs filled to the last byte), in one
process: saving fails with SQLITE_FULL, the kiosk locks and says why, the right PIN still opens
it, and once space is freed everything counted meanwhile is saved."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.library.state import LibraryState
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store
from tests.core.limits_kit import KioskRig
from tests.faults.small_disk import small_disk

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"
WRONG = "46283951"


def test_a_disk_that_fills_during_a_session_loses_nothing_counted(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        rig = KioskRig(disk.path)
        rig.start().start_session()
        PinGuard(rig.store.pin_records, rig.clock, params=FAST).set_pin(PIN)
        rig.play(100)
        disk.fill()

        tick = rig.tick()
        for _ in range(10):
            rig.clock.advance(1)
            tick = rig.tick()
        assert (tick.status.state, tick.status.lock_reason) == ("locked", "tamper")
        assert tick.disk_full and tick.status.disk_full
        assert "is full" in (tick.parent_message or "")
        locked_at = rig.store.sessions()[0]  # as saved before the disk filled
        counted = rig.limits.status().used_today_seconds

        guard = PinGuard(rig.store.pin_records, rig.clock, params=FAST)
        assert guard.attempt(PIN).ok  # the store cannot write, and the PIN opens all the same
        wrong = guard.attempt(WRONG)
        assert (wrong.outcome, wrong.seconds_left) == ("wrong", 30.0)  # no free tries unsaved

        rig.limits.extend(10)  # the parent lets the child watch on: that holds
        rig.play(60)
        status = rig.status()
        assert (status.state, status.disk_full) == ("in_session", True)
        in_memory = rig.limits.session_counted_seconds
        assert rig.store.sessions()[-1].counted_seconds <= locked_at.counted_seconds + 5

        disk.free()
        tick = rig.tick()
        assert not tick.disk_full
        kinds = [kind for kind, _ in rig.events()]
        assert kinds.count("disk_full") == 1 and kinds.index("disk_full") < kinds.index(
            "disk_recovered"
        )
        assert [kind for kind in kinds if kind in ("tamper", "tamper_cleared", "extend")][-3:] == [
            "tamper",
            "tamper_cleared",
            "extend",
        ]
        sessions = rig.store.sessions()
        assert sessions[0].counted_seconds >= counted - 1  # the locked one, with its last seconds
        assert sessions[-1].counted_seconds == in_memory
        # The count held in memory goes on (its 30 s wait is over), and is saved now.
        assert guard.attempt(WRONG).failures == 6
        assert rig.store.pin_records.load_throttle().failures == 6

        rig.kill()
        assert rig.start().status().state == "in_session"
        assert rig.limits.session_counted_seconds == in_memory
        rig.close()


def test_a_full_disk_at_start_keeps_the_file_and_its_pin(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        rig = KioskRig(disk.path)
        store = rig.start() and rig.store
        PinGuard(store.pin_records, rig.clock, params=FAST).set_pin(PIN)
        LibraryState(store, rig.clock).set_clip_hidden("/videos/Scary.mp4", True)
        rig.close()
        kept = rig.state_path.read_bytes()
        disk.fill()

        limits = rig.start()
        assert rig.store.recovery is not None
        assert (rig.store.recovery.reason, rig.store.recovery.copied) == ("disk_full", True)
        status = limits.status()
        assert (status.lock_reason, status.disk_full) == ("tamper", True)
        guard = PinGuard(rig.store.pin_records, rig.clock, params=FAST, unsaved=True)
        assert guard.attempt(PIN).ok
        assert guard.attempt(WRONG).seconds_left == 30.0
        rig.close()
        assert rig.state_path.read_bytes() == kept  # untouched, and never emptied

        disk.free()
        store = Store.open(rig.state_path, set_up=True)
        assert store.recovery is None
        assert PinGuard(store.pin_records, rig.clock, params=FAST).attempt(PIN).ok
        assert LibraryState(store, rig.clock).hidden_clip_keys() == {"/videos/Scary.mp4"}
        store.close()

"""Failing closed: a broken state file or ledger locks the kiosk, and never gives a fresh budget."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.core.limits.limits import Limits
from kiosk.core.store import recovery as store_recovery
from kiosk.core.store.schema import SCHEMA_VERSION
from kiosk.core.store.store import Store, StoreWriter
from tests.core.limits_kit import KioskRig, state_folder


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def used_rig(folder: Path) -> KioskRig:
    """A set-up kiosk that used 10 minutes today and was closed."""
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(600)
    rig.close()
    return rig


def set_version(path: Path, version: int) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {version}")
    raw.close()


def replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


BREAKAGES: dict[str, Callable[[Path], object]] = {
    "corrupt": lambda p: p.write_bytes(b"\x00garbage" * 512),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1500]),
    "emptied": lambda p: p.write_bytes(b""),
    "deleted": lambda p: p.unlink(),
    "a folder": replace_with_folder,
    "newer": lambda p: set_version(p, SCHEMA_VERSION + 1),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_broken_state_file_starts_locked_and_stays_locked(folder: Path, breakage: str) -> None:
    rig = used_rig(folder)
    BREAKAGES[breakage](rig.state_path)
    limits = rig.start()
    status = limits.status()
    assert (status.state, status.lock_reason, status.tamper_detected) == ("locked", "tamper", True)
    recovery = rig.store.recovery
    assert recovery is not None and limits.parent_message == recovery.message
    if breakage != "deleted":
        assert recovery.moved_to is not None and recovery.moved_to.exists()
        assert str(recovery.moved_to) in limits.parent_message
    assert rig.store.load_ledger() is not None  # a fresh ledger is in the fresh file
    assert rig.events("tamper")
    rig.play(3 * 86400, step=600)  # cooldowns and days pass: still locked
    assert rig.restart().status().lock_reason == "tamper"
    rig.limits.start_new_session_now()
    assert rig.status().state == "in_session"


def test_a_file_that_cannot_be_written_starts_locked(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rig = used_rig(folder)
    real_connect = store_recovery._connect
    calls: list[Path] = []

    def read_only_once(path: Path) -> sqlite3.Connection:
        calls.append(path)
        if len(calls) == 1:
            return sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        return real_connect(path)

    monkeypatch.setattr(store_recovery, "_connect", read_only_once)
    limits = rig.start()
    assert limits.status().lock_reason == "tamper"
    assert "could not be written to" in (limits.parent_message or "")


def test_a_kill_right_after_recovery_still_starts_locked(folder: Path) -> None:
    rig = used_rig(folder)
    rig.state_path.write_bytes(b"garbage" * 100)
    Store.open(rig.state_path, set_up=rig.set_up).close()  # killed before Limits ran
    limits = rig.start()
    assert limits.status().lock_reason == "tamper"
    assert limits.parent_message == (
        "The kiosk's saved time record was missing, so the kiosk locked itself."
    )


def test_a_deleted_ledger_row_is_tamper(folder: Path) -> None:
    rig = used_rig(folder)
    with sqlite3.connect(rig.state_path) as raw:
        raw.execute("DELETE FROM ledger")
    raw.close()
    assert rig.start().status().lock_reason == "tamper"
    assert rig.events("tamper")[-1][1]["cause"] == "ledger_missing"


@pytest.mark.parametrize(
    "edit",
    [
        lambda data: {**data, "used_today_seconds": -600},
        lambda data: {**data, "version": 99},
        lambda data: {**data, "tamper": "no"},
        lambda data: {**data, "anchor": {"boot_id": "x", "boot_seconds": 1, "trusted": "soon"}},
        lambda data: [data],
        # Parses as a time, but is before year 1 once in UTC.
        lambda data: {**data, "cooldown_from": "0001-01-01T00:00:00+01:00"},
    ],
)
def test_a_ledger_that_does_not_parse_is_tamper(
    folder: Path, edit: Callable[[dict[str, object]], object]
) -> None:
    rig = used_rig(folder)
    with sqlite3.connect(rig.state_path) as raw:
        (text,) = raw.execute("SELECT data FROM ledger").fetchone()
        raw.execute("UPDATE ledger SET data = ?", (json.dumps(edit(json.loads(text))),))
    raw.close()
    limits = rig.start()
    assert limits.status().lock_reason == "tamper"
    assert rig.events("tamper")[-1][1]["cause"] == "ledger_invalid"


def test_a_ledger_nested_too_deep_to_read_is_tamper(folder: Path) -> None:
    rig = used_rig(folder)
    with sqlite3.connect(rig.state_path) as raw:
        raw.execute("UPDATE ledger SET data = ?", ("[" * 100_000,))
    raw.close()
    limits = rig.start()
    assert limits.status().lock_reason == "tamper"


def test_a_write_that_fails_mid_session_locks_without_crashing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(100)

    def refuse(self: StoreWriter, data: object, saved_at: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(StoreWriter, "save_ledger", refuse)
    status = rig.play(10)
    assert (status.state, status.lock_reason) == ("locked", "tamper")
    assert "readonly" in (rig.limits.parent_message or "")
    rig.play(30)  # later checkpoints fail too, quietly
    monkeypatch.undo()
    rig.play(60)  # the disk works again: the lock is saved with everything that was pending
    assert rig.restart().status().lock_reason == "tamper"
    assert rig.store.sessions()[0].end_reason == "tamper"


def test_a_state_folder_removed_while_running_locks_at_once(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(100)
    shutil.rmtree(rig.state_path.parent)  # the open file lives on, unseen by anyone else
    tick = rig.tick()
    assert (tick.status.state, tick.status.lock_reason) == ("locked", "tamper")
    assert "removed" in (tick.parent_message or "")
    rig.play(600)  # locked it stays: nothing is counted into a file nobody will read
    assert rig.status().used_today_seconds <= 101
    rig.kill()
    assert rig.start().status().lock_reason == "tamper"  # and the next start fails closed


def test_before_setup_a_broken_file_is_just_replaced(folder: Path) -> None:
    rig = KioskRig(folder, set_up=False)
    rig.state_path.parent.mkdir(parents=True)
    rig.state_path.write_bytes(b"garbage" * 100)
    assert rig.start().status().state == "ready"


def test_the_status_command_reads_without_writing(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(597)
    rig.kill()  # the last checkpoint was at 596 s
    rig.clock.advance(4000)  # more than a cooldown: a start would close the session
    store = Store.open(rig.state_path, set_up=rig.set_up)
    before = (store.load_ledger(), store.events(), store.sessions())
    status = Limits(store, rig.clock, rig.settings, read_only=True).status()
    assert (status.state, status.used_today_seconds) == ("ready", 596)
    assert (store.load_ledger(), store.events(), store.sessions()) == before
    store.close()

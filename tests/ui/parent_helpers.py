"""Shared pieces of the parent-panel and setup tests: a real PIN guard on a temporary SQLite
file, a recording stand-in for the kiosk's `ParentActions`, and fake clip files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.core.pin import ScryptParams
from kiosk.core.pin_guard import PinGuard
from kiosk.core.pin_store import create_pin_tables
from tests.core.fake_clock import FakeClock

FAST = ScryptParams(n=2**4, r=1, p=1)  # the screens are under test here, not scrypt's cost
PIN = "73915846"
NEW_PIN = "58204736"


def open_guard(path: Path) -> tuple[PinGuard, sqlite3.Connection]:
    """A guard on a fresh state file at `path`, as the kiosk opens it."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    create_pin_tables(connection)
    return PinGuard(connection, FakeClock(), params=FAST), connection


def make_clips(folder: Path, count: int) -> Path:
    """`count` files that the library scan takes for MP4 clips (an ISO-BMFF "ftyp" box)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"clip {index + 1}.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(64))
    return folder


class RecordingActions:
    """Implements `ParentActions`: returns set numbers and records every call in order."""

    def __init__(self, seconds_left: float | None = 754.2, used_today: float = 47 * 60 + 12):
        self.seconds_left = seconds_left
        self.used_today = used_today
        self.calls: list[tuple[object, ...]] = []

    def session_seconds_left(self) -> float | None:
        return self.seconds_left

    def used_today_seconds(self) -> float:
        return self.used_today

    def add_minutes(self, minutes: int) -> None:
        self.calls.append(("add_minutes", minutes))

    def end_session_now(self) -> None:
        self.calls.append(("end_session_now",))

    def start_new_session_now(self) -> None:
        self.calls.append(("start_new_session_now",))

    def leave_kiosk(self) -> None:
        self.calls.append(("leave_kiosk",))

    def record_event(self, kind: str, detail: dict[str, object]) -> None:
        self.calls.append(("record_event", kind, detail))

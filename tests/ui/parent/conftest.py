"""What the parent panel's tests share: a PIN guard with the parent's PIN set on a real state
file, and a recording stand-in for the kiosk's actions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.pin.guard import PinGuard
from tests.ui.parent_helpers import PIN, RecordingActions, open_guard


@pytest.fixture
def guard(tmp_path: Path) -> Iterator[PinGuard]:
    guard, store = open_guard(tmp_path / "kiosk.sqlite3")
    guard.set_pin(PIN)
    yield guard
    store.close()


@pytest.fixture
def actions() -> RecordingActions:
    return RecordingActions()

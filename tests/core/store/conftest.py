"""The store tests' files: where the state file goes, and the marker of a kiosk that was set up."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.store_kit import set_up_marker, state_path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return state_path(tmp_path)


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return set_up_marker(tmp_path)

"""A power cut during a save, as far as a process can have one: the kiosk's time rules are
killed with SIGKILL at a random moment, 200 times over, while they save as fast as they can.
The store always opens afterwards without a recovery, and the counted time never goes back.

The loop runs in a small driver process of its own (`power_cut_driver`), which forks each
kiosk, so that a round costs milliseconds rather than a Python start."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.limits_kit import state_folder

ROUNDS = 200
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the driver forks, which Windows cannot")
def test_kill_9_in_a_loop_during_saves_never_loses_counted_time(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.power_cut_driver", str(folder), str(ROUNDS), "7"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["rounds"] == ROUNDS
    # Saves went on all the time: the kills cannot all have missed them.
    assert summary["revision"] > ROUNDS
    assert summary["counted_seconds"] > 0

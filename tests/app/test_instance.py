"""The single-instance lock: a second holder is refused, and a dead holder frees it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.app.instance import AlreadyRunning, InstanceLock, LockUnavailable

HOLD = """
import sys
from pathlib import Path
from kiosk.app.instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_second_process_is_refused_while_first_holds(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.lock"
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(AlreadyRunning, match="already running"):
                InstanceLock(path).acquire()
        finally:
            holder.kill()
    # The OS dropped the lock with the killed process: the lock file left behind is not stale.
    with InstanceLock(path):
        assert path.read_text().strip().isdigit()


def test_release_lets_the_next_one_in(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "kiosk.lock"
    first = InstanceLock(path)
    first.acquire()
    first.release()
    with InstanceLock(path):
        pass


def test_a_folder_in_place_of_the_lock_file_is_no_crash_but_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.lock"
    path.mkdir()
    with pytest.raises(LockUnavailable) as raised:
        InstanceLock(path).acquire()
    sentence = str(raised.value)
    assert str(path) in sentence and "starts locked" in sentence
    assert sentence.count(". ") == 0 and sentence.endswith(".")


def test_a_lock_file_that_cannot_be_made_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(LockUnavailable, match="cannot be used"):
        InstanceLock(blocker / "kiosk.lock").acquire()

"""One kiosk at a time per user: a second copy would count the same session twice.

The lock is an OS file lock (flock on Linux and macOS, msvcrt on Windows) on a file beside the
state, so it is released by the OS when the process dies, even by `kill -9`, and a stale lock
file can never keep the kiosk from starting.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO


class AlreadyRunning(Exception):
    """Another kiosk process holds the lock."""


class InstanceLock:
    """Hold with `with InstanceLock(path):` for the life of the kiosk window."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the process's life
        try:
            _lock(handle)
        except OSError as busy:
            handle.close()
            raise AlreadyRunning(
                "Kiosk Clips is already running for this user: use that window, or close it first."
            ) from busy
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops the lock
            self._handle = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()


def _lock(handle: IO[bytes]) -> None:
    """Take an exclusive, non-blocking lock; OSError if another process has it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

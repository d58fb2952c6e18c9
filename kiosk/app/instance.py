"""One kiosk at a time per user: a second copy would count the same session twice.

The lock is an OS file lock (flock on Linux and macOS, msvcrt on Windows) on a file beside the
state, so it is released by the OS when the process dies, even by `kill -9`, and a stale lock
file can never keep the kiosk from starting. A lock file that cannot be made or opened at all
(a folder in its place, a folder that cannot be written) is `LockUnavailable`: whether another
kiosk runs is then unknown, so the caller starts locked and saves nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from kiosk.core.i18n import N_, _

#: Why the kiosk starts locked when its lock file cannot be used.
LOCK_UNAVAILABLE = N_(
    "The kiosk's lock file {path} cannot be used ({problem}), so the kiosk starts locked and"
    " saves nothing: remove what is at that path or make its folder writable, and start the"
    " kiosk again."
)


class AlreadyRunning(Exception):
    """Another kiosk process holds the lock."""


class LockUnavailable(Exception):
    """The lock file cannot be made or opened; `str()` is one sentence for the parent."""


class InstanceLock:
    """Hold with `with InstanceLock(path):` for the life of the kiosk window."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Unbuffered: a process id that cannot be written (a full disk) fails here, and
            # is not left in a buffer to fail again when the file is closed.
            handle = open(self.path, "a+b", buffering=0)  # noqa: SIM115 - held for life
        except OSError as error:
            problem = (error.strerror or str(error)).lower()
            raise LockUnavailable(
                _(LOCK_UNAVAILABLE).format(path=self.path, problem=problem)
            ) from error
        try:
            _lock(handle)
        except OSError as busy:
            handle.close()
            raise AlreadyRunning(
                _(
                    "Kiosk Clips is already running for this user: use that window, or close it first."
                )
            ) from busy
        # The process id is for people reading the file; a full disk must not stop the kiosk.
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n".encode())
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

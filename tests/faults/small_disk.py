"""A small disk of its own for a fault test: a tmpfs mounted as root, filled to the last byte to
give a real "no space left on device", and freed again; or remounted read-only.

Mounting needs root (CI runs as root on Linux) and a kernel that lets this process mount; where
either is missing the test is skipped, with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Room for a state file, its -wal and -shm, and the config, with a little to spare.
SIZE = "2m"
_CHUNK = 4096


class SmallDisk:
    """A tmpfs at `path`: `fill()` leaves no free byte, `free()` gives the space back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._filler = path / "filler"

    def fill(self) -> None:
        """Write until the disk refuses: what follows on it fails with ENOSPC."""
        with open(self._filler, "ab", buffering=0) as filler:
            for size in (_CHUNK * 16, _CHUNK, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        filler.write(b"\0" * size)
        assert shutil.disk_usage(self.path).free < _CHUNK

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)

    def read_only(self, read_only: bool = True) -> None:
        """Remount read-only (or back): even root cannot write to it then."""
        flags = "remount,ro" if read_only else "remount,rw"
        subprocess.run(["mount", "-o", flags, str(self.path)], check=True, capture_output=True)


@contextlib.contextmanager
def small_disk(path: Path, size: str = SIZE) -> Iterator[SmallDisk]:
    """Mount a tmpfs of `size` at `path` (made if need be) for the block; skip where impossible."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a real full disk needs root to mount a small tmpfs (CI runs as root)")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not let the tests mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(path)
    finally:
        # Lazily: a kiosk a failed test left running may still hold a file on it.
        subprocess.run(["umount", "-l", str(path)], capture_output=True)

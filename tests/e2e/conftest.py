"""End-to-end helpers: the installed `kiosk` command as a subprocess, on a private Xvfb screen."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.kiosk_process import KioskHome


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A virtual 1080x1920 screen for tests where a real window matters."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is not installed: scripts/test installs it with apt-get (package xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1080x1920x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not start")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def kiosk_home(isolated_dirs: Path) -> Iterator[KioskHome]:
    """The test's isolated XDG folders as a kiosk home; any app left running is killed after."""
    home = KioskHome.create(isolated_dirs)
    yield home
    home.stop_all()

"""Faults only root can make, each seen by one command alone: a reboot, and the system's time zone
changed under a running kiosk.

Both use a private mount namespace (`unshare -m`), so nothing outside the command sees them. A
file bind-mounted over /proc/sys/kernel/random/boot_id is a new boot id: a reboot, as the kiosk
tells one. A file bind-mounted over /etc/localtime (over the zone file it links to) is the
system's zone, which the test rewrites in place while the kiosk runs.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest

LOCALTIME = Path("/etc/localtime")
ZONEINFO = Path("/usr/share/zoneinfo")


def require_namespaces() -> None:
    """Skip, with the reason, where a test cannot make these faults."""
    if not sys.platform.startswith("linux"):
        pytest.skip("mount namespaces are Linux's")
    if os.geteuid() != 0:
        pytest.skip("a private mount namespace with bind mounts needs root (CI runs as root)")
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("util-linux's unshare and mount are not installed")


def _bind_and_run(source: Path, target: str, run: str = "") -> tuple[str, ...]:
    # sh gets `source` as $0 and the command after it as "$@"; exec keeps the command's pid.
    script = f'mount --bind "$0" {target} && exec {run}"$@"'
    return ("unshare", "-m", "--", "sh", "-c", script, str(source))


def new_boot(folder: Path) -> tuple[str, ...]:
    """A command prefix: the command runs as after a reboot, with a boot id of its own.

    Every command run with the same prefix is in that same new boot.
    """
    require_namespaces()
    boot_id = folder / "boot_id"
    boot_id.write_text(f"{uuid.uuid4()}\n", encoding="ascii")
    return _bind_and_run(boot_id, "/proc/sys/kernel/random/boot_id")


class SystemZone:
    """The system's time zone as commands run with `prefix` see it; `switch_to` changes it.

    It starts as the zone this machine is set to, so its name (read off the /etc/localtime
    link) and its rules agree; a switch changes the rules under the same name, as a zone file
    replaced in place would.
    """

    def __init__(self, folder: Path) -> None:
        require_namespaces()
        if not LOCALTIME.exists():
            pytest.skip("this system has no /etc/localtime to stand in for")
        self.file = folder / "localtime"
        self.file.write_bytes(LOCALTIME.read_bytes())
        target = str(LOCALTIME.resolve())
        self.name = target.split("/zoneinfo/", 1)[1] if "/zoneinfo/" in target else ""
        # TZ would decide before /etc/localtime does.
        self.prefix = _bind_and_run(self.file, str(LOCALTIME), run="env -u TZ ")

    def switch_to(self, zone: str) -> None:
        # In place: the bind mount holds this file's inode, so a rename would not be seen.
        self.file.write_bytes((ZONEINFO / zone).read_bytes())

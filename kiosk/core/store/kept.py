"""The copies of bad state files that are kept aside for the parent: naming, moving, finding.

A state file that cannot be trusted is never deleted: it is renamed beside itself to
`<name>.<reason>-<stamp>`, with its -wal and -shm under the same name, so SQLite can open the
kept copy as it was found. The copies are also traces that the kiosk was used before, and the
places the PIN and the parent's choices are salvaged from (see `salvage`), newest first.
"""

from __future__ import annotations

import contextlib
import os
import re
from datetime import datetime
from pathlib import Path

#: The files SQLite keeps beside a database.
COMPANIONS = ("-wal", "-shm", "-journal")
_MAX_KEPT_COPIES = 1000


def kept_copies(path: Path) -> list[Path]:
    """The earlier state files kept aside beside `path` (not their -wal or -shm), newest first
    by the time they were last written."""
    name = re.compile(rf"{re.escape(path.name)}\.[a-z_]+-\d{{8}}T\d{{6}}(-\d+)?")
    found: list[tuple[int, str, Path]] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if name.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    written = entry.stat(follow_symlinks=False).st_mtime_ns
                    found.append((written, entry.name, Path(entry.path)))
    return [kept for _, _, kept in sorted(found, reverse=True)]


def move_aside(path: Path, reason: str, stamp: datetime, *, companions_only: bool) -> Path | None:
    """Rename the bad file (and its -wal/-shm) to `<name>.<reason>-<stamp>`; None if nothing
    was moved. The companions keep their suffix so SQLite can open the kept copy as it was."""
    base = f"{path.name}.{reason}-{stamp:%Y%m%dT%H%M%S}"
    target = path.with_name(base)
    for counter in range(2, _MAX_KEPT_COPIES):
        if not any(exists(target.with_name(target.name + s)) for s in ("", *COMPANIONS)):
            break
        target = path.with_name(f"{base}-{counter}")
    else:
        return None  # a folder full of kept copies, or one we cannot look into
    moved: Path | None = None
    if not companions_only:
        try:
            path.rename(target)
        except OSError:
            return None
        moved = target
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if exists(companion):
            with contextlib.suppress(OSError):
                companion.rename(target.with_name(target.name + suffix))
                moved = moved or target.with_name(target.name + suffix)
    return moved


def exists(path: Path) -> bool:
    """Whether anything is at `path`; something that cannot be looked at counts as there."""
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True  # something is there that we cannot look at: treat it as a bad file
    return True

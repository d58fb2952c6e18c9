"""Reading a state file without writing anything at or beside it.

A state file the kiosk cannot write (the disk is full, the disk fails, its folder is read-only,
or the kiosk must not write because it could not start properly) still holds the parent's PIN
and choices, and the kiosk needs them to stay usable while it runs locked. SQLite's plain
read-only mode is not enough for that: on a file in WAL mode it must create and grow the -shm
index beside the file, which fails on a full disk and leaves debris behind. So:

- a file whose -shm is already there (a kiosk was killed, or is running) is opened read-only
  through it, which also reads the saves still waiting in its -wal;
- any other file is opened `immutable=1`, which reads the main file alone and creates nothing.
  After a clean close SQLite has already folded the -wal into the main file, so that misses
  nothing.

Whichever works is copied into memory with SQLite's backup, so the kiosk can run on the copy
(and write to it) while the file stays exactly as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """A connection that can read `path` and will write nothing there; None if none works."""
    for uri in _uris(path):
        try:
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            connection.close()
            continue
        return connection
    return None


def copy_into_memory(path: Path) -> sqlite3.Connection | None:
    """An in-memory database holding what `path` holds; None if it cannot be read whole."""
    source = open_read_only(path)
    if source is None:
        return None
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source.backup(memory)
    except sqlite3.Error:
        memory.close()
        return None
    finally:
        source.close()
    return memory


def _uris(path: Path) -> list[str]:
    # as_uri() percent-encodes a "?" or "#" in the name, which SQLite would otherwise take for
    # the start of the query string.
    base = path.absolute().as_uri()
    uris = [f"{base}?immutable=1"]
    shm = path.with_name(path.name + "-shm")
    with contextlib.suppress(OSError):
        if shm.is_file() and shm.stat().st_size > 0:
            uris.insert(0, f"{base}?mode=ro")
    return uris

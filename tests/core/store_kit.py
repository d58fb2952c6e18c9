"""Shared pieces of the store tests: fixed times, a set-up kiosk's files, a store with data, and
the one way in to a store's own connection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from kiosk.core.setup_marks import is_marked, mark_set_up
from kiosk.core.store.store import Store

STAMP = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)  # names the kept copy of a bad file
AT = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def state_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kiosk.sqlite3"


def set_up_marker(tmp_path: Path) -> Path:
    """The setup marker of a kiosk that was set up."""
    path = tmp_path / "config" / "kiosk.setup"
    mark_set_up([path])
    return path


def open_store(state: Path, marker: Path) -> Store:
    return Store.open(state, set_up=is_marked([marker]), now=STAMP)


def open_set_up_store(tmp_path: Path) -> Store:
    """The state of a kiosk that was set up, as a start after setup opens it: the first start
    made the file, then setup left its marker. (A marker with no file would be a lost state.)"""
    state = state_path(tmp_path)
    open_store(state, tmp_path / "config" / "kiosk.setup").close()
    return open_store(state, set_up_marker(tmp_path))


def make_used_store(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    with store.write() as writer:
        writer.save_ledger({"kept": True}, AT)
        for index in range(200):  # enough pages that a cut lands inside the data
            writer.add_event(AT, "filler", {"index": index, "padding": "x" * 100})
    store.close()


def raw_connection(store: Store) -> sqlite3.Connection:
    """The store's own connection, which it hands to no module of the kiosk. A test reaches in
    here, and only here, to break the file under a running store (`PRAGMA query_only`), to
    write a row no method would write, or to watch the statements the store runs."""
    return store._connection


def on_disk(path: Path, statement: str) -> None:
    """Change the file through a connection of its own, as someone with a shell would."""
    other = sqlite3.connect(path)
    try:
        other.execute(statement)
        other.commit()
    finally:
        other.close()

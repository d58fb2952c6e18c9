"""The PIN tables on a real SQLite file in WAL mode: creation, round trips, transactions, damage,
and what reaches the disk: salted hashes, never a secret."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest

from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import DEFAULT_SCRYPT, ScryptParams, hash_secret
from kiosk.core.pin.throttle import ClockReading, ThrottleState
from kiosk.core.store.pin_records import (
    NoTransaction,
    PinRecordStore,
    PinStoreDamaged,
    create_pin_tables,
)
from tests.core.fake_clock import FakeClock

FAST = ScryptParams(n=2**4, r=1, p=1)


IsolationLevel = Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"] | None


def open_state(path: Path, isolation_level: IsolationLevel = None) -> sqlite3.Connection:
    """Opened as the kiosk's store opens its file: WAL, synchronous FULL."""
    connection = sqlite3.connect(path, isolation_level=isolation_level)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    create_pin_tables(connection)
    return connection


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kiosk.sqlite3"


@pytest.fixture
def connection(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_state(db_path)
    yield connection
    connection.close()


def test_creating_the_tables_again_changes_nothing(connection: sqlite3.Connection) -> None:
    store = PinRecordStore(connection)
    clock = FakeClock()
    with store.transaction():
        store.save_throttle(ThrottleState().record_failure(ClockReading.read(clock)))
    create_pin_tables(connection)
    assert store.load_throttle().failures == 1


@pytest.mark.parametrize("isolation_level", [None, "DEFERRED"])
def test_the_tables_can_be_made_inside_a_migration_transaction(
    db_path: Path, isolation_level: IsolationLevel
) -> None:
    connection = sqlite3.connect(db_path, isolation_level=isolation_level)
    connection.execute("BEGIN IMMEDIATE")
    create_pin_tables(connection)
    connection.execute("PRAGMA user_version = 2")
    connection.execute("COMMIT")
    store = PinRecordStore(connection)
    assert store.load_throttle() == ThrottleState()
    assert store.load_record() is None and not store.has_pin()
    connection.close()


def test_the_pin_record_round_trips_and_keeps_its_first_setup_time(db_path: Path) -> None:
    clock = FakeClock()
    connection = open_state(db_path)
    store = PinRecordStore(connection)
    pin, code = hash_secret("7392", FAST), hash_secret("K7RMX4PTQH9C", FAST)
    with store.transaction():
        store.save_record(pin, code, clock.wall())
    first_setup = clock.wall()
    connection.close()

    clock.advance(86_400)
    connection = open_state(db_path)
    store = PinRecordStore(connection)
    record = store.load_record()
    assert record is not None and store.has_pin()
    assert (record.pin, record.recovery) == (pin, code)
    assert record.created_at == record.changed_at == first_setup

    new_pin = hash_secret("4816", ScryptParams(n=2**5, r=2, p=1, dklen=40))
    with store.transaction():
        store.save_record(new_pin, code, clock.wall())
    changed = store.load_record()
    assert changed is not None and changed.pin == new_pin
    assert changed.pin.params.dklen == 40
    assert changed.created_at == first_setup
    assert changed.changed_at == first_setup + timedelta(days=1)
    connection.close()


def test_the_throttle_round_trips_through_a_reopened_file(db_path: Path) -> None:
    clock = FakeClock()
    connection = open_state(db_path)
    state = ThrottleState()
    for _ in range(6):
        state = state.record_failure(ClockReading.read(clock))
    with PinRecordStore(connection).transaction():
        PinRecordStore(connection).save_throttle(state)
    connection.close()
    reopened = open_state(db_path)
    assert PinRecordStore(reopened).load_throttle() == state
    reopened.close()


def test_writes_outside_a_transaction_are_refused(connection: sqlite3.Connection) -> None:
    store = PinRecordStore(connection)
    with pytest.raises(NoTransaction):
        store.save_throttle(ThrottleState())
    clock = FakeClock()
    with pytest.raises(NoTransaction):
        store.save_record(hash_secret("7392", FAST), hash_secret("X", FAST), clock.wall())
    assert not connection.in_transaction


def test_a_transaction_is_refused_inside_someone_elses(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN")
    with pytest.raises(NoTransaction), PinRecordStore(connection).transaction():
        pass
    connection.execute("ROLLBACK")


def test_a_failed_transaction_leaves_nothing_behind(connection: sqlite3.Connection) -> None:
    store = PinRecordStore(connection)
    clock = FakeClock()
    with pytest.raises(RuntimeError, match="boom"), store.transaction():
        store.save_throttle(ThrottleState().record_failure(ClockReading.read(clock)))
        raise RuntimeError("boom")
    assert not connection.in_transaction
    assert store.load_throttle() == ThrottleState()


def test_a_commit_is_visible_to_another_connection_at_once(
    connection: sqlite3.Connection, db_path: Path
) -> None:
    clock = FakeClock()
    store = PinRecordStore(connection)
    with store.transaction():
        store.save_throttle(ThrottleState(failures=2).record_failure(ClockReading.read(clock)))
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT failures FROM pin_throttle").fetchone() == (3,)
    other.close()


def test_a_missing_throttle_row_is_damage_and_saving_restores_it(
    connection: sqlite3.Connection,
) -> None:
    store = PinRecordStore(connection)
    connection.execute("DELETE FROM pin_throttle")
    with pytest.raises(PinStoreDamaged, match="missing"):
        store.load_throttle()
    with store.transaction():
        store.save_throttle(ThrottleState(failures=1))
    assert store.load_throttle() == ThrottleState(failures=1)


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE pin_throttle SET last_failure_at = 'yesterday', deadline_at = 'x',"
        " boot_id = 'b', anchor_boot_seconds = 1, deadline_boot_seconds = 2",
        "UPDATE pin_throttle SET boot_id = 'only part of an anchor'",
        "UPDATE pin_throttle SET last_failure_at = '2026-11-26T10:00:00', deadline_at ="
        " '2026-11-26T10:00:30', boot_id = 'b', anchor_boot_seconds = 1,"
        " deadline_boot_seconds = 31",
        "UPDATE pin_throttle SET last_failure_at = '2026-11-26T10:00:00+01:00', deadline_at ="
        " '2026-11-26T10:00:30+01:00', boot_id = 'b', anchor_boot_seconds = 'soon',"
        " deadline_boot_seconds = 31",
    ],
)
def test_an_unreadable_throttle_row_is_damage(connection: sqlite3.Connection, damage: str) -> None:
    connection.execute(damage)
    with pytest.raises(PinStoreDamaged):
        PinRecordStore(connection).load_throttle()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE pin_secrets SET n = 3",
        "UPDATE pin_secrets SET n = 1073741824",
        "UPDATE pin_secrets SET algorithm = 'md5'",
        "UPDATE pin_secrets SET digest = x'00'",
        "UPDATE pin_secrets SET changed_at = 'last week'",
    ],
)
def test_an_unreadable_pin_row_is_damage(connection: sqlite3.Connection, damage: str) -> None:
    store = PinRecordStore(connection)
    with store.transaction():
        store.save_record(hash_secret("7392", FAST), hash_secret("X", FAST), FakeClock().wall())
    connection.execute(damage)
    with pytest.raises(PinStoreDamaged, match="PIN"):
        store.load_record()


def test_the_schema_refuses_values_of_the_wrong_type(connection: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE pin_throttle SET failures = -1")
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE pin_throttle SET failures = 'many'")


PIN = "73915846"
OTHER_PIN = "58204736"


def test_the_same_pin_in_two_installs_gives_two_hashes(tmp_path: Path) -> None:
    records = []
    for name in ("one", "two"):
        connection = open_state(tmp_path / f"{name}.sqlite3")
        PinGuard(connection, FakeClock(), params=FAST).set_pin(PIN)
        records.append(PinRecordStore(connection).load_record())
        connection.close()
    first, second = records
    assert first is not None and second is not None
    assert first.pin.salt != second.pin.salt and first.pin.digest != second.pin.digest


def test_new_pins_use_the_default_scrypt_parameters(connection: sqlite3.Connection) -> None:
    PinGuard(connection, FakeClock()).set_pin(PIN)
    record = PinRecordStore(connection).load_record()
    assert record is not None and record.recovery is not None
    assert record.pin.params == DEFAULT_SCRYPT == record.recovery.params


def test_no_secret_ever_reaches_the_database_files(db_path: Path) -> None:
    connection = open_state(db_path)
    guard = PinGuard(connection, FakeClock(), params=FAST)
    first_code = guard.set_pin(PIN)
    guard.attempt("46283951")  # a wrong guess is not kept either
    guard.attempt_recovery("WRNG-CODE-TYPD")
    second_code = guard.set_pin(OTHER_PIN, recovery_code=first_code.text)
    secrets = [PIN, OTHER_PIN, "46283951", "WRNG-CODE-TYPD", "WRNGCODETYPD"]
    for code in (first_code.text, second_code.text):
        secrets += [code, code.replace("-", ""), code.lower()]

    def raw_bytes() -> bytes:
        files = [db_path, *(Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]
        return b"".join(file.read_bytes() for file in files if file.exists())

    wal = Path(f"{db_path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the writes are still in the WAL file
    while_open = raw_bytes()
    assert b"scrypt" in while_open  # the scan does see what the store wrote
    connection.close()  # the last close checkpoints the WAL into the main file
    after_close = raw_bytes()
    assert b"scrypt" in after_close
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needle = secret.encode(encoding)
            assert needle not in while_open and needle not in after_close, secret


def test_a_transaction_takes_the_write_lock_at_once(
    connection: sqlite3.Connection, db_path: Path
) -> None:
    # So two processes (the kiosk and `kiosk unlock`) can never both read the same count and
    # each write back one more.
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    connection.execute("PRAGMA busy_timeout = 0")
    with (
        pytest.raises(sqlite3.OperationalError, match="locked"),
        PinRecordStore(connection).transaction(),
    ):
        pass
    other.execute("ROLLBACK")
    other.close()
    assert not connection.in_transaction

"""The PIN tables in a real state file in WAL mode: round trips, transactions, damage, one time
format, and what reaches the disk: salted hashes, never a secret."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import DEFAULT_SCRYPT, ScryptParams, hash_secret
from kiosk.core.pin.throttle import ClockReading, ThrottleState
from kiosk.core.store.access import NoTransaction, StoreWriteError
from kiosk.core.store.pin_records import PIN_TABLE_STATEMENTS, PinRecords, PinStoreDamaged
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import on_disk, open_store, raw_connection

FAST = ScryptParams(n=2**4, r=1, p=1)
PIN = "73915846"
OTHER_PIN = "58204736"
#: How every table keeps a moment: UTC, to the millisecond, with the offset.
STORED_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")


@pytest.fixture
def records(store: Store) -> PinRecords:
    return store.pin_records


def test_a_fresh_file_has_no_pin_and_a_clean_counter(records: PinRecords) -> None:
    assert records.load_throttle() == ThrottleState()
    assert records.load_record() is None and not records.has_pin()


def test_running_the_table_statements_again_changes_nothing(
    store: Store, records: PinRecords
) -> None:
    clock = FakeClock()
    with records.transaction():
        records.save_throttle(ThrottleState().record_failure(ClockReading.read(clock)))
    for statement in PIN_TABLE_STATEMENTS:
        raw_connection(store).execute(statement)
    assert records.load_throttle().failures == 1


def test_the_pin_record_round_trips_and_keeps_its_first_setup_time(
    state: Path, marker: Path
) -> None:
    clock = FakeClock()
    store = open_store(state, marker)
    pin, code = hash_secret("7392", FAST), hash_secret("K7RMX4PTQH9C", FAST)
    with store.pin_records.transaction():
        store.pin_records.save_record(pin, code, clock.wall())
    first_setup = clock.wall()
    store.close()

    clock.advance(86_400)
    store = open_store(state, marker)
    records = store.pin_records
    record = records.load_record()
    assert record is not None and records.has_pin()
    assert (record.pin, record.recovery) == (pin, code)
    assert record.created_at == record.changed_at == first_setup

    new_pin = hash_secret("4816", ScryptParams(n=2**5, r=2, p=1, dklen=40))
    with records.transaction():
        records.save_record(new_pin, code, clock.wall())
    changed = records.load_record()
    assert changed is not None and changed.pin == new_pin
    assert changed.pin.params.dklen == 40
    assert changed.created_at == first_setup
    assert changed.changed_at == first_setup + timedelta(days=1)
    store.close()


def test_the_throttle_round_trips_through_a_reopened_file(state: Path, marker: Path) -> None:
    clock = FakeClock()
    store = open_store(state, marker)
    throttle = ThrottleState()
    for _ in range(6):
        throttle = throttle.record_failure(ClockReading.read(clock))
    with store.pin_records.transaction():
        store.pin_records.save_throttle(throttle)
    store.close()
    reopened = open_store(state, marker)
    assert reopened.pin_records.load_throttle() == throttle
    reopened.close()


def test_pin_times_are_kept_like_every_other_time_and_older_rows_still_read(
    store: Store, state: Path
) -> None:
    guard = PinGuard(store.pin_records, FakeClock(), params=FAST)
    guard.set_pin(PIN)
    guard.attempt("46283951")
    with store.write() as writer:
        writer.add_event(FakeClock().wall(), "filler")
    with sqlite3.connect(state) as other:
        times = [
            *other.execute("SELECT created_at, changed_at FROM pin_secrets").fetchall(),
            other.execute("SELECT last_failure_at, deadline_at FROM pin_throttle").fetchone(),
            other.execute("SELECT at, at FROM events").fetchone(),
        ]
    other.close()
    assert all(STORED_TIME.match(text) for row in times for text in row), times

    # A row written by an older kiosk (local offset, microseconds) reads as the same moment.
    on_disk(state, "UPDATE pin_throttle SET last_failure_at = '2026-11-26T10:00:00.123456+01:00'")
    last = store.pin_records.load_throttle().last_failure_at
    assert last is not None and last.isoformat() == "2026-11-26T10:00:00.123456+01:00"


def test_writes_outside_a_transaction_are_refused(store: Store, records: PinRecords) -> None:
    with pytest.raises(NoTransaction):
        records.save_throttle(ThrottleState())
    clock = FakeClock()
    with pytest.raises(NoTransaction):
        records.save_record(hash_secret("7392", FAST), hash_secret("X", FAST), clock.wall())
    assert not raw_connection(store).in_transaction


def test_a_transaction_is_refused_inside_someone_elses(store: Store, records: PinRecords) -> None:
    raw_connection(store).execute("BEGIN")
    with pytest.raises(NoTransaction), records.transaction():
        pass
    raw_connection(store).execute("ROLLBACK")


def test_a_failed_transaction_leaves_nothing_behind(store: Store, records: PinRecords) -> None:
    clock = FakeClock()
    with pytest.raises(RuntimeError, match="boom"), records.transaction():
        records.save_throttle(ThrottleState().record_failure(ClockReading.read(clock)))
        raise RuntimeError("boom")
    assert not raw_connection(store).in_transaction
    assert records.load_throttle() == ThrottleState()


def test_a_commit_is_visible_to_another_connection_at_once(
    records: PinRecords, state: Path
) -> None:
    clock = FakeClock()
    with records.transaction():
        records.save_throttle(ThrottleState(failures=2).record_failure(ClockReading.read(clock)))
    other = sqlite3.connect(state)
    assert other.execute("SELECT failures FROM pin_throttle").fetchone() == (3,)
    other.close()


def test_a_missing_throttle_row_is_damage_and_saving_restores_it(
    records: PinRecords, state: Path
) -> None:
    on_disk(state, "DELETE FROM pin_throttle")
    with pytest.raises(PinStoreDamaged, match="missing"):
        records.load_throttle()
    with records.transaction():
        records.save_throttle(ThrottleState(failures=1))
    assert records.load_throttle() == ThrottleState(failures=1)


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
def test_an_unreadable_throttle_row_is_damage(
    records: PinRecords, state: Path, damage: str
) -> None:
    on_disk(state, damage)
    with pytest.raises(PinStoreDamaged):
        records.load_throttle()


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE pin_secrets SET n = 3",
        "UPDATE pin_secrets SET n = 1073741824",
        "UPDATE pin_secrets SET algorithm = 'md5'",
        "UPDATE pin_secrets SET digest = x'00'",
        "UPDATE pin_secrets SET changed_at = 'last week'",
        "UPDATE pin_secrets SET changed_at = '2026-11-26T10:00:00'",  # no offset: not guessed
    ],
)
def test_an_unreadable_pin_row_is_damage(records: PinRecords, state: Path, damage: str) -> None:
    with records.transaction():
        records.save_record(hash_secret("7392", FAST), hash_secret("X", FAST), FakeClock().wall())
    on_disk(state, damage)
    with pytest.raises(PinStoreDamaged, match="PIN"):
        records.load_record()


def test_the_schema_refuses_values_of_the_wrong_type(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        raw_connection(store).execute("UPDATE pin_throttle SET failures = -1")
    with pytest.raises(sqlite3.IntegrityError):
        raw_connection(store).execute("UPDATE pin_throttle SET failures = 'many'")


def test_the_same_pin_in_two_installs_gives_two_hashes(tmp_path: Path) -> None:
    records = []
    for name in ("one", "two"):
        store = open_store(tmp_path / name / "kiosk.sqlite3", tmp_path / name / "kiosk.setup")
        PinGuard(store.pin_records, FakeClock(), params=FAST).set_pin(PIN)
        records.append(store.pin_records.load_record())
        store.close()
    first, second = records
    assert first is not None and second is not None
    assert first.pin.salt != second.pin.salt and first.pin.digest != second.pin.digest


def test_new_pins_use_the_default_scrypt_parameters(records: PinRecords) -> None:
    PinGuard(records, FakeClock()).set_pin(PIN)
    record = records.load_record()
    assert record is not None and record.recovery is not None
    assert record.pin.params == DEFAULT_SCRYPT == record.recovery.params


def test_no_secret_ever_reaches_the_database_files(state: Path, marker: Path) -> None:
    store = open_store(state, marker)
    guard = PinGuard(store.pin_records, FakeClock(), params=FAST)
    first_code = guard.set_pin(PIN)
    guard.attempt("46283951")  # a wrong guess is not kept either
    guard.attempt_recovery("WRNG-CODE-TYPD")
    second_code = guard.set_pin(OTHER_PIN, recovery_code=first_code.text)
    secrets = [PIN, OTHER_PIN, "46283951", "WRNG-CODE-TYPD", "WRNGCODETYPD"]
    for code in (first_code.text, second_code.text):
        secrets += [code, code.replace("-", ""), code.lower()]

    def raw_bytes() -> bytes:
        files = [state, *(Path(f"{state}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]
        return b"".join(file.read_bytes() for file in files if file.exists())

    wal = Path(f"{state}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the writes are still in the WAL file
    while_open = raw_bytes()
    assert b"scrypt" in while_open  # the scan does see what the store wrote
    store.close()  # the last close checkpoints the WAL into the main file
    after_close = raw_bytes()
    assert b"scrypt" in after_close
    for secret in secrets:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needle = secret.encode(encoding)
            assert needle not in while_open and needle not in after_close, secret


def test_a_transaction_takes_the_write_lock_at_once(
    store: Store, records: PinRecords, state: Path
) -> None:
    # So two processes (the kiosk and `kiosk unlock`) can never both read the same count and
    # each write back one more.
    other = sqlite3.connect(state, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    raw_connection(store).execute("PRAGMA busy_timeout = 0")
    with pytest.raises(StoreWriteError, match="locked"), records.transaction():
        pass
    other.execute("ROLLBACK")
    other.close()
    assert not raw_connection(store).in_transaction

"""The child's "please, more" on the lock screen: once a lock, recorded for the parent, never an
unlock by itself; and the parent's answers: more minutes, one more clip, or not today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.limits.ledger import Ledger, LedgerError, SessionLedger
from kiosk.core.limits.settings import LimitSettings
from tests.core.limits_kit import KioskRig, other_process, parent_from_terminal, state_folder

NO_GRACE = LimitSettings(finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def locked(folder: Path) -> KioskRig:
    rig = KioskRig(folder, NO_GRACE)
    rig.start().start_session()
    rig.play(900)
    assert rig.status().lock_reason == "session_over"
    return rig


def test_the_child_may_ask_once_a_lock_and_the_ask_is_recorded(folder: Path) -> None:
    rig = locked(folder)
    assert rig.tick().may_ask
    rig.clock.advance(30)
    assert rig.limits.ask_for_more()
    tick = rig.tick()
    assert tick.asked_at == rig.clock.wall() and not tick.may_ask
    assert rig.status().to_json_dict()["asked_at"] == rig.clock.wall().isoformat(timespec="seconds")
    assert not rig.limits.ask_for_more()  # the hand stays up; a second ask is not another
    assert rig.events("child_asked") == [("child_asked", {})]


def test_the_ask_unlocks_nothing_by_itself(folder: Path) -> None:
    rig = locked(folder)
    before = rig.status()
    rig.limits.ask_for_more()
    after = rig.tick().status
    assert (after.state, after.lock_reason, after.next_session_at) == (
        before.state,
        before.lock_reason,
        before.next_session_at,
    )
    assert rig.play_until_state_changes() == 3600  # the cooldown, to the second


def test_no_ask_while_a_session_runs_or_one_may_start(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start()
    assert not rig.limits.ask_for_more() and not rig.tick().may_ask  # ready
    rig.limits.start_session()
    assert not rig.limits.ask_for_more() and not rig.tick().may_ask
    assert rig.events("child_asked") == []


@pytest.mark.parametrize(
    ("answer", "recorded", "state"),
    [
        (lambda limits: limits.extend(5), "minutes", "in_session"),
        (lambda limits: limits.grant_clips(1), "clip", "in_session"),
        (lambda limits: limits.start_new_session_now(), "minutes", "in_session"),
        (lambda limits: limits.answer_not_today(), "not_today", "locked"),
    ],
)
def test_each_answer_is_recorded_and_ends_the_ask(
    folder: Path, answer: object, recorded: str, state: str
) -> None:
    rig = locked(folder)
    rig.limits.ask_for_more()
    answer(rig.limits)  # type: ignore[operator]
    tick = rig.tick()
    assert rig.events("ask_answered") == [("ask_answered", {"answer": recorded})]
    assert (tick.status.state, tick.asked_at, tick.may_ask) == (state, None, False)


def test_not_today_keeps_the_lock_and_no_second_ask_comes_until_the_next_lock(
    folder: Path,
) -> None:
    rig = locked(folder)
    rig.limits.ask_for_more()
    rig.limits.answer_not_today()
    assert not rig.limits.ask_for_more()
    assert rig.status().lock_reason == "session_over"
    rig.play_until_state_changes()  # the cooldown is over
    rig.limits.start_session()
    rig.play(900)
    assert rig.tick().may_ask and rig.limits.ask_for_more()  # a new lock: a new ask


def test_an_answer_with_no_ask_records_no_answer(folder: Path) -> None:
    rig = locked(folder)
    rig.limits.answer_not_today()
    rig.limits.extend(5)
    assert rig.events("ask_answered") == []


def test_the_ask_is_seen_from_a_terminal_and_answered_there(folder: Path) -> None:
    rig = locked(folder)
    rig.limits.ask_for_more()
    with other_process(rig, read_only=True) as terminal:
        assert terminal.status().asked_at == rig.clock.wall()
    parent_from_terminal(rig, lambda other: other.grant_clips(1))
    tick = rig.tick()
    assert tick.status.state == "in_session" and tick.clips_left == 1 and tick.asked_at is None


def test_the_ask_survives_a_restart(folder: Path) -> None:
    rig = locked(folder)
    rig.limits.ask_for_more()
    rig.kill()
    rig.start()
    assert rig.tick().asked_at is not None
    assert not rig.limits.ask_for_more()


def test_a_ledger_saved_before_clips_and_asks_reads_as_none_of_either() -> None:
    saved = Ledger().to_json()
    for key in ("asked_at", "ask_answer"):
        del saved[key]
    old = Ledger.from_json(saved)
    assert (old.asked_at, old.ask_answer) == (None, None)
    with_session = locked_ledger_json()
    for key in ("clips_allowed", "clips_shown"):
        del with_session["session"][key]
    session = Ledger.from_json(with_session).session
    assert session is not None and (session.clips_allowed, session.clips_shown) == (None, 0)


def locked_ledger_json() -> dict[str, Any]:
    ledger = Ledger(session=SessionLedger(3, datetime(2026, 11, 26, tzinfo=UTC), 900.0))
    return ledger.to_json()


@pytest.mark.parametrize(
    ("key", "value"),
    [("ask_answer", "maybe"), ("asked_at", "teatime"), ("asked_at", 5)],
)
def test_a_damaged_ask_in_the_ledger_is_refused(key: str, value: object) -> None:
    saved = Ledger().to_json()
    saved[key] = value
    with pytest.raises(LedgerError):
        Ledger.from_json(saved)


@pytest.mark.parametrize(
    ("key", "value"), [("clips_shown", -1), ("clips_allowed", "3"), ("clips_shown", True)]
)
def test_a_damaged_clip_count_in_the_ledger_is_refused(key: str, value: object) -> None:
    saved = locked_ledger_json()
    saved["session"][key] = value
    with pytest.raises(LedgerError):
        Ledger.from_json(saved)

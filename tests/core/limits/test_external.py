"""A parent acting from another process (`kiosk unlock`) while the kiosk runs on the same file.

Process A is the running kiosk (a `KioskRig`); process B is a second `Limits` on its own `Store`
connection to the same SQLite file, on the same fake clock, as `kiosk unlock` opens one. B's
saves must reach A at A's next tick, and A's checkpoints must never write them away, nor lose
the time A counted but had not saved yet.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.limits.limits import Limits
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.store.store import StoreWriteError
from tests.core.fake_clock import BERLIN, FakeClock
from tests.core.limits_kit import (
    KioskRig,
    RacingClock,
    other_process,
    parent_from_terminal,
    stored_status,
)


def locked_after_a_session(tmp_path: Path) -> KioskRig:
    rig = KioskRig(tmp_path, LimitSettings(finish_clip_grace_seconds=0))
    rig.start().start_session()
    assert rig.play(900).state == "locked"
    return rig


def test_a_new_session_from_another_process_shows_at_the_next_tick_and_is_kept(
    tmp_path: Path,
) -> None:
    rig = locked_after_a_session(tmp_path)
    parent_from_terminal(rig, Limits.start_new_session_now)
    assert rig.status().state == "locked"  # as of A's last tick
    rig.clock.advance(1)
    status = rig.limits.tick().status
    assert (status.state, status.session_seconds_left) == ("in_session", 899)
    rig.play(12)  # A checkpoints (at 5, 9 and 13 s): the new session is what it saves
    assert stored_status(rig) == ("in_session", 900 - 13, 900 + 13, False)
    assert rig.restart().status().state == "in_session"


def test_an_extension_from_another_process_adds_its_minutes(tmp_path: Path) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(300)
    parent_from_terminal(rig, lambda limits: limits.extend(10))
    status = rig.play(1)
    assert status.session_seconds_left == 600 + 600 - 1
    rig.play(8)
    assert stored_status(rig)[1] == 600 + 600 - 9
    assert [d["minutes"] for _, d in rig.events("extend")] == [10]


def test_time_counted_but_not_yet_saved_is_kept_under_an_extension(tmp_path: Path) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(402)  # saved at 400 s: 2 s are only in A's memory
    assert stored_status(rig)[2] == 400
    parent_from_terminal(rig, lambda limits: limits.extend(5))  # B read the ledger of 400 s
    status = rig.play(1)
    assert (status.used_today_seconds, rig.limits.session_counted_seconds) == (403, 403)
    assert status.session_seconds_left == (900 - 402) + 300 - 1
    assert stored_status(rig)[1:3] == ((900 - 402) + 300 - 1, 403)
    assert rig.store.sessions()[0].counted_seconds == 403


def test_time_counted_but_not_yet_saved_stays_with_the_session_a_parent_replaced(
    tmp_path: Path,
) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(402)
    parent_from_terminal(
        rig, Limits.start_new_session_now
    )  # B ends the old session at 400 s, as it read it
    status = rig.play(1)
    assert (status.state, status.session_seconds_left) == ("in_session", 899)
    assert (status.used_today_seconds, rig.limits.session_counted_seconds) == (403, 1)
    old, new = rig.store.sessions()
    assert (old.end_reason, old.counted_seconds, new.counted_seconds) == (
        "parent_new_session",
        402,
        1,
    )


def test_a_process_opened_earlier_does_not_count_again_what_the_kiosk_counted(
    tmp_path: Path,
) -> None:
    """`kiosk unlock` waits while the parent types the PIN; the kiosk counts that time, once."""
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    with other_process(rig) as b:
        rig.play(21)  # A's checkpoints (the last one now) carry its anchor to this moment
        assert stored_status(rig)[2] == 21
        b.extend(10)
        b.close()
    status = rig.play(1)
    assert (status.used_today_seconds, rig.limits.session_counted_seconds) == (22, 22)
    assert status.session_seconds_left == (900 - 21) + 600 - 1


def test_a_tamper_lock_lifted_by_another_process_stays_lifted(tmp_path: Path) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(60)
    rig.clock.jump_wall(-2 * 3600)
    assert rig.play(1).lock_reason == "tamper"
    parent_from_terminal(rig, Limits.start_new_session_now)
    status = rig.play(1)
    assert (status.state, status.tamper_detected) == ("in_session", False)
    rig.play(30)
    assert stored_status(rig)[::3] == ("in_session", False)
    assert rig.restart().status().tamper_detected is False


def test_a_stale_process_does_not_undo_a_tamper_lock(tmp_path: Path) -> None:
    """B opened before A locked for tamper; B's later save must not write the lock away."""
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    with other_process(rig) as stale:
        rig.clock.jump_wall(-2 * 3600)
        assert rig.play(1).lock_reason == "tamper"
        stale.close()  # counts up to now and saves
        assert stale.status().lock_reason == "tamper"
    assert stored_status(rig)[3] is True
    rig.play(10)
    assert rig.restart().status().lock_reason == "tamper"


def test_a_lock_the_kiosk_could_not_save_is_not_lifted_by_adopting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's disk fails and A locks; B's save (made without knowing) must not unlock A. Once A
    saved its lock, the parent's unlock from the terminal works as usual."""
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(100)

    def refuse() -> None:
        raise StoreWriteError("disk I/O error")

    monkeypatch.setattr(rig.store, "write", refuse)
    assert rig.play(4).lock_reason == "tamper"
    parent_from_terminal(
        rig, lambda limits: limits.extend(10)
    )  # B read the ledger from before the lock
    assert rig.play(1).lock_reason == "tamper"
    monkeypatch.undo()
    assert rig.play(1).lock_reason == "tamper"  # saved now, with the lock
    assert stored_status(rig)[3] is True
    parent_from_terminal(rig, lambda limits: limits.extend(10))
    status = rig.play(1)
    assert (status.state, status.session_seconds_left) == ("in_session", 599)


def test_a_save_racing_another_process_is_merged_not_overwritten(tmp_path: Path) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(100)
    old_id = rig.limits.session_id
    racing = RacingClock(rig.clock)
    with other_process(rig, clock=racing) as b:
        # The parent ends the session on the kiosk while B (terminal) is adding 10 minutes.
        racing.race = rig.limits.end_session_now
        b.extend(10)
        assert b.status().state == "in_session" and b.session_id != old_id
    status = rig.play(1)
    assert (status.state, status.session_seconds_left) == ("in_session", 599)
    assert [s.end_reason for s in rig.store.sessions()] == ["parent", None]
    assert [kind for kind, _ in rig.events() if kind in ("parent_end", "extend")] == [
        "parent_end",
        "extend",
    ]


def test_read_only_status_sees_the_change_and_saves_nothing(tmp_path: Path) -> None:
    rig = locked_after_a_session(tmp_path)
    with other_process(rig, read_only=True) as status_view:
        assert status_view.status().state == "locked"
        parent_from_terminal(rig, lambda limits: limits.extend(15))
        revision = rig.store.ledger_revision()
        rig.clock.advance(1)
        status = status_view.tick().status
        assert (status.state, status.session_seconds_left) == ("in_session", 900 - 1)
        rig.clock.advance(10)
        status_view.tick()
        assert rig.store.ledger_revision() == revision


def test_every_save_moves_the_revision_and_a_quiet_tick_reads_only_it(tmp_path: Path) -> None:
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    first = rig.store.ledger_revision()
    rig.play(4)  # one checkpoint
    assert rig.store.ledger_revision() == first + 1
    rig.play(2)  # no checkpoint
    assert rig.store.ledger_revision() == first + 1


@pytest.mark.parametrize("minutes", [5, 15])
def test_an_extension_given_in_the_grace_is_given_in_full(tmp_path: Path, minutes: int) -> None:
    """A is in the grace, past the zero that B, reading A's last save, has not reached yet."""
    rig = KioskRig(tmp_path)
    rig.start().start_session()
    rig.play(901)
    assert rig.limits.in_grace and stored_status(rig)[1] > 0  # saved before the zero
    parent_from_terminal(rig, lambda limits: limits.extend(minutes))
    status = rig.play(1)
    assert status.session_seconds_left == minutes * 60 - 1
    assert status.used_today_seconds == 902


# Property: random interleavings of the kiosk playing and a parent acting from a terminal end
# exactly where the same actions taken in the kiosk itself end. The twin runs on its own file
# and its own clock, moved in step.

ACTIONS = st.one_of(
    st.tuples(st.just("play"), st.integers(1, 40)),
    st.tuples(st.just("tap"), st.just(0)),
    st.tuples(st.just("finish"), st.just(0)),
    st.tuples(st.just("extend"), st.sampled_from([5, 10, 15])),
    st.tuples(st.sampled_from(["new", "end"]), st.just(0)),
)
STARTS = ("2026-11-26 10:00", "2026-11-26 23:57")  # the second one sees midnight


def _fast_dir() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else None  # see limits_kit.state_folder


def act(limits: Limits, kind: str, minutes: int) -> None:
    if kind == "extend":
        limits.extend(minutes)
    elif kind == "new":
        limits.start_new_session_now()
    else:
        limits.end_session_now()


def observed(limits: Limits) -> tuple[str, str | None, int, int, date | None]:
    status = limits.tick().status  # the clock has not moved: this only looks (and adopts)
    left, used = status.session_seconds_left, status.used_today_seconds
    return status.state, status.lock_reason, left, used, limits.day


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(STARTS),
    grace=st.sampled_from([0, 10, 60]),
    daily=st.sampled_from([0, 3]),
    actions=st.lists(ACTIONS, min_size=1, max_size=25),
)
def test_parent_actions_from_another_process_end_where_the_same_actions_in_the_kiosk_do(
    start: str, grace: int, daily: int, actions: list[tuple[str, int]]
) -> None:
    rule = LimitSettings(
        minutes=1, cooldown_minutes=2, daily_limit_minutes=daily, finish_clip_grace_seconds=grace
    )
    with tempfile.TemporaryDirectory(dir=_fast_dir(), prefix="kiosk-ext-") as folder:
        clocks = [FakeClock(datetime.fromisoformat(start).replace(tzinfo=BERLIN)) for _ in "ab"]
        kiosk = KioskRig(Path(folder, "two"), rule, clock=clocks[0])
        twin = KioskRig(Path(folder, "one"), rule, clock=clocks[1])
        for rig in (kiosk, twin):
            rig.start()
        used = (kiosk.limits.day, 0)
        for kind, amount in actions:
            if kind == "play":
                for _ in range(amount):
                    for clock in clocks:
                        clock.advance(1)
                    kiosk.limits.tick()
                    twin.limits.tick()
            elif kind == "tap":
                assert kiosk.limits.start_session() == twin.limits.start_session()
            elif kind == "finish":
                assert kiosk.limits.end_session() == twin.limits.end_session()
            else:
                parent_from_terminal(kiosk, partial(act, kind=kind, minutes=amount))
                act(twin.limits, kind, amount)
            seen = observed(kiosk.limits)
            assert seen == observed(twin.limits)
            if kind == "extend":  # never lost: at least its minutes are left
                assert seen[0] == "in_session" and seen[2] >= amount * 60
            day, used_today = seen[4], seen[3]
            assert day != used[0] or used_today >= used[1]  # never decreases within a day
            used = (day, used_today)
        for rig in (kiosk, twin):
            rig.restart()  # what was saved agrees too
        assert observed(kiosk.limits)[:4] == observed(twin.limits)[:4]
        for rig in (kiosk, twin):
            rig.close()

"""The Tick: every field as a session runs, news said exactly once, and the two screen rules
(the soft landing at zero and the chime) on real ticks from a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.tick import NO_CLIP, ClipOnScreen, should_chime, soft_landing
from tests.core.limits_kit import KioskRig, parent_from_terminal, state_folder

FINISHING = ClipOnScreen(finishing=True)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def test_a_ready_tick_says_no_session_and_nothing_new(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(warn_at_seconds=(60, 10)))
    rig.start()
    tick = rig.tick(NO_CLIP)
    assert tick.status == rig.status() and tick.status.state == "ready"
    assert (tick.session_seconds_left, tick.session_seconds_total) == (0.0, 0.0)
    assert (tick.in_grace, tick.grace_seconds_left) == (False, 0.0)
    assert tick.warn_at_seconds == (60, 10)
    assert (tick.warnings_due, tick.chime, tick.new_session, tick.finish_clip) == (
        (),
        False,
        False,
        False,
    )
    assert tick.parent_message is None


def test_a_session_tick_carries_the_exact_time_and_the_ring_total(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.clock.advance(37.5)
    tick = rig.tick(ClipOnScreen(3.0))
    assert tick.status.state == "in_session" and tick.status.session_seconds_left == 863
    assert (tick.session_seconds_left, tick.session_seconds_total) == (862.5, 900.0)
    assert (tick.in_grace, tick.grace_seconds_left, tick.finish_clip) == (False, 60.0, False)


def test_a_new_session_is_said_once_and_again_for_the_next_one(folder: Path) -> None:
    rig = KioskRig(folder)
    limits = rig.start()
    assert not rig.tick().new_session  # ready: no session yet
    limits.start_session()
    assert [rig.tick().new_session for _ in range(3)] == [True, False, False]
    limits.start_new_session_now()  # a parent's new session replaces the open one
    assert [rig.tick().new_session for _ in range(2)] == [True, False]
    parent_from_terminal(rig, lambda other: other.start_new_session_now())
    assert [rig.tick().new_session for _ in range(2)] == [True, False]  # from `kiosk unlock`


def test_a_session_resumed_at_start_is_new_at_the_first_tick(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(60)
    rig.restart()
    assert [rig.tick().new_session for _ in range(2)] == [True, False]


def test_warnings_are_due_once_each_with_a_chime(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(900 - 121)
    ticks = [rig.tick() for _ in range(2)]
    assert [(t.warnings_due, t.chime) for t in ticks] == [((), False), ((), False)]
    rig.clock.advance(1)
    first, again = rig.tick(), rig.tick()
    assert (first.warnings_due, first.chime) == ((120,), True)
    assert (again.warnings_due, again.chime) == ((), False)


def test_with_the_chime_off_a_warning_is_only_seen(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(chime=False))
    rig.start().start_session()
    rig.play(900 - 121)
    rig.clock.advance(1)
    tick = rig.tick()
    assert tick.warnings_due == (120,) and not tick.chime


def test_warnings_of_a_session_that_ended_before_any_tick_are_dropped(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(minutes=1))
    limits = rig.start()
    limits.start_session()  # 60 s: the 120 s warning is crossed at once
    limits.end_session_now()
    assert rig.tick().warnings_due == ()  # locked: there is nobody to warn
    limits.start_new_session_now()
    assert rig.tick().warnings_due == (120,)  # the new session's own, once
    assert rig.tick().warnings_due == ()


def test_a_tamper_tick_carries_the_parents_sentence(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.clock.jump_wall(-3600)
    rig.clock.advance(1)
    tick = rig.tick(ClipOnScreen(3.0))
    assert (tick.status.lock_reason, tick.status.tamper_detected) == ("tamper", True)
    assert tick.parent_message is not None
    assert tick.parent_message.startswith("The system clock was set back, so the kiosk locked")
    assert not (tick.new_session or tick.in_grace or tick.finish_clip)


# The soft landing, as `Limits.tick` carries it out.


def test_at_zero_a_clip_that_ends_within_the_grace_plays_out(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(900)
    tick = rig.tick(ClipOnScreen(60.0))
    assert tick.finish_clip and tick.in_grace and tick.status.state == "in_session"
    # The feed now plays it out: later ticks change nothing until the clip's end ends it.
    assert not rig.tick(FINISHING).finish_clip
    rig.play(20)
    assert rig.limits.end_session()
    assert rig.tick(NO_CLIP).status.lock_reason == "session_over"
    (session,) = rig.store.sessions()
    assert (session.counted_seconds, session.end_reason) == (920, "time_up")


@pytest.mark.parametrize("clip", [ClipOnScreen(60.5), ClipOnScreen(None), NO_CLIP])
def test_at_zero_a_clip_too_long_or_unknown_ends_the_session_in_that_tick(
    folder: Path, clip: ClipOnScreen
) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(900)
    tick = rig.tick(clip)
    assert (tick.status.state, tick.status.lock_reason) == ("locked", "session_over")
    assert not (tick.in_grace or tick.finish_clip)
    (session,) = rig.store.sessions()
    assert (session.counted_seconds, session.end_reason) == (900, "time_up")


# The landing rule itself, on real ticks.


def test_the_landing_rule_does_nothing_before_zero(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(899)
    tick = rig.tick()
    assert not tick.in_grace
    for clip in (ClipOnScreen(1.0), ClipOnScreen(5000.0), ClipOnScreen(None), NO_CLIP):
        assert soft_landing(tick, clip) == "carry_on"


def test_the_landing_rule_lets_a_clip_finish_up_to_the_grace_left(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    rig.play(910)  # 10 s into the 60 s grace, the clip on screen playing out
    tick = rig.tick(FINISHING)
    assert (tick.in_grace, tick.grace_seconds_left) == (True, 50.0)
    assert soft_landing(tick, ClipOnScreen(50.0)) == "finish_clip"
    assert soft_landing(tick, ClipOnScreen(0.0)) == "finish_clip"
    assert soft_landing(tick, ClipOnScreen(50.1)) == "end_session"
    assert soft_landing(tick, ClipOnScreen(None)) == "end_session"
    assert soft_landing(tick, FINISHING) == "carry_on"  # it is already playing out


def test_the_chime_rule() -> None:
    assert should_chime((120,), chime_on=True)
    assert should_chime((30, 10), chime_on=True)
    assert not should_chime((120,), chime_on=False)
    assert not should_chime((), chime_on=True)

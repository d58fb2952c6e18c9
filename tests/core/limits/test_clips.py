"""The clip budget: a clip counts after 3 s on screen, the last one plays out with swiping off and
ends the session ("clips"), a kill gives no clip back, and a parent grants more."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.limits.clips import ViewWatch, clip_landing, watch_view
from kiosk.core.limits.limits import NoClipBudget
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.tick import ClipOnScreen, Tick
from tests.core.limits_kit import KioskRig, parent_from_terminal, state_folder, stored_status

THREE_CLIPS = LimitSettings(clips=3, finish_clip_grace_seconds=0)


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    yield from state_folder(tmp_path)


def show(rig: KioskRig, view: int, seconds: float, *, left: float = 30.0) -> Tick:
    """The feed shows clip view `view` for `seconds`, ticking each second as the flow does; the
    flow ticks once more the moment a clip comes on screen."""
    tick = rig.tick(ClipOnScreen(left, view=view))
    while seconds > 0:
        step = min(1.0, seconds)
        rig.clock.advance(step)
        seconds -= step
        left -= step
        tick = rig.tick(ClipOnScreen(left, view=view))
    return tick


def test_a_clip_counts_after_three_seconds_on_screen_and_not_before() -> None:
    watch, counts = watch_view(ViewWatch(), 1, 0.0)
    assert (watch.view, counts) == (1, False)
    watch, counts = watch_view(watch, 1, 2.9)
    assert not counts
    watch, counts = watch_view(watch, 1, 0.1)
    assert counts and watch.counted
    watch, counts = watch_view(watch, 1, 10.0)
    assert not counts  # once a view


def test_the_seconds_before_a_swipe_belong_to_the_clip_swiped_away() -> None:
    watch, _ = watch_view(ViewWatch(), 1, 0.0)
    watch, _ = watch_view(watch, 1, 2.5)
    watch, counts = watch_view(watch, 2, 0.7)  # swiped at 3.2 s; the tick sees clip 2
    assert counts and watch == ViewWatch(2)
    watch, counts = watch_view(watch, 3, 2.9)  # clip 2 swiped at 2.9 s: it does not count
    assert not counts and watch == ViewWatch(3)


def test_the_last_clip_is_the_one_on_screen_when_one_is_left_and_it_has_not_counted() -> None:
    counted_two = ViewWatch(2, 4.0, counted=True)
    assert clip_landing(None, counted_two, ClipOnScreen(view=3)) == "carry_on"  # no budget
    assert clip_landing(2, counted_two, ClipOnScreen(view=3)) == "carry_on"
    assert clip_landing(1, counted_two, ClipOnScreen(view=3)) == "finish_clip"
    assert clip_landing(1, counted_two, ClipOnScreen(view=2)) == "carry_on"  # counted: not last
    assert clip_landing(1, counted_two, ClipOnScreen()) == "carry_on"  # no clip on screen
    assert clip_landing(1, counted_two, ClipOnScreen(finishing=True, view=3)) == "carry_on"
    assert clip_landing(0, counted_two, ClipOnScreen(view=4)) == "end_session"
    assert clip_landing(0, counted_two, ClipOnScreen(finishing=True, view=3)) == "carry_on"


def test_a_session_ends_when_its_last_clip_has_played_out(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    assert rig.tick().clips_left == 3
    assert show(rig, 1, 3.0).clips_left == 2
    assert show(rig, 2, 5.0).clips_left == 1
    last = rig.tick(ClipOnScreen(6.0, view=3))
    assert last.finish_clip and last.last_clip and last.clips_left == 1
    finishing = ClipOnScreen(finishing=True, view=3)
    for _ in range(6):  # it plays to its end; it counts, and swiping stays off
        rig.clock.advance(1)
        tick = rig.tick(finishing)
        assert tick.last_clip and not tick.finish_clip and tick.status.state == "in_session"
    assert tick.clips_left == 0
    assert rig.limits.end_session()  # the feed says the last clip ended
    status = rig.status()
    assert (status.state, status.lock_reason, status.session_clips_left) == (
        "locked",
        "session_over",
        0,
    )
    assert rig.store.sessions()[0].end_reason == "clips"
    assert [detail["reason"] for _, detail in rig.events("session_end")] == ["clips"]


def test_clips_skipped_within_three_seconds_use_none_of_the_budget(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    for view in range(1, 21):
        tick = show(rig, view, 2.5)
    assert tick.clips_left == 3 and tick.status.state == "in_session"


def test_while_more_than_one_clip_is_left_the_session_does_not_end_by_clips(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    show(rig, 1, 4.0)
    assert not rig.limits.end_session()
    assert rig.status().state == "in_session"


def test_the_minutes_still_end_a_session_with_clips_left(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(minutes=1, clips=10, finish_clip_grace_seconds=0))
    rig.start().start_session()
    tick = show(rig, 1, 60.0, left=100.0)
    assert tick.status.state == "locked"
    assert rig.store.sessions()[0].end_reason == "time_up"


def test_a_kill_gives_no_clip_back(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    show(rig, 1, 3.0)  # counted, and saved at once: far less than a checkpoint's time
    rig.kill()
    rig.start()
    assert rig.tick().clips_left == 2
    assert stored_status(rig)[0] == "in_session"


def test_a_kill_while_the_last_clip_plays_out_ends_the_session_at_the_next_start(
    folder: Path,
) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    for view in (1, 2):
        show(rig, view, 4.0)
    assert rig.tick(ClipOnScreen(20.0, view=3)).finish_clip
    for _ in range(4):
        rig.clock.advance(1)
        tick = rig.tick(ClipOnScreen(finishing=True, view=3))
    assert tick.clips_left == 0 and tick.status.state == "in_session"
    rig.kill()
    rig.start()
    assert rig.status().state == "locked"
    assert rig.store.sessions()[0].end_reason == "clips"


def test_a_new_session_starts_with_the_whole_budget(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(clips=3, cooldown_minutes=0))
    rig.start().start_session()
    for view in (1, 2, 3):
        show(rig, view, 4.0)
    rig.limits.end_session()
    assert rig.status().session_clips_left == 3  # ready: what a new session would have
    rig.limits.start_session()
    assert rig.tick().clips_left == 3


def test_without_a_budget_there_are_no_clips_to_count(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    tick = show(rig, 1, 10.0)
    assert (tick.clips_left, tick.last_clip, tick.status.session_clips_left) == (None, False, None)
    assert rig.status().to_json_dict()["session_clips_left"] is None


# A parent grants more clips.


@pytest.mark.parametrize("clips", [0, 4, -1])
def test_a_grant_is_one_two_or_three_clips(folder: Path, clips: int) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    with pytest.raises(ValueError, match="1, 2 or 3"):
        rig.limits.grant_clips(clips)
    assert rig.events("clips_granted") == []


def test_clips_granted_to_a_running_session_add_to_its_budget(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    show(rig, 1, 4.0)
    rig.limits.grant_clips(2)
    assert rig.tick().clips_left == 4
    assert [detail["clips"] for _, detail in rig.events("clips_granted")] == [2]


def test_one_more_clip_on_a_locked_kiosk_is_a_session_of_one_clip(folder: Path) -> None:
    rig = KioskRig(folder, LimitSettings(daily_limit_minutes=15, finish_clip_grace_seconds=0))
    rig.start().start_session()
    rig.play(900)  # the day is used up, and the session had no clip limit
    assert rig.status().lock_reason == "daily_limit"
    rig.limits.grant_clips(1)
    tick = rig.tick(ClipOnScreen(5.0, view=7))
    assert tick.status.state == "in_session" and tick.finish_clip and tick.clips_left == 1
    assert tick.session_seconds_left == 900  # the day's session length, beyond the daily limit


def test_a_session_with_no_clip_limit_has_no_clips_to_add(folder: Path) -> None:
    rig = KioskRig(folder)
    rig.start().start_session()
    with pytest.raises(NoClipBudget):
        rig.limits.grant_clips(1)
    assert rig.events("clips_granted") == []


def test_clips_granted_from_a_terminal_show_at_the_next_tick(folder: Path) -> None:
    rig = KioskRig(folder, THREE_CLIPS)
    rig.start().start_session()
    show(rig, 1, 4.0)
    parent_from_terminal(rig, lambda other: other.grant_clips(3))
    assert rig.tick().clips_left == 5
    show(rig, 2, 4.0)  # counted here after the grant: both are kept
    assert rig.store.sessions()[0].end_reason is None
    rig.restart()
    assert rig.tick().clips_left == 4


def test_the_days_own_clip_budget_applies_on_that_day(folder: Path) -> None:
    sunday = [{}] * 6 + [{"clips": 5}]
    rig = KioskRig(folder, THREE_CLIPS.with_days(sunday))  # 2026-11-26 is a Thursday
    rig.start().start_session()
    assert rig.tick().clips_left == 3
    rig.limits.end_session_now()
    rig.clock.advance(3 * 86400)
    rig.tick()
    assert rig.status().session_clips_left == 5

"""The gesture rules on their own: tap slop, the quarter-height commit, flicks and wheel bursts."""

from __future__ import annotations

import pytest

from kiosk.ui.feed.gestures import (
    NEXT,
    PREVIOUS,
    Release,
    SwipeThresholds,
    SwipeTracker,
    WheelStepper,
)

HEIGHT = 800.0


def swipe(points: list[tuple[float, int]], height: float = HEIGHT) -> Release:
    """Press at the first (y, ms), move through the rest, release at the last."""
    tracker = SwipeTracker()
    (y, t), *rest = points
    tracker.begin(y, t)
    for y, t in rest[:-1]:
        tracker.update(y, t)
    y, t = rest[-1] if rest else (y, t)
    return tracker.finish(y, t, height)


def slow_drag(
    start: float, end: float, steps: int = 10, step_ms: int = 100
) -> list[tuple[float, int]]:
    return [(start + (end - start) * i / steps, i * step_ms) for i in range(steps + 1)]


def test_a_press_that_hardly_moves_is_a_tap() -> None:
    assert swipe([(400, 0), (405, 50), (396, 120)]) is Release.TAP


def test_the_tracker_follows_the_finger_only_once_past_the_slop() -> None:
    tracker = SwipeTracker()
    tracker.begin(400, 0)
    tracker.update(395, 10)
    assert not tracker.dragging
    tracker.update(380, 20)
    assert tracker.dragging
    assert tracker.offset == 20


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (400 - HEIGHT * 0.26, Release.NEXT),
        (400 + HEIGHT * 0.26, Release.PREVIOUS),
        (400 - HEIGHT * 0.24, Release.SPRING_BACK),
        (400 + HEIGHT * 0.24, Release.SPRING_BACK),
    ],
)
def test_a_slow_drag_changes_the_clip_only_past_a_quarter_of_the_height(
    end: float, expected: Release
) -> None:
    assert swipe(slow_drag(400, end)) is expected


def test_a_fast_flick_changes_the_clip_after_a_short_drag() -> None:
    # 60 px in 40 ms is 1500 px/s, far below a quarter of the height.
    assert swipe([(400, 0), (380, 10), (360, 20), (340, 40)]) is Release.NEXT
    assert swipe([(400, 0), (420, 10), (440, 20), (460, 40)]) is Release.PREVIOUS


def test_just_below_the_flick_speed_springs_back() -> None:
    flick = SwipeThresholds().flick_px_per_s
    # 60 px over 100 ms, a little slower than a flick.
    step_ms = 100
    distance = flick * 0.9 * step_ms / 1000
    assert swipe([(400, 0), (400 - distance, step_ms)]) is Release.SPRING_BACK
    distance = flick * 1.1 * step_ms / 1000
    assert swipe([(400, 0), (400 - distance, step_ms)]) is Release.NEXT


def test_a_finger_that_stopped_before_lifting_is_not_a_flick() -> None:
    points = [(400, 0), (380, 10), (340, 20), (340, 400)]
    assert swipe(points) is Release.SPRING_BACK


def test_a_throw_back_against_a_long_drag_cancels_it() -> None:
    points = [*slow_drag(400, 100, steps=6), (150, 620), (220, 640)]
    assert swipe(points) is Release.SPRING_BACK


def test_events_without_timestamps_give_no_speed() -> None:
    assert swipe([(400, 0), (380, 0), (340, 0)]) is Release.SPRING_BACK


def test_the_commit_fraction_scales_with_the_height() -> None:
    drag = slow_drag(400, 300)  # 100 px
    assert swipe(drag, height=360) is Release.NEXT
    assert swipe(drag, height=1920) is Release.SPRING_BACK


def test_release_forgets_the_press() -> None:
    tracker = SwipeTracker()
    tracker.begin(400, 0)
    tracker.finish(200, 500, HEIGHT)
    assert not tracker.active
    assert tracker.offset == 0


def test_one_mouse_notch_is_one_step_and_its_sign_is_the_direction() -> None:
    wheel = WheelStepper(burst_gap_ms=150)
    assert wheel.feed(-120, 0) == NEXT
    assert wheel.feed(120, 1000) == PREVIOUS


def test_notches_apart_in_time_step_once_each() -> None:
    wheel = WheelStepper(burst_gap_ms=150)
    steps = [wheel.feed(-120, t) for t in (0, 400, 800)]
    assert steps == [NEXT, NEXT, NEXT]


def test_a_trackpad_burst_with_inertia_moves_exactly_one_step() -> None:
    wheel = WheelStepper(burst_gap_ms=150)
    steps = [wheel.feed(-15, t) for t in range(0, 1500, 12)]
    assert steps.count(NEXT) == 1
    assert PREVIOUS not in steps
    # Small deltas add up before the step: the first event alone does nothing.
    assert steps[0] == 0


def test_a_new_burst_after_a_quiet_gap_steps_again() -> None:
    wheel = WheelStepper(burst_gap_ms=150)
    first = [wheel.feed(-40, t) for t in range(0, 200, 10)]
    second = [wheel.feed(-40, t) for t in range(400, 600, 10)]
    assert first.count(NEXT) == 1
    assert second.count(NEXT) == 1

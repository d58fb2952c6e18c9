"""How a press, a drag, a flick or a wheel burst becomes a feed action; no Qt in here.

These are the pure rules behind the feed's input: when a press is a tap and when it becomes a
drag, when a released drag changes the clip (past a quarter of the height, or a fast flick) or
springs back, and how a wheel or trackpad burst becomes exactly one step. Times are milliseconds
from the events themselves, so tests can drive every threshold without waiting.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum

NEXT = 1
PREVIOUS = -1


class Release(Enum):
    """What a finished press means."""

    TAP = "tap"
    SPRING_BACK = "spring back"
    NEXT = "next"
    PREVIOUS = "previous"

    @property
    def direction(self) -> int:
        """+1 towards the next clip, -1 towards the previous one, 0 for no move."""
        return {Release.NEXT: NEXT, Release.PREVIOUS: PREVIOUS}.get(self, 0)


@dataclass(frozen=True)
class SwipeThresholds:
    #: A press that moves less than this (logical px) is a tap, not a drag.
    slop_px: float = 12.0
    #: A drag released beyond this fraction of the height changes the clip.
    commit_fraction: float = 0.25
    #: A release this fast (logical px per second) changes the clip even after a short drag.
    flick_px_per_s: float = 700.0
    #: Only this recent part of the movement counts for the release speed, so a finger that
    #: stopped before lifting is not a flick.
    velocity_window_ms: int = 100


class SwipeTracker:
    """Follows one press from the finger going down to it lifting.

    The offset is positive when the content moves up (the next clip comes in from below).
    """

    def __init__(self, thresholds: SwipeThresholds | None = None) -> None:
        self.thresholds = thresholds or SwipeThresholds()
        self._start_y: float | None = None
        self._samples: deque[tuple[float, int]] = deque(maxlen=32)
        self._dragging = False

    @property
    def active(self) -> bool:
        return self._start_y is not None

    @property
    def dragging(self) -> bool:
        """True once the press moved past the tap slop: from then on the clip follows it."""
        return self._dragging

    @property
    def offset(self) -> float:
        if self._start_y is None or not self._samples:
            return 0.0
        return self._start_y - self._samples[-1][0]

    def begin(self, y: float, time_ms: int) -> None:
        self._start_y = y
        self._samples.clear()
        self._samples.append((y, time_ms))
        self._dragging = False

    def update(self, y: float, time_ms: int) -> None:
        if self._start_y is None:
            return
        self._samples.append((y, time_ms))
        if abs(self._start_y - y) >= self.thresholds.slop_px:
            self._dragging = True

    def velocity(self) -> float:
        """Upward speed over the recent window, logical px per second (0 if unknown)."""
        if not self._samples:
            return 0.0
        last_y, last_t = self._samples[-1]
        first_y, first_t = last_y, last_t
        for y, t in reversed(self._samples):
            if last_t - t > self.thresholds.velocity_window_ms:
                break
            first_y, first_t = y, t
        elapsed_ms = last_t - first_t
        # Events without timestamps (all zero) give no speed rather than an infinite one.
        if elapsed_ms <= 0:
            return 0.0
        return (first_y - last_y) * 1000.0 / elapsed_ms

    def finish(self, y: float, time_ms: int, height: float) -> Release:
        """The press ended at `y`; decide what it meant and forget it."""
        self.update(y, time_ms)
        try:
            return self._decide(height)
        finally:
            self.cancel()

    def cancel(self) -> None:
        self._start_y = None
        self._samples.clear()
        self._dragging = False

    def _decide(self, height: float) -> Release:
        if not self._dragging:
            return Release.TAP
        offset = self.offset
        speed = self.velocity()
        toward = Release.NEXT if offset > 0 else Release.PREVIOUS
        flick = self.thresholds.flick_px_per_s
        # A fast throw back against the drag cancels it, however far the drag went.
        if abs(speed) >= flick and (speed > 0) != (offset > 0):
            return Release.SPRING_BACK
        if abs(offset) >= self.thresholds.commit_fraction * height:
            return toward
        if abs(speed) >= flick:
            return toward
        return Release.SPRING_BACK


class WheelStepper:
    """Turns wheel and trackpad scrolling into single steps: one step per burst.

    A mouse notch is 120 units of angle delta. A trackpad sends a stream of small deltas, and
    then inertia keeps sending more; all events closer together than `burst_gap_ms` belong to
    one burst, which moves at most one clip however long it goes on. A child spinning the wheel
    therefore moves one clip per spin, not twenty.
    """

    NOTCH = 120

    def __init__(self, burst_gap_ms: int = 150) -> None:
        self.burst_gap_ms = burst_gap_ms
        self._last_ms: int | None = None
        self._accumulated = 0
        self._stepped = False

    def feed(self, delta_y: int, time_ms: int) -> int:
        """The step this event causes: NEXT (scrolling down), PREVIOUS (up) or 0."""
        if self._last_ms is None or time_ms - self._last_ms > self.burst_gap_ms:
            self._accumulated = 0
            self._stepped = False
        self._last_ms = time_ms
        if self._stepped:
            return 0
        self._accumulated += delta_y
        if abs(self._accumulated) < self.NOTCH:
            return 0
        self._stepped = True
        return NEXT if self._accumulated < 0 else PREVIOUS

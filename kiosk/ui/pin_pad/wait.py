"""The wait before the next PIN attempt, as the PIN pad shows it: seconds left, ring and m:ss.

The length of a wait is not decided here. `WaitCountdown` only asks `wait_seconds` (the
caller passes `PinGuard.seconds_to_wait`) or is told the wait an attempt just started, and
counts it down on screen. Its timer runs only while there is a wait and the pad is on screen;
otherwise nothing ticks, so an idle lock screen costs no CPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.core.durations import countdown_clock


class WaitCountdown(QObject):
    """Counts a wait down once per second while it is `shown`; `changed` after every change."""

    #: The wait began, ended, or its seconds moved: show it again.
    changed = Signal()

    def __init__(self, wait_seconds: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wait_seconds = wait_seconds
        self._left = 0.0
        self._total = 0.0
        self._shown = False
        # Single shot, armed again at each tick for the next whole second of the wait, so the
        # text changes on the second and the wait ends on screen the moment it ends.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)

    @property
    def active(self) -> bool:
        return self._left > 0

    @property
    def seconds_left(self) -> float:
        return self._left

    @property
    def fraction_left(self) -> float:
        """How full the ring is: 1.0 when the wait began, 0.0 when it is over."""
        return self._left / self._total if self._total > 0 else 0.0

    @property
    def text(self) -> str:
        """The wait as m:ss; "" when there is none."""
        return countdown_clock(self._left) if self.active else ""

    @property
    def ticking(self) -> bool:
        return self._timer.isActive()

    def show(self) -> None:
        """The pad is on screen: ask for the wait now (a restart mid-wait shows it at once)."""
        self._shown = True
        self.refresh()

    def hide(self) -> None:
        """The pad is off screen: stop ticking; `show` asks again."""
        self._shown = False
        self._timer.stop()

    def begin(self, seconds: float) -> None:
        """An attempt was just refused with this wait: count it from a full ring."""
        if seconds <= 0:
            self.refresh()
            return
        self._left = self._total = seconds
        self._arm()
        self.changed.emit()

    def refresh(self) -> None:
        """Ask how long the wait is now (the timer's tick)."""
        left = max(0.0, float(self._wait_seconds()))
        if left <= 0:
            was_active = self.active
            self._timer.stop()
            self._left = self._total = 0.0
            if was_active:
                self.changed.emit()
        elif left > self._left:
            # A new wait, or a longer one (a failure in `kiosk unlock`): the ring starts full.
            self.begin(left)
        else:
            self._left = left
            self._arm()
            self.changed.emit()

    def _arm(self) -> None:
        if not self._shown:
            return
        to_next_second = self._left - math.floor(self._left)
        if to_next_second < 0.01:
            to_next_second = 1.0
        self._timer.start(max(20, math.ceil(to_next_second * 1000)))

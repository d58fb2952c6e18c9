"""What a parent does with the PIN, carried out by the time rules: the panel's numbers (from the
last tick) and its buttons, and the answers given on the lock screen to the child's ask.

`KioskParentActions` implements the panel's `ParentActions`; the flow hands it the time rules,
the last tick, and the app's event log, way out and notice for the panel. Each action is recorded: the time rules
record their own, and the rest go to `record_event`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo

from kiosk.core.limits.limits import Limits, NoClipBudget
from kiosk.core.limits.status_text import lead_note, zone_note
from kiosk.core.limits.tick import Tick

log = logging.getLogger(__name__)


class KioskParentActions:
    """The parent panel's numbers and buttons, and the lock screen's answers."""

    def __init__(
        self,
        limits: Limits,
        last_tick: Callable[[], Tick | None],
        record_event: Callable[[str, Mapping[str, object]], None],
        leave: Callable[[], None],
        notice: Callable[[], str | None],
    ) -> None:
        self._limits = limits
        self._last_tick = last_tick
        self._record_event = record_event
        self._leave = leave
        self._notice = notice

    def session_seconds_left(self) -> float | None:
        tick = self._last_tick()
        if tick is None or tick.status.state != "in_session":
            return None
        return tick.session_seconds_left

    def used_today_seconds(self) -> float:
        tick = self._last_tick()
        return 0.0 if tick is None else float(tick.status.used_today_seconds)

    def session_clips_left(self) -> int | None:
        tick = self._last_tick()
        return None if tick is None else tick.clips_left

    def can_grant_clips(self) -> bool:
        """Clips may be granted unless a session with no clip limit is running."""
        tick = self._last_tick()
        return tick is None or tick.status.state != "in_session" or tick.clips_left is not None

    def asked_at(self) -> datetime | None:
        tick = self._last_tick()
        return None if tick is None else tick.asked_at

    def time_zone(self) -> tzinfo:
        return self._limits.zone

    def zone_note(self) -> str | None:
        tick = self._last_tick()
        return None if tick is None else zone_note(tick.time_zone, tick.system_zone)

    def clock_note(self) -> str | None:
        tick = self._last_tick()
        return None if tick is None else lead_note(tick.wall_ahead_seconds)

    def trust_wall_clock(self) -> None:
        self._limits.trust_wall_clock()

    def notice(self) -> str | None:
        return self._notice()

    def add_minutes(self, minutes: int) -> None:
        self._limits.extend(minutes)

    def grant_clips(self, clips: int) -> None:
        try:
            self._limits.grant_clips(clips)
        except NoClipBudget:  # a session with no clip limit began meanwhile, from a terminal
            log.warning("no clip was granted: the session running has no clip limit")

    def answer_not_today(self) -> None:
        self._limits.answer_not_today()

    def end_session_now(self) -> None:
        self._limits.end_session_now()

    def start_new_session_now(self) -> None:
        self._limits.start_new_session_now()

    def leave_kiosk(self) -> None:
        self._record_event("parent_leave", {})
        self._leave()

    def record_event(self, kind: str, detail: dict[str, object]) -> None:
        self._record_event(kind, detail)

"""The session state as the UI and `kiosk status --json` see it (the DESIGN contract).

The JSON keys are a public contract: they stay stable, and new keys may only be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

State = Literal["ready", "in_session", "locked"]
LockReason = Literal["session_over", "daily_limit", "outside_hours", "tamper", "parent"]

STATUS_KEYS = (
    "state",
    "lock_reason",
    "session_seconds_left",
    "used_today_seconds",
    "next_session_at",
    "pin_retry_at",
    "tamper_detected",
    "time_zone",
    "disk_full",
)


@dataclass(frozen=True)
class LimitStatus:
    """A snapshot. `session_seconds_left` is what a session has (or would have, when `ready`)."""

    state: State
    lock_reason: LockReason | None
    session_seconds_left: int
    used_today_seconds: int
    # When a new session may start by itself; None unless locked by cooldown, day or hours.
    next_session_at: datetime | None
    # When the PIN may be tried again (the PIN throttle fills this in; None until then).
    pin_retry_at: datetime | None
    tamper_detected: bool
    # The household's zone (an IANA name): the rules read local time in it, and the times
    # above are given in it, whatever zone the system is set to.
    time_zone: str
    # The state file cannot be saved for lack of space: what is counted waits in memory.
    disk_full: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's keys, in the contract's order; times as ISO 8601 with their offset."""
        return {
            "state": self.state,
            "lock_reason": self.lock_reason,
            "session_seconds_left": self.session_seconds_left,
            "used_today_seconds": self.used_today_seconds,
            "next_session_at": _iso(self.next_session_at),
            "pin_retry_at": _iso(self.pin_retry_at),
            "tamper_detected": self.tamper_detected,
            "time_zone": self.time_zone,
            "disk_full": self.disk_full,
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("status times must be timezone-aware")
    return moment.isoformat(timespec="seconds")

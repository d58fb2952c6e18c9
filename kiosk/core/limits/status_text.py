"""The session state in one sentence for a parent: under the moon, and from `kiosk status`;
and the notes on the clocks for the parent panel and `kiosk status`.

Both places read the same words from here, so the screen and the terminal never disagree. Every
time is given in the household's zone (`LimitStatus.time_zone`), whatever the system's is.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from kiosk.core.durations import hours_and_minutes, minutes_and_seconds
from kiosk.core.limits.status import LimitStatus
from kiosk.core.zones import zone_named

#: A wall clock's lead shorter than this is not worth a parent's attention (clock corrections).
LEAD_NOTE_SECONDS = 120.0


def describe_status(
    status: LimitStatus, *, now: datetime, tamper_message: str | None = None
) -> str:
    """One or two plain sentences: the state, why it is locked, and when it opens again."""
    if status.state == "in_session":
        return f"A session is running with {minutes_and_seconds(status.session_seconds_left)} left."
    if status.state == "ready":
        return (
            f"Ready: a session of {minutes_and_seconds(status.session_seconds_left)}"
            " starts at the first tap."
        )
    reason = status.lock_reason
    if reason == "tamper":
        text = tamper_message or "The kiosk detected tampering and locked itself."
        return f"{text} A parent's PIN unlocks it."
    opens = _when(status.next_session_at, now, zone_named(status.time_zone))
    words = {
        "session_over": "Locked: the session is over.",
        "daily_limit": "Locked: today's time is used up.",
        "outside_hours": "Locked: this is outside the allowed hours.",
        "parent": "Locked by a parent.",
    }.get(reason or "", "Locked.")
    if opens:
        return f"{words} It opens again {opens}, or with a parent's PIN."
    return f"{words} A parent's PIN unlocks it."


def zone_note(time_zone: str, system_zone: str) -> str | None:
    """The system set to another zone than the household's (a child, or a family that moved)."""
    if system_zone == time_zone:
        return None
    return (
        f"This computer is set to the time zone {system_zone}, but the kiosk keeps to the"
        f" household's, {time_zone}: if the family has moved, change the time zone in the"
        " settings."
    )


def lead_note(wall_ahead_seconds: float) -> str | None:
    """The system clock ahead of the time the kiosk can prove, and what a parent can do."""
    if wall_ahead_seconds < LEAD_NOTE_SECONDS:
        return None
    return (
        f"The system clock is {hours_and_minutes(wall_ahead_seconds)} ahead of the time the"
        " kiosk can prove, so the kiosk keeps to its own time: if the system clock is right,"
        " choose 'Trust the system clock' in the parent panel."
    )


def _when(moment: datetime | None, now: datetime, zone: tzinfo) -> str | None:
    if moment is None:
        return None
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    if local.date() == today:
        return f"at {local:%H:%M}"
    if (local.date() - today).days == 1:
        return f"tomorrow at {local:%H:%M}"
    return f"on {local:%A %d %B} at {local:%H:%M}"

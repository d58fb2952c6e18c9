"""The session state in one sentence for a parent: under the moon, and from `kiosk status`.

Both places read the same words from here, so the screen and the terminal never disagree.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.core.durations import minutes_and_seconds
from kiosk.core.limits.status import LimitStatus


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
    opens = _when(status.next_session_at, now)
    words = {
        "session_over": "Locked: the session is over.",
        "daily_limit": "Locked: today's time is used up.",
        "outside_hours": "Locked: this is outside the allowed hours.",
        "parent": "Locked by a parent.",
    }.get(reason or "", "Locked.")
    if opens:
        return f"{words} It opens again {opens}, or with a parent's PIN."
    return f"{words} A parent's PIN unlocks it."


def _when(moment: datetime | None, now: datetime) -> str | None:
    if moment is None:
        return None
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"at {local:%H:%M}"
    if (local.date() - now.date()).days == 1:
        return f"tomorrow at {local:%H:%M}"
    return f"on {local:%A %d %B} at {local:%H:%M}"

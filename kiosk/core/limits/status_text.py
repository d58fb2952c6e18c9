"""The session state in one sentence for a parent: under the moon, and from `kiosk status`;
and the notes on the clocks for the parent panel and `kiosk status`.

Both places read the same words from here, so the screen and the terminal never disagree. Every
time is given in the household's zone (`LimitStatus.time_zone`), whatever the system's is.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from kiosk.core.dates import date_words, time_of_day
from kiosk.core.durations import hours_and_minutes, minutes_and_seconds
from kiosk.core.i18n import N_, _
from kiosk.core.limits.status import LimitStatus
from kiosk.core.zones import zone_named

#: A wall clock's lead shorter than this is not worth a parent's attention (clock corrections).
LEAD_NOTE_SECONDS = 120.0
#: Why the kiosk is locked, one sentence for each lock reason, translated where shown.
_LOCKED_BECAUSE = {
    "session_over": N_("Locked: the session is over."),
    "daily_limit": N_("Locked: today's time is used up."),
    "outside_hours": N_("Locked: this is outside the allowed hours."),
    "parent": N_("Locked by a parent."),
}


def describe_status(
    status: LimitStatus, *, now: datetime, tamper_message: str | None = None
) -> str:
    """One or two plain sentences: the state, why it is locked, and when it opens again."""
    if status.state == "in_session":
        return _("A session is running with {time} left.").format(
            time=minutes_and_seconds(status.session_seconds_left)
        )
    if status.state == "ready":
        return _("Ready: a session of {time} starts at the first tap.").format(
            time=minutes_and_seconds(status.session_seconds_left)
        )
    unlocks = _("A parent's PIN unlocks it.")
    reason = status.lock_reason
    if reason == "tamper":
        text = tamper_message or _("The kiosk detected tampering and locked itself.")
        return f"{text} {unlocks}"
    reason_words = _LOCKED_BECAUSE.get(reason or "")
    locked = _(reason_words) if reason_words is not None else _("Locked.")
    opens = _opens_again(status.next_session_at, now, zone_named(status.time_zone))
    return f"{locked} {opens or unlocks}"


def zone_note(time_zone: str, system_zone: str) -> str | None:
    """The system set to another zone than the household's (a child, or a family that moved)."""
    if system_zone == time_zone:
        return None
    return _(
        "This computer is set to the time zone {system_zone}, but the kiosk keeps to the"
        " household's, {time_zone}: if the family has moved, change the time zone in the"
        " settings."
    ).format(system_zone=system_zone, time_zone=time_zone)


def lead_note(wall_ahead_seconds: float) -> str | None:
    """The system clock ahead of the time the kiosk can prove, and what a parent can do."""
    if wall_ahead_seconds < LEAD_NOTE_SECONDS:
        return None
    return _(
        "The system clock is {lead} ahead of the time the kiosk can prove, so the kiosk keeps"
        " to its own time: if the system clock is right, choose 'Trust the system clock' in the"
        " parent panel."
    ).format(lead=hours_and_minutes(wall_ahead_seconds))


def _opens_again(moment: datetime | None, now: datetime, zone: tzinfo) -> str | None:
    """When the lock opens on its own, as a sentence: today, tomorrow, or on a later date."""
    if moment is None:
        return None
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    time = time_of_day(local)
    if local.date() == today:
        return _("It opens again at {time}, or with a parent's PIN.").format(time=time)
    if (local.date() - today).days == 1:
        return _("It opens again tomorrow at {time}, or with a parent's PIN.").format(time=time)
    return _("It opens again on {date} at {time}, or with a parent's PIN.").format(
        date=date_words(local.date()), time=time
    )

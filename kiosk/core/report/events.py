"""The events worth a parent's eye, and one sentence for each: in `kiosk report` and on the
parent panel's week page alike.

Each sentence is one whole literal whose placeholders are plain names, so a translation can
reorder it.
A detail that is missing or odd (a hand-edited state file) is shown as it is, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.limits.reading import TAMPER_MESSAGES

#: The kinds of the event log a parent wants to see, in the store's names: tampering, PINs
#: that were wrong, what a parent granted or ended, a change of zone, a full disk, and the
#: child's asks with their answers.
PARENT_EVENT_KINDS = (
    "tamper",
    "pin_wrong",
    "pin_throttled",
    "pin_clock_moved_back",
    "pin_throttle_damaged",
    "extend",
    "clips_granted",
    "parent_new_session",
    "parent_end",
    "zone_changed",
    "disk_full",
    "disk_recovered",
    "child_asked",
    "ask_answered",
)

# Marked only: `describe_event` translates them when it is asked.
_FIXED = {
    "pin_wrong": N_("A wrong PIN was typed."),
    "pin_throttled": N_("A PIN was typed during the wait after wrong ones, and was not checked."),
    "pin_clock_moved_back": N_(
        "The clock was set back during a PIN wait, so the wait began again."
    ),
    "pin_throttle_damaged": N_(
        "The count of wrong PINs could not be read, so the longest wait applies."
    ),
    "parent_new_session": N_("A parent started a new session."),
    "parent_end": N_("A parent ended the session."),
    "disk_full": N_("The kiosk could not save, because the disk was full."),
    "disk_recovered": N_("The kiosk could save again after the disk had been full."),
    "child_asked": N_("The child asked for more."),
}
_ANSWERS = {
    "minutes": N_("A parent answered the child's ask with more minutes."),
    "clip": N_("A parent answered the child's ask with one more clip."),
    "not_today": N_("A parent answered the child's ask: not today."),
}
_UNKNOWN_TAMPER = N_("The kiosk found signs of tampering and locked itself.")


def describe_event(kind: str, detail: Mapping[str, Any]) -> str:
    """One sentence for a parent about an event of `PARENT_EVENT_KINDS` (any other kind gets
    its name)."""
    if kind in _FIXED:
        return _(_FIXED[kind])
    if kind == "tamper":
        return _(TAMPER_MESSAGES.get(str(detail.get("cause")), _UNKNOWN_TAMPER))
    if kind == "extend":
        minutes = detail.get("minutes", "?")
        count = minutes if isinstance(minutes, int) else 0  # a hand-edited detail: shown as is
        return ngettext(
            "A parent added {minutes} minute.", "A parent added {minutes} minutes.", count
        ).format(minutes=minutes)
    if kind == "clips_granted":
        clips = detail.get("clips", "?")
        if clips == 1:
            return _("A parent granted one more clip.")
        return _("A parent granted {clips} more clips.").format(clips=clips)
    if kind == "zone_changed":
        old_zone, new_zone = detail.get("from", "?"), detail.get("to", "?")
        return _("The system time zone changed from {old_zone} to {new_zone}.").format(
            old_zone=old_zone, new_zone=new_zone
        )
    if kind == "ask_answered":
        answer = _ANSWERS.get(str(detail.get("answer")))
        return _(answer) if answer is not None else _("A parent answered the child's ask.")
    return kind

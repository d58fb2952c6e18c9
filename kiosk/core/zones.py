"""Time-zone names: which ones the kiosk accepts, and which one is the household's.

The kiosk reads local time (allowed hours, the day boundary, every time shown to a parent) in one
household zone, never in whatever zone the system is set to at the moment: switching the system
zone is the best-known way around a time limit, and a standard account may do it. The household
zone is the parent's `session.time_zone` when set, otherwise the zone recorded when the PIN was
first set. Zones are kept as IANA names ("Europe/Berlin"), which carry their daylight-saving
rules, so the recorded zone still gives the right midnight in summer.
"""

from __future__ import annotations

from datetime import UTC, timedelta, tzinfo
from zoneinfo import ZoneInfo

from kiosk.core.i18n import _

# Names the zone database answers that are not a place: "localtime" follows the system zone
# (the very thing a household zone must not do), the others are placeholders.
_NOT_A_PLACE = frozenset({"localtime", "posixrules", "factory"})


def zone_problem(name: str) -> str | None:
    """Why `name` is not an IANA zone name the kiosk can use, or None if it is one."""
    if name.strip() != name or not name:
        return _('"{name}" is not a time zone name like "Europe/Berlin"').format(name=name)
    if name.lower() in _NOT_A_PLACE:
        return _('"{name}" is not a place\'s time zone; use a name like "Europe/Berlin"').format(
            name=name
        )
    try:
        ZoneInfo(name)  # cached by name: checking costs one file read per name per process
    except (KeyError, ValueError, OSError):
        return _('"{name}" is not a time zone this computer knows, like "Europe/Berlin"').format(
            name=name
        )
    return None


def zone_named(name: str) -> tzinfo:
    """The zone for a name that `household_zone_name` gave: UTC for a name this computer does
    not know, which happens only where it knows no zone at all (Windows without tzdata)."""
    return UTC if zone_problem(name) is not None else ZoneInfo(name)


def fixed_offset_zone_name(offset: timedelta) -> str:
    """An IANA name for a fixed offset from UTC, to the nearest hour: "Etc/GMT-2" is UTC+2.

    For a system whose zone has no name the kiosk can read (Windows names its zones its own
    way): the offset it has now, without daylight-saving changes. A parent can then choose the
    real zone in the settings.
    """
    hours = round(offset.total_seconds() / 3600)
    hours = max(-12, min(14, hours))  # the range of the Etc/GMT names
    if hours == 0:
        return "Etc/UTC"
    # The Etc names follow POSIX, whose sign is the other way round.
    return f"Etc/GMT{-hours:+d}"


def household_zone_name(chosen: str, recorded: str | None, system: str) -> str:
    """The zone the time rules read local time in.

    The parent's choice (`session.time_zone`) comes first, then the zone recorded at setup.
    Only a kiosk with neither (one set up before zones were recorded, before it records one)
    reads the system's zone as it is now. A recorded name this computer does not know is
    passed over rather than trusted, and so is an unknown system zone (read as UTC).
    """
    for name in (chosen, recorded or ""):
        if name and zone_problem(name) is None:
            return name
    return system if zone_problem(system) is None else "Etc/UTC"

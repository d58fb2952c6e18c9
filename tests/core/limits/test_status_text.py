"""The parent's sentences on the time rules: times told in the household's zone, and the notes
on a system zone or clock that disagree with the kiosk."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from kiosk.core.limits.status import LimitStatus
from kiosk.core.limits.status_text import LEAD_NOTE_SECONDS, describe_status, lead_note, zone_note


def locked_until(moment: datetime, time_zone: str) -> LimitStatus:
    return LimitStatus("locked", "session_over", 0, 900, moment, None, False, time_zone)


def test_times_are_told_in_the_households_zone_whatever_zone_now_is_in() -> None:
    opens = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # 19:00 in Tokyo
    now_in_los_angeles = datetime(2026, 11, 26, 1, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    text = describe_status(locked_until(opens, "Asia/Tokyo"), now=now_in_los_angeles)
    assert text == "Locked: the session is over. It opens again at 19:00, or with a parent's PIN."
    tomorrow = describe_status(locked_until(opens, "Pacific/Kiritimati"), now=now_in_los_angeles)
    assert "It opens again tomorrow at 00:00" in tomorrow


def test_a_zone_note_only_when_the_system_is_set_to_another_zone() -> None:
    assert zone_note("Europe/Berlin", "Europe/Berlin") is None
    note = zone_note("Europe/Berlin", "America/Los_Angeles")
    assert note == (
        "This computer is set to the time zone America/Los_Angeles, but the kiosk keeps to the"
        " household's, Europe/Berlin: if the family has moved, change the time zone in the"
        " settings."
    )


def test_a_lead_note_only_for_a_clock_well_ahead() -> None:
    assert lead_note(0.0) is None
    assert lead_note(LEAD_NOTE_SECONDS - 1) is None
    note = lead_note(2 * 3600 + 5 * 60)
    assert note is not None
    assert note.startswith("The system clock is 2 h 05 min ahead of the time the kiosk can prove")
    assert note.endswith("choose 'Trust the system clock' in the parent panel.")

"""The report as `kiosk report` prints it: JSON for scripts, CSV for a spreadsheet, and words.

The JSON keys are a contract (docs/DESIGN.md): they stay, and new ones may be added. Seconds
are whole numbers; times are ISO 8601 with the household zone's offset. The CSV has one row a
day under a header line, with the shows and the events summed up in one column each. The words
are whole sentences or labelled lines, each one literal whose placeholders are plain names.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from typing import Any

from kiosk.core.dates import date_words, time_of_day
from kiosk.core.durations import hours_and_minutes
from kiosk.core.i18n import _, ngettext
from kiosk.core.report.events import describe_event
from kiosk.core.report.usage import DayUsage, ShowUsage, UsageReport

CSV_COLUMNS = (
    "date",
    "watched_seconds",
    "limit_seconds",
    "sessions",
    "clips_finished",
    "clips_skipped",
    "shows",
    "events",
)


def report_json(report: UsageReport) -> dict[str, Any]:
    return {"time_zone": zone_name(report), "days": [_day_json(day) for day in report.days]}


def _day_json(day: DayUsage) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "watched_seconds": round(day.watched_seconds),
        "limit_seconds": None if day.limit_seconds is None else round(day.limit_seconds),
        "sessions": len(day.sessions),
        "clips_finished": day.clips_finished,
        "clips_skipped": day.clips_skipped,
        "shows": [{"name": show.name, "seconds": round(show.seconds)} for show in day.shows],
        # The detail first, so that a detail can never hide the time or the kind.
        "events": [
            {**event.detail, "at": event.at.isoformat(timespec="seconds"), "kind": event.kind}
            for event in day.events
        ],
    }


def report_csv(report: UsageReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in report.days:
        day_json = _day_json(day)
        writer.writerow(
            [
                *(day_json[column] for column in CSV_COLUMNS[:6]),
                "; ".join(f"{show.name}: {round(show.seconds)} s" for show in day.shows),
                "; ".join(f"{event.at:%H:%M} {event.kind}" for event in day.events),
            ]
        )
    return out.getvalue()


def report_text(report: UsageReport) -> str:
    days, zone = len(report.days), zone_name(report)
    lines = [
        ngettext(
            "Use over the last {days} day, by the days of {zone}.",
            "Use over the last {days} days, by the days of {zone}.",
            days,
        ).format(days=days, zone=zone)
    ]
    for day in reversed(report.days):  # today first: what a parent looks for
        sessions, finished, skipped = len(day.sessions), day.clips_finished, day.clips_skipped
        counts = _("Sessions: {sessions}. Clips: {finished} finished, {skipped} skipped.")
        lines += [
            "",
            date_words(day.date, with_year=True),
            f"  {watched_line(day)}",
            "  " + counts.format(sessions=sessions, finished=finished, skipped=skipped),
        ]
        if day.shows:
            lines.append("  " + _("Top shows: {shows}.").format(shows=shows_list(day.shows)))
        lines += [
            f"  {time_of_day(event.at)}  {describe_event(event.kind, event.detail)}"
            for event in day.events
        ]
    return "\n".join(lines) + "\n"


def watched_line(day: DayUsage) -> str:
    """ "Watched: 47 min of 1 h 00 min." or, with no daily limit, "Watched: 47 min, with no
    daily limit."."""
    watched = hours_and_minutes(day.watched_seconds)
    if day.limit_seconds is None:
        return _("Watched: {watched}, with no daily limit.").format(watched=watched)
    limit = hours_and_minutes(day.limit_seconds)
    return _("Watched: {watched} of {limit}.").format(watched=watched, limit=limit)


def shows_list(shows: tuple[ShowUsage, ...]) -> str:
    """ "Bouncy fun (5 min), Shapes (0 min)": each show's name (as it is) and its time."""
    return ", ".join(
        _("{show} ({time})").format(show=show.name, time=hours_and_minutes(show.seconds))
        for show in shows
    )


def zone_name(report: UsageReport) -> str:
    """The zone's IANA name ("Europe/Berlin"), or its abbreviation today when it has none."""
    key = getattr(report.zone, "key", None)
    if isinstance(key, str) and key:
        return key
    today_noon = datetime.combine(report.days[-1].date, time(12), tzinfo=report.zone)
    return today_noon.tzname() or str(report.zone)

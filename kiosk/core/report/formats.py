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

from kiosk.core.durations import hours_and_minutes
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
    lines = [f"Use over the last {days} days, by the days of {zone}."]
    for day in reversed(report.days):  # today first: what a parent looks for
        sessions, finished, skipped = len(day.sessions), day.clips_finished, day.clips_skipped
        lines += [
            "",
            f"{day.date:%A %d %B %Y}",
            f"  {watched_line(day)}",
            f"  Sessions: {sessions}. Clips: {finished} finished, {skipped} skipped.",
        ]
        if day.shows:
            shows = shows_list(day.shows)
            lines.append(f"  Top shows: {shows}.")
        lines += [
            f"  {event.at:%H:%M}  {describe_event(event.kind, event.detail)}"
            for event in day.events
        ]
    return "\n".join(lines) + "\n"


def watched_line(day: DayUsage) -> str:
    """ "Watched: 47 min of 1 h 00 min." or, with no daily limit, "Watched: 47 min, with no
    daily limit."."""
    watched = hours_and_minutes(day.watched_seconds)
    if day.limit_seconds is None:
        return f"Watched: {watched}, with no daily limit."
    limit = hours_and_minutes(day.limit_seconds)
    return f"Watched: {watched} of {limit}."


def shows_list(shows: tuple[ShowUsage, ...]) -> str:
    return ", ".join(f"{show.name} ({hours_and_minutes(show.seconds)})" for show in shows)


def zone_name(report: UsageReport) -> str:
    """The zone's IANA name ("Europe/Berlin"), or its abbreviation today when it has none."""
    key = getattr(report.zone, "key", None)
    if isinstance(key, str) and key:
        return key
    today_noon = datetime.combine(report.days[-1].date, time(12), tzinfo=report.zone)
    return today_noon.tzname() or str(report.zone)

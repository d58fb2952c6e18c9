"""Local-calendar arithmetic for the time rules: where a day ends and when allowed hours run.

Every function takes an instant (timezone-aware) and the zone to read it in, and answers with
instants in UTC, so daylight-saving changes and zone changes cannot make two times compare
wrongly. Allowed hours that touch or overlap ("07:00-12:00", "12:00-19:00") count as one span,
so a session is not cut at noon.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from kiosk.core.hours import HoursRange

# A new day may begin no sooner than this after the previous one began. Without it, changing
# the time zone just before midnight could start two days within a few hours, each with a fresh
# daily budget. A real day is 23 to 25 hours long, so this never delays an honest midnight.
MIN_DAY_LENGTH = timedelta(hours=20)


def local_midnight_after(moment: datetime, zone: tzinfo) -> datetime:
    """The first local midnight strictly after `moment`, as a UTC instant."""
    today = moment.astimezone(zone).date()
    for days_ahead in (1, 2):
        midnight = local_midnight(today + timedelta(days=days_ahead), zone)
        if midnight > moment:
            return midnight
    raise AssertionError("a local midnight lies within two days of any moment")  # pragma: no cover


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The instant `day` begins in `zone`, in UTC (where a change of clocks skips midnight, the
    first instant after the gap)."""
    return _local(day, time(0), zone)


def next_day_end(now: datetime, zone: tzinfo, previous_day_end: datetime | None) -> datetime:
    """When the day that begins at `now` ends (see MIN_DAY_LENGTH)."""
    earliest = now
    if previous_day_end is not None:
        earliest = max(now, previous_day_end + MIN_DAY_LENGTH)
    return local_midnight_after(earliest, zone)


def allowed_until(moment: datetime, zone: tzinfo, ranges: Sequence[HoursRange]) -> datetime | None:
    """The end of the allowed span that contains `moment`; `moment` itself if outside every one.

    None when no hours are configured (any time is allowed).
    """
    if not ranges:
        return None
    for start, end in _spans(moment, zone, ranges):
        if start <= moment < end:
            return end
    return moment


def next_allowed_start(moment: datetime, zone: tzinfo, ranges: Sequence[HoursRange]) -> datetime:
    """`moment` if it is inside allowed hours, otherwise when they next begin."""
    if not ranges:
        return moment
    for start, end in _spans(moment, zone, ranges):
        if end > moment:
            return max(start, moment)
    raise AssertionError("every range begins again within two days")  # pragma: no cover


def _spans(
    moment: datetime, zone: tzinfo, ranges: Sequence[HoursRange]
) -> tuple[tuple[datetime, datetime], ...]:
    return _spans_around(moment.astimezone(zone).date(), zone, tuple(ranges))


# The rules ask several times a second about the same day; the answer changes once a day.
@functools.lru_cache(maxsize=32)
def _spans_around(
    today: date, zone: tzinfo, ranges: tuple[HoursRange, ...]
) -> tuple[tuple[datetime, datetime], ...]:
    """Allowed spans from the day before `today` to two days after it, sorted and merged."""
    raw: list[tuple[datetime, datetime]] = []
    for offset in range(-1, 3):
        day = today + timedelta(days=offset)
        for hours in ranges:
            end_day = day + timedelta(days=1) if hours.spans_midnight else day
            start, end = _local(day, hours.start, zone), _local(end_day, hours.end, zone)
            if end > start:  # a range squeezed to nothing by a daylight-saving change
                raw.append((start, end))
    raw.sort()
    merged: list[tuple[datetime, datetime]] = []
    for start, end in raw:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _local(day: date, clock_time: time, zone: tzinfo) -> datetime:
    # A local time skipped by a daylight-saving change resolves as zoneinfo does (fold=0).
    return datetime.combine(day, clock_time, tzinfo=zone).astimezone(UTC)

"""The report's calendar: the household's days as spans of time, and seconds laid out over them.

A day runs from one local midnight to the next in the household zone, as the time rules count
it, so the day the clocks go back has 25 hours and the day they go forward 23. Every span is
a pair of UTC instants, so a change of the system zone moves nothing here.

A session or a view is stored as a start and a number of seconds, not as a list of moments, so
its seconds are laid out from its start onwards, one after the other. That is how they were
counted: the time rules count a session's time while it is on screen, from its first tap, and a
view's while it plays. Where the record says when a session was off screen (it was closed or
killed and later resumed), that gap is stepped over. A pause inside a view, and a suspend
shorter than the cooldown, are not recorded: the seconds after one land a little early, and
a session or view that crosses midnight across one gives the earlier day a little more than
it had.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from kiosk.core.limits.days import local_midnight

Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Day:
    """One household day: its date, and the UTC instants it begins and ends."""

    date: date
    start: datetime
    end: datetime

    def overlap(self, span: Span) -> float:
        """The seconds of `span` that fall on this day."""
        start, end = max(span[0], self.start), min(span[1], self.end)
        return max(0.0, (end - start).total_seconds())

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def last_days(today: date, count: int, zone: tzinfo) -> tuple[Day, ...]:
    """The `count` days that end with `today`, oldest first."""
    if count < 1:
        raise ValueError(f"a report covers at least one day, not {count}")
    dates = [today - timedelta(days=back) for back in range(count - 1, -1, -1)]
    return tuple(
        Day(day, local_midnight(day, zone), local_midnight(day + timedelta(days=1), zone))
        for day in dates
    )


def lay_out(start: datetime, seconds: float, gaps: Iterable[Span] = ()) -> list[Span]:
    """The spans that `seconds` fill, laid from `start` onwards and stepping over `gaps`.

    A gap that ended before `start` changes nothing; whatever is left after the last gap runs
    on from its end.
    """
    spans: list[Span] = []
    left = max(0.0, seconds)
    cursor = start
    for gap_start, gap_end in sorted(gaps):
        if left <= 0:
            break
        if gap_end <= cursor:
            continue
        room = max(0.0, (gap_start - cursor).total_seconds())
        used = min(room, left)
        if used > 0:
            spans.append((cursor, cursor + timedelta(seconds=used)))
            left -= used
        cursor = max(cursor, gap_end)
    if left > 0:
        spans.append((cursor, cursor + timedelta(seconds=left)))
    return spans


class Calendar:
    """Consecutive days, oldest first, and which of them a moment or a span falls on.

    Found by bisection, so a year's report costs a look-up per record, not one per day.
    """

    def __init__(self, days: Sequence[Day]) -> None:
        self.days = tuple(days)
        self._starts = [day.start for day in self.days]

    def day_of(self, moment: datetime) -> int | None:
        """The index of the day `moment` falls on, None if it falls on none of them."""
        index = bisect_right(self._starts, moment) - 1
        return index if index >= 0 and self.days[index].holds(moment) else None

    def seconds_by_day(self, spans: Iterable[Span]) -> dict[int, float]:
        """The seconds of `spans` that fall on each day, by index; days with none are left out."""
        found: dict[int, float] = {}
        for span in spans:
            index = max(0, bisect_right(self._starts, span[0]) - 1)
            while index < len(self.days) and self.days[index].start < span[1]:
                seconds = self.days[index].overlap(span)
                if seconds > 0:
                    found[index] = found.get(index, 0.0) + seconds
                index += 1
        return found

"""The report itself: per household day, the minutes watched against the day's limit, the
sessions, the clips finished and skipped, the top shows and the events worth a parent's eye.

`usage_report` reads what it needs from the store (through the store's own methods: no SQL
here) and `build_report` does the rest as a pure function of that history, so every rule is
tested without a file. The minutes watched are the sessions' counted seconds, the same the daily
limit counts; the shows and the clips come from the watch history (the `views` table). A
session or view that crosses midnight is split between the days (see `days`); a clip counts as
finished or skipped on the day it began.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TypeGuard

from kiosk.core.report.days import Day, Span, last_days, lay_out, seconds_on
from kiosk.core.report.events import PARENT_EVENT_KINDS
from kiosk.core.store.store import EventRecord, SessionRecord, Store
from kiosk.core.store.view_records import ViewRecord

#: How many shows a day (and the whole report) lists, the most watched first.
TOP_SHOWS = 5
#: How far before the first day the report reads: a session or a view that began then may
#: have run on into it. Also covers stored times that compare as text an offset away.
LOOKBACK = timedelta(days=1)
#: The event that says when a session was off screen: it resumed after `away_seconds`.
_RESUMED = "session_resumed"

LimitFor = Callable[[date], float | None]
"""The daily limit in seconds that applies on a date, None for no limit."""


@dataclass(frozen=True)
class ShowUsage:
    """A show and the seconds watched of it. A clip in no show stands alone, under its title."""

    name: str
    seconds: float
    #: The key of its most watched clip, whose picture stands for the show.
    clip_key: str


@dataclass(frozen=True)
class SessionUsage:
    """A session as a day saw it: its own start and end, and the seconds of it on that day."""

    started_at: datetime
    ended_at: datetime | None  # None while it is still open
    seconds: float
    end_reason: str | None


@dataclass(frozen=True)
class DayUsage:
    date: date
    watched_seconds: float
    limit_seconds: float | None
    sessions: tuple[SessionUsage, ...]
    clips_finished: int
    clips_skipped: int
    shows: tuple[ShowUsage, ...]  # at most TOP_SHOWS, the most watched first
    events: tuple[EventRecord, ...]  # the parent's-eye events, their times in the zone


@dataclass(frozen=True)
class UsageReport:
    zone: tzinfo
    days: tuple[DayUsage, ...]  # oldest first, the last one today
    #: The most watched shows over all the days.
    shows: tuple[ShowUsage, ...]


@dataclass(frozen=True)
class History:
    """What a report is made of, as the store keeps it (times in UTC)."""

    sessions: Sequence[SessionRecord]
    views: Sequence[ViewRecord]
    #: Events of `PARENT_EVENT_KINDS`, and `session_resumed` for the gaps in sessions.
    events: Sequence[EventRecord]


def usage_report(
    store: Store, *, today: date, day_count: int, zone: tzinfo, limit_for: LimitFor
) -> UsageReport:
    """The report over the `day_count` days that end with `today` in `zone`.

    Raises StoreReadError if the state file cannot be read.
    """
    days = last_days(today, day_count, zone)
    return build_report(read_history(store, days), days, zone=zone, limit_for=limit_for)


def read_history(store: Store, days: Sequence[Day]) -> History:
    since, until = days[0].start - LOOKBACK, days[-1].end
    return History(
        sessions=store.sessions_between(since, until),
        views=store.view_records.views(since, until),
        events=store.events_between(since, until, (*PARENT_EVENT_KINDS, _RESUMED)),
    )


def build_report(
    history: History, days: Sequence[Day], *, zone: tzinfo, limit_for: LimitFor
) -> UsageReport:
    gaps = _session_gaps(history.events)
    sessions = [
        (record, lay_out(record.started_at, record.counted_seconds, gaps[record.id]))
        for record in sorted(history.sessions, key=lambda record: (record.started_at, record.id))
    ]
    views = [(view, lay_out(view.started_at, view.watched_seconds)) for view in history.views]
    # By time, as a parent reads them; the ids keep events of the same moment in their order.
    events = sorted(
        (event for event in history.events if event.kind in PARENT_EVENT_KINDS),
        key=lambda event: (event.at, event.id),
    )
    return UsageReport(
        zone=zone,
        days=tuple(
            _day_usage(day, sessions, views, events, zone, limit_for(day.date)) for day in days
        ),
        shows=_top_shows(views, days),
    )


def _day_usage(
    day: Day,
    sessions: Sequence[tuple[SessionRecord, list[Span]]],
    views: Sequence[tuple[ViewRecord, list[Span]]],
    events: Iterable[EventRecord],
    zone: tzinfo,
    limit_seconds: float | None,
) -> DayUsage:
    day_sessions = []
    for record, spans in sessions:
        seconds = seconds_on(day, spans)
        # A session with no time counted still happened, on the day it began.
        if seconds > 0 or (not spans and day.holds(record.started_at)):
            day_sessions.append(
                SessionUsage(
                    started_at=record.started_at.astimezone(zone),
                    ended_at=None if record.ended_at is None else record.ended_at.astimezone(zone),
                    seconds=seconds,
                    end_reason=record.end_reason,
                )
            )
    begun = [view for view, _ in views if day.holds(view.started_at)]
    return DayUsage(
        date=day.date,
        watched_seconds=sum(usage.seconds for usage in day_sessions),
        limit_seconds=limit_seconds,
        sessions=tuple(day_sessions),
        clips_finished=sum(view.outcome == "finished" for view in begun),
        clips_skipped=sum(view.outcome == "skipped" for view in begun),
        shows=_top_shows(views, (day,)),
        events=tuple(
            replace(event, at=event.at.astimezone(zone)) for event in events if day.holds(event.at)
        ),
    )


@dataclass
class _ShowTally:
    name: str
    seconds: float = 0.0
    by_clip: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def _top_shows(
    views: Sequence[tuple[ViewRecord, list[Span]]], days: Sequence[Day]
) -> tuple[ShowUsage, ...]:
    """The most watched shows within `days`, at most TOP_SHOWS, ties in the order of names."""
    tallies: dict[tuple[str, str], _ShowTally] = {}
    for view, spans in views:
        seconds = sum(seconds_on(day, spans) for day in days)
        if seconds <= 0:
            continue
        # A show by its name; a clip in no show on its own, so that a folder without shows
        # still says which clips were watched most.
        identity = ("show", view.show) if view.show is not None else ("clip", view.clip_key)
        tally = tallies.setdefault(identity, _ShowTally(view.show or view.title))
        tally.seconds += seconds
        tally.by_clip[view.clip_key] += seconds
    ranked = sorted(tallies.values(), key=lambda tally: (-tally.seconds, tally.name))
    return tuple(
        ShowUsage(
            tally.name,
            tally.seconds,
            max(tally.by_clip, key=lambda key: (tally.by_clip[key], key)),
        )
        for tally in ranked[:TOP_SHOWS]
    )


def _session_gaps(events: Iterable[EventRecord]) -> defaultdict[int, list[Span]]:
    """When each session was off screen: a resume after `away_seconds` ends a gap that long."""
    gaps: defaultdict[int, list[Span]] = defaultdict(list)
    for event in events:
        if event.kind != _RESUMED:
            continue
        session, away = event.detail.get("session"), event.detail.get("away_seconds")
        # A hand-edited detail is skipped, not trusted: the session then simply has no gap.
        if _is_number(session) and _is_number(away) and away > 0:
            gaps[int(session)].append((event.at - timedelta(seconds=away), event.at))
    return gaps


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)

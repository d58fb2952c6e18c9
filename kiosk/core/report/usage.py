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

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from typing import TypeGuard

from kiosk.core.report.days import Calendar, Day, Span, last_days, lay_out
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
    calendar = Calendar(days)
    sessions = _sessions_by_day(calendar, history, zone)
    shows, week_shows = [_ShowBoard() for _ in days], _ShowBoard()
    outcomes: list[Counter[str]] = [Counter() for _ in days]
    for view in history.views:
        spans = lay_out(view.started_at, view.watched_seconds)
        for index, seconds in calendar.seconds_by_day(spans).items():
            shows[index].add(view, seconds)
            week_shows.add(view, seconds)
        began = calendar.day_of(view.started_at)
        if began is not None:
            outcomes[began][view.outcome] += 1
    events: list[list[EventRecord]] = [[] for _ in days]
    # By time, as a parent reads them; the ids keep events of the same moment in their order.
    for event in sorted(history.events, key=lambda event: (event.at, event.id)):
        on_day = calendar.day_of(event.at)
        if event.kind in PARENT_EVENT_KINDS and on_day is not None:
            events[on_day].append(replace(event, at=event.at.astimezone(zone)))
    return UsageReport(
        zone=zone,
        days=tuple(
            DayUsage(
                date=day.date,
                watched_seconds=sum(session.seconds for session in sessions[index]),
                limit_seconds=limit_for(day.date),
                sessions=tuple(sessions[index]),
                clips_finished=outcomes[index]["finished"],
                clips_skipped=outcomes[index]["skipped"],
                shows=shows[index].top(),
                events=tuple(events[index]),
            )
            for index, day in enumerate(days)
        ),
        shows=week_shows.top(),
    )


def _sessions_by_day(
    calendar: Calendar, history: History, zone: tzinfo
) -> list[list[SessionUsage]]:
    """Each day's sessions, in the order they began, with the seconds each had on that day."""
    gaps = _session_gaps(history.events)
    by_day: list[list[SessionUsage]] = [[] for _ in calendar.days]
    for record in sorted(history.sessions, key=lambda record: (record.started_at, record.id)):
        spans = lay_out(record.started_at, record.counted_seconds, gaps[record.id])
        shares = calendar.seconds_by_day(spans)
        began = calendar.day_of(record.started_at)
        if not spans and began is not None:
            shares = {began: 0.0}  # a session with no time counted still happened that day
        for index, seconds in shares.items():
            by_day[index].append(
                SessionUsage(
                    started_at=record.started_at.astimezone(zone),
                    ended_at=None if record.ended_at is None else record.ended_at.astimezone(zone),
                    seconds=seconds,
                    end_reason=record.end_reason,
                )
            )
    return by_day


@dataclass
class _ShowTally:
    name: str
    seconds: float = 0.0
    by_clip: dict[str, float] = field(default_factory=lambda: defaultdict(float))


class _ShowBoard:
    """Seconds watched per show, from which the most watched come."""

    def __init__(self) -> None:
        self._tallies: dict[tuple[str, str], _ShowTally] = {}

    def add(self, view: ViewRecord, seconds: float) -> None:
        # A show by its name; a clip in no show on its own, so that a folder without shows
        # still says which clips were watched most.
        identity = ("show", view.show) if view.show is not None else ("clip", view.clip_key)
        tally = self._tallies.setdefault(identity, _ShowTally(view.show or view.title))
        tally.seconds += seconds
        tally.by_clip[view.clip_key] += seconds

    def top(self) -> tuple[ShowUsage, ...]:
        """At most TOP_SHOWS, the most watched first, ties in the order of their names; each
        with its most watched clip for its picture."""
        ranked = sorted(self._tallies.values(), key=lambda tally: (-tally.seconds, tally.name))
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

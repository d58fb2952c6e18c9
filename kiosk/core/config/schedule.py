"""Days of the week: `[schedule.sat]` and the like set some `[session]` keys otherwise on that day.

```toml
[schedule.sat]
daily_limit_minutes = 90
allowed_hours = ["08:00-20:00"]
```

A day table may set only the session keys the schema marks `per_day`; each value is checked with
that key's own type and named in errors as `schedule.sat.daily_limit_minutes`. A day that leaves
a key out uses the `[session]` value, and the rule that ties the daily limit to the session
length is checked on what each day ends up with. A misspelt day or key gets "did you mean"
(`[schedule.saturday]` -> `[schedule.sat]`), as elsewhere in the config.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from kiosk.core.config.schema import (
    PER_DAY_SETTINGS,
    SCHEDULE,
    SETTINGS_BY_KEY,
    daily_limit_problem,
)
from kiosk.core.config.types import SettingInvalid, show_value
from kiosk.core.hours import HoursRange
from kiosk.core.i18n import _
from kiosk.core.lists import and_list
from kiosk.core.weekdays import DAYS, closest_day

_PER_DAY = {setting.name: setting for setting in PER_DAY_SETTINGS}


@dataclass(frozen=True)
class DaySettings:
    """What one day of the week sets otherwise; None keeps the `[session]` value."""

    minutes: int | None = None
    clips: int | None = None
    cooldown_minutes: int | None = None
    daily_limit_minutes: int | None = None
    allowed_hours: tuple[HoursRange, ...] | None = None

    def overrides(self) -> dict[str, Any]:
        """The keys this day sets, by name, in schema order."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return {name: values[name] for name in _PER_DAY if values[name] is not None}


_NO_CHANGE = DaySettings()


@dataclass(frozen=True)
class Schedule:
    """The seven days; attribute names are the TOML keys (`schedule.sat`)."""

    mon: DaySettings = _NO_CHANGE
    tue: DaySettings = _NO_CHANGE
    wed: DaySettings = _NO_CHANGE
    thu: DaySettings = _NO_CHANGE
    fri: DaySettings = _NO_CHANGE
    sat: DaySettings = _NO_CHANGE
    sun: DaySettings = _NO_CHANGE

    def day(self, key: str) -> DaySettings:
        """The day "mon" to "sun"."""
        if key not in DAYS:
            raise ValueError(f"'{key}' is not a day key (mon to sun)")
        value: DaySettings = getattr(self, key)
        return value

    def by_weekday(self) -> tuple[DaySettings, ...]:
        """Monday first, as `date.weekday()` counts."""
        return tuple(self.day(key) for key in DAYS)


def read_schedule(
    raw: object, session: Mapping[str, Any], failed: set[str]
) -> tuple[Schedule, list[tuple[str, str]]]:
    """The `[schedule]` section (None when the file has none) and (key, problem) for each error.

    `session` holds the checked `[session]` values by name, and `failed` the session keys that
    were refused: a day's own daily limit is checked against what the day ends up with, but not
    against a session value that was already refused. A bad value is left out of the result.
    """
    if raw is None:
        return Schedule(), []
    if not isinstance(raw, Mapping):
        problem = _(
            "{key} = {value} has the wrong type"
            " (expected a [schedule] section of days, like [schedule.sat])"
        ).format(key=SCHEDULE, value=show_value(raw))
        return Schedule(), [(SCHEDULE, problem)]
    problems: list[tuple[str, str]] = []
    days: dict[str, DaySettings] = {}
    for name, table in raw.items():
        key = f"{SCHEDULE}.{name}"
        if name not in DAYS:
            problems.append((key, _unknown_day_message(name)))
        elif not isinstance(table, Mapping):
            problem = _(
                "{key} = {value} has the wrong type"
                " (expected a [{key}] table of session keys, like minutes = 20)"
            ).format(key=key, value=show_value(table))
            problems.append((key, problem))
        else:
            days[name], found = _read_day(name, table, session, failed)
            problems.extend(found)
    return Schedule(**days), problems


def schedule_to_toml(schedule: Schedule) -> dict[str, dict[str, object]]:
    """The `[schedule]` table for `schedule`: only the days that set something, Monday first."""
    table: dict[str, dict[str, object]] = {}
    for key, day in zip(DAYS, schedule.by_weekday(), strict=True):
        values = {
            name: _PER_DAY[name].kind.to_toml(value) for name, value in day.overrides().items()
        }
        if values:
            table[key] = values
    return table


def _read_day(
    day: str, table: Mapping[str, object], session: Mapping[str, Any], failed: set[str]
) -> tuple[DaySettings, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    refused: set[str] = set()
    for name, value in table.items():
        key = f"{SCHEDULE}.{day}.{name}"
        setting = _PER_DAY.get(name)
        if setting is None:
            problems.append((key, _unknown_day_key_message(day, name)))
            continue
        try:
            values[name] = setting.kind.parse(key, value)
        except SettingInvalid as invalid:
            problems.extend((key, problem) for problem in invalid.problems)
            refused.add(name)
    problem = _day_limit_problem(day, values, session, failed, refused)
    if problem is not None:
        problems.append(problem)
        values.pop(problem[0].rpartition(".")[2])
    return DaySettings(**values), problems


def _day_limit_problem(
    day: str,
    values: Mapping[str, Any],
    session: Mapping[str, Any],
    failed: set[str],
    refused: set[str],
) -> tuple[str, str] | None:
    """The daily limit against the session length, as the day ends up with them: (key, problem)."""
    tied = {"minutes", "daily_limit_minutes"}
    sets = tied & values.keys()
    if not sets or tied & refused:
        return None  # the day sets neither ([session] was checked), or one was refused
    if any(f"session.{name}" in failed for name in tied - sets):
        return None  # compared with a [session] value that was itself refused
    minutes = values.get("minutes", session["minutes"])
    daily = values.get("daily_limit_minutes", session["daily_limit_minutes"])
    if daily == 0 or daily >= minutes:
        return None
    table = f"{SCHEDULE}.{day}"
    if "daily_limit_minutes" in sets:
        key = f"{table}.daily_limit_minutes"
        minutes_key = f"{table}.minutes" if "minutes" in sets else "session.minutes"
        return key, daily_limit_problem(key, daily, minutes_key, minutes)
    key = f"{table}.minutes"
    return key, _(
        "{key} = {minutes} is more than session.daily_limit_minutes ({daily}); use a number up"
        " to {daily}, or give [{table}] its own daily_limit_minutes of 0 or at least {minutes}"
    ).format(key=key, minutes=minutes, daily=daily, table=table)


def _unknown_day_message(name: str) -> str:
    suggestion = closest_day(name)
    if suggestion is not None:
        return _("unknown day [{day}] (did you mean [{suggestion}]?)").format(
            day=f"{SCHEDULE}.{name}", suggestion=f"{SCHEDULE}.{suggestion}"
        )
    return _("unknown day [{day}] (the days are {days})").format(
        day=f"{SCHEDULE}.{name}", days=", ".join(DAYS)
    )


def _unknown_day_key_message(day: str, name: str) -> str:
    key = f"{SCHEDULE}.{day}.{name}"
    if f"session.{name}" in SETTINGS_BY_KEY:
        return _("{key} cannot be set for one day (a day may set {keys})").format(
            key=key, keys=and_list(list(_PER_DAY))
        )
    close = difflib.get_close_matches(name, list(_PER_DAY), n=1)
    if close:
        return _("unknown key '{key}' (did you mean '{suggestion}'?)").format(
            key=key, suggestion=f"{SCHEDULE}.{day}.{close[0]}"
        )
    return _("unknown key '{key}' (a day may set {keys})").format(
        key=key, keys=and_list(list(_PER_DAY))
    )

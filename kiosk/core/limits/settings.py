"""The settings the time rules read, decoupled from the config module's own types.

`LimitSettings.from_config(config)` is the one way from the parent's config to these: it accepts
any object with the same attribute names, so the config schema can grow without `limits`
importing it. The parent-facing ranges
(`session.minutes` 10 to 20, and so on) are the config's to enforce, with its plain-words errors;
here only what would break the arithmetic is refused, since `kiosk --demo` runs a 1-minute
session on purpose.

Days of the week. A day may set some keys otherwise (`[schedule.sat]`): the settings then hold
one whole `LimitSettings` per weekday (`by_weekday`), and the rules ask `for_day(date)` for the
settings of the day they count. Settings with no day set otherwise are the same every day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from kiosk.core.hours import HoursRange
from kiosk.core.limits.days import WeekHours
from kiosk.core.zones import zone_problem

DEFAULT_WARN_AT_SECONDS = (120, 30)
#: The minutes a parent may add at once: the panel's buttons and `kiosk unlock --minutes`.
EXTENSION_MINUTES = (5, 10, 15)
#: The clips a parent may grant at once: the panel's buttons and `kiosk unlock --clips`.
CLIP_GRANTS = (1, 2, 3)


class SessionSettingsLike(Protocol):
    """The attributes `LimitSettings.from_config` reads (the config's `SessionSettings`)."""

    @property
    def minutes(self) -> int: ...
    @property
    def clips(self) -> int: ...
    @property
    def cooldown_minutes(self) -> int: ...
    @property
    def daily_limit_minutes(self) -> int: ...
    @property
    def allowed_hours(self) -> Sequence[HoursRange]: ...
    @property
    def wind_down_minutes(self) -> int: ...
    @property
    def warn_at_seconds(self) -> Sequence[int]: ...
    @property
    def finish_clip_grace_seconds(self) -> int: ...
    @property
    def chime(self) -> bool: ...
    @property
    def time_zone(self) -> str: ...


class DayLike(Protocol):
    """A day of the week in the config (`DaySettings`): the session keys it sets otherwise."""

    def overrides(self) -> Mapping[str, Any]: ...


class ScheduleLike(Protocol):
    """The config's `[schedule]`: the seven days, Monday first."""

    def by_weekday(self) -> Sequence[DayLike]: ...


class ConfigLike(Protocol):
    """The part of the config the time rules read: `[session]` and the days of the week."""

    @property
    def session(self) -> SessionSettingsLike: ...
    @property
    def schedule(self) -> ScheduleLike: ...


@dataclass(frozen=True)
class LimitSettings:
    minutes: int = 15
    clips: int = 0  # 0: no clip limit
    cooldown_minutes: int = 60
    daily_limit_minutes: int = 60  # 0: no daily limit
    allowed_hours: tuple[HoursRange, ...] = ()  # empty: any time of day
    wind_down_minutes: int = 0  # 0: off
    warn_at_seconds: tuple[int, ...] = DEFAULT_WARN_AT_SECONDS
    finish_clip_grace_seconds: int = 60  # 0: stop at once
    chime: bool = True  # a warning is heard as well as seen
    time_zone: str = ""  # the household's zone; empty: the one recorded when the PIN was set
    # Each day of the week's own settings, Monday first; empty: every day is these.
    by_weekday: tuple[LimitSettings, ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if self.minutes < 1:
            problems.append(f"minutes = {self.minutes} must be at least 1")
        if not 0 <= self.cooldown_minutes <= 1440:
            problems.append(f"cooldown_minutes = {self.cooldown_minutes} must be 0 to 1440")
        if self.daily_limit_minutes != 0 and self.daily_limit_minutes < self.minutes:
            problems.append(
                f"daily_limit_minutes = {self.daily_limit_minutes} must be 0 or at least"
                f" minutes ({self.minutes})"
            )
        if self.finish_clip_grace_seconds < 0:
            problems.append(
                f"finish_clip_grace_seconds = {self.finish_clip_grace_seconds} must be 0 or more"
            )
        if self.time_zone and (zone := zone_problem(self.time_zone)) is not None:
            problems.append(f"time_zone: {zone}")
        if any(seconds <= 0 for seconds in self.warn_at_seconds):
            problems.append(f"warn_at_seconds = {list(self.warn_at_seconds)} must be positive")
        if self.clips < 0:
            problems.append(f"clips = {self.clips} must be 0 or more")
        if self.wind_down_minutes < 0:
            problems.append(f"wind_down_minutes = {self.wind_down_minutes} must be 0 or more")
        if self.by_weekday and (
            len(self.by_weekday) != 7 or any(day.by_weekday for day in self.by_weekday)
        ):
            problems.append("by_weekday must be seven settings with no days of their own")
        if problems:
            raise ValueError("; ".join(problems))
        # Most urgent last, without repeats, whatever order the caller gave.
        object.__setattr__(
            self, "warn_at_seconds", tuple(sorted(set(self.warn_at_seconds), reverse=True))
        )
        object.__setattr__(self, "allowed_hours", tuple(self.allowed_hours))

    @classmethod
    def from_config(cls, config: ConfigLike) -> LimitSettings:
        session = config.session
        every_day = cls(
            minutes=session.minutes,
            clips=session.clips,
            cooldown_minutes=session.cooldown_minutes,
            daily_limit_minutes=session.daily_limit_minutes,
            allowed_hours=tuple(session.allowed_hours),
            wind_down_minutes=session.wind_down_minutes,
            warn_at_seconds=tuple(session.warn_at_seconds),
            finish_clip_grace_seconds=session.finish_clip_grace_seconds,
            chime=session.chime,
            time_zone=session.time_zone,
        )
        return every_day.with_days([day.overrides() for day in config.schedule.by_weekday()])

    def with_days(self, overrides: Sequence[Mapping[str, Any]]) -> LimitSettings:
        """These settings, with the keys each day of the week (Monday first) sets otherwise."""
        if len(overrides) != 7:
            raise ValueError(f"a week has 7 days, not {len(overrides)}")
        every_day = replace(self, by_weekday=())
        if not any(overrides):
            return every_day
        days = tuple(replace(every_day, **changes) for changes in overrides)
        return replace(every_day, by_weekday=days)

    def for_day(self, day: date) -> LimitSettings:
        """The settings on `day`: its weekday's own, or these when no day sets anything."""
        return self.by_weekday[day.weekday()] if self.by_weekday else self

    @property
    def week_hours(self) -> WeekHours:
        """The allowed hours of each day of the week, Monday first."""
        days = self.by_weekday or (self,) * 7
        return tuple(day.allowed_hours for day in days)

    @property
    def session_seconds(self) -> float:
        return self.minutes * 60.0

    @property
    def cooldown_seconds(self) -> float:
        return self.cooldown_minutes * 60.0

    @property
    def daily_limit_seconds(self) -> float | None:
        return None if self.daily_limit_minutes == 0 else self.daily_limit_minutes * 60.0

    @property
    def clip_budget(self) -> int | None:
        """The clips a session may show; None: no clip limit."""
        return self.clips or None

    @property
    def wind_down_seconds(self) -> float:
        return self.wind_down_minutes * 60.0

"""The settings the time rules read, decoupled from the config module's own types.

`LimitSettings.from_config(config)` is the one way from the parent's config to these: it accepts
any object with the same attribute names, so the config schema can grow without `limits`
importing it. The parent-facing ranges
(`session.minutes` 10 to 20, and so on) are the config's to enforce, with its plain-words errors;
here only what would break the arithmetic is refused, since `kiosk --demo` runs a 1-minute
session on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.core.hours import HoursRange
from kiosk.core.zones import zone_problem

DEFAULT_WARN_AT_SECONDS = (120, 30)
#: The minutes a parent may add at once: the panel's buttons and `kiosk unlock --minutes`.
EXTENSION_MINUTES = (5, 10, 15)


class SessionSettingsLike(Protocol):
    """The attributes `LimitSettings.from_config` reads (the config's `SessionSettings`)."""

    @property
    def minutes(self) -> int: ...
    @property
    def cooldown_minutes(self) -> int: ...
    @property
    def daily_limit_minutes(self) -> int: ...
    @property
    def allowed_hours(self) -> Sequence[HoursRange]: ...
    @property
    def warn_at_seconds(self) -> Sequence[int]: ...
    @property
    def finish_clip_grace_seconds(self) -> int: ...
    @property
    def chime(self) -> bool: ...
    @property
    def time_zone(self) -> str: ...


class ConfigLike(Protocol):
    """The part of the config the time rules read: its `[session]` section."""

    @property
    def session(self) -> SessionSettingsLike: ...


@dataclass(frozen=True)
class LimitSettings:
    minutes: int = 15
    cooldown_minutes: int = 60
    daily_limit_minutes: int = 60  # 0: no daily limit
    allowed_hours: tuple[HoursRange, ...] = ()  # empty: any time of day
    warn_at_seconds: tuple[int, ...] = DEFAULT_WARN_AT_SECONDS
    finish_clip_grace_seconds: int = 60  # 0: stop at once
    chime: bool = True  # a warning is heard as well as seen
    time_zone: str = ""  # the household's zone; empty: the one recorded when the PIN was set

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
        return cls(
            minutes=session.minutes,
            cooldown_minutes=session.cooldown_minutes,
            daily_limit_minutes=session.daily_limit_minutes,
            allowed_hours=tuple(session.allowed_hours),
            warn_at_seconds=tuple(session.warn_at_seconds),
            finish_clip_grace_seconds=session.finish_clip_grace_seconds,
            chime=session.chime,
            time_zone=session.time_zone,
        )

    @property
    def session_seconds(self) -> float:
        return self.minutes * 60.0

    @property
    def cooldown_seconds(self) -> float:
        return self.cooldown_minutes * 60.0

    @property
    def daily_limit_seconds(self) -> float | None:
        return None if self.daily_limit_minutes == 0 else self.daily_limit_minutes * 60.0

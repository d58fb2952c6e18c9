"""The time rules as pure functions of the ledger, the settings and a trusted moment.

Nothing here reads a clock or writes the store; `limits.Limits` does that and asks these
functions what the rules say. A session has time left while all of these do: its own allowance
(minutes plus extensions), today's daily allowance and the current span of allowed hours. A
parent's extension or new session lifts the last two for that session.

Every function takes the whole week's settings: the counted day's own (`settings_today`) for the
session length, the cooldown, the daily limit and the clips, and each day's allowed hours for the
spans of allowed time. With the bedtime wind-down on, no session starts by itself that the
allowed hours would cut short, and the last minutes before they end wind down (`wind_down`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Literal

from kiosk.core.limits.days import allowed_until, next_allowed_span
from kiosk.core.limits.ledger import Ledger, SessionLedger
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.status import LockReason

# Why a session ended, as saved in the sessions table and the event log.
EndReason = Literal[
    "time_up",  # its own minutes (and extensions) ran out
    "daily_limit",
    "outside_hours",
    "parent",  # a parent ended it
    "parent_new_session",  # a parent replaced it with a new one
    "break",  # broken off (closed, killed, asleep) for a full cooldown: the cooldown is served
    "tamper",
    "clips",  # the clip budget was used: its last clip played out
]


def settings_today(ledger: Ledger, settings: LimitSettings) -> LimitSettings:
    """The settings of the day the ledger counts (it turns at the household's midnight)."""
    return settings if ledger.day is None else settings.for_day(ledger.day)


def daily_seconds_left(ledger: Ledger, settings: LimitSettings) -> float | None:
    """What is left of today's allowance (may be below zero after a grace); None: no limit."""
    limit = settings_today(ledger, settings).daily_limit_seconds
    return None if limit is None else limit - ledger.used_today_seconds


def hours_seconds_left(at: datetime, zone: tzinfo, settings: LimitSettings) -> float | None:
    """Seconds until the current span of allowed hours ends; 0 outside them; None: any time."""
    until = allowed_until(at, zone, settings.week_hours)
    return None if until is None else (until - at).total_seconds()


def wind_down(at: datetime, zone: tzinfo, settings: LimitSettings) -> float:
    """How far the bedtime wind-down has come at `at`: 0.0 before its last minutes, 1.0 at the
    end of the allowed hours (and outside them). Always 0.0 when it is off or no hours are set."""
    window = settings.wind_down_seconds
    left = hours_seconds_left(at, zone, settings)
    if window <= 0 or left is None or left >= window:
        return 0.0
    return min(1.0, max(0.0, 1.0 - left / window))


def cut_short_by_bedtime(
    ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo
) -> bool:
    """With the wind-down on, a session starting at `at` could not run its full length before
    the allowed hours end: it does not start by itself."""
    if settings.wind_down_minutes <= 0:
        return False
    hours = hours_seconds_left(at, zone, settings)
    return hours is not None and hours < settings_today(ledger, settings).session_seconds


def _caps(
    session_left: float,
    override: bool,
    ledger: Ledger,
    settings: LimitSettings,
    at: datetime,
    zone: tzinfo,
) -> dict[EndReason, float]:
    caps: dict[EndReason, float] = {"time_up": session_left}
    if not override:
        daily = daily_seconds_left(ledger, settings)
        if daily is not None:
            caps["daily_limit"] = daily
        hours = hours_seconds_left(at, zone, settings)
        if hours is not None:
            caps["outside_hours"] = hours
    return caps


def session_seconds_left(
    session: SessionLedger, ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo
) -> float:
    """Time left in the open session at `at`, never below zero."""
    left = session.allowance_seconds - session.counted_seconds
    caps = _caps(left, session.parent_override, ledger, settings, at, zone)
    return max(0.0, min(caps.values()))


def zero_cause(
    session: SessionLedger, ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo
) -> EndReason:
    """Which rule runs out first. On a tie the day or the hours win: they also decide the lock."""
    left = session.allowance_seconds - session.counted_seconds
    caps = _caps(left, session.parent_override, ledger, settings, at, zone)
    order: tuple[EndReason, ...] = ("outside_hours", "daily_limit", "time_up")
    return min((reason for reason in order if reason in caps), key=lambda r: caps[r])


def new_session_seconds(
    ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo
) -> float:
    """What a session started at `at` would have."""
    full = settings_today(ledger, settings).session_seconds
    caps = _caps(full, False, ledger, settings, at, zone)
    return max(0.0, min(caps.values()))


def lock_reason(
    ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo
) -> LockReason | None:
    """Why no session may run at `at`; None when one is open or may start."""
    if ledger.tamper:
        return "tamper"
    if ledger.session is not None:
        return None
    daily = daily_seconds_left(ledger, settings)
    if daily is not None and daily <= 0:
        return "daily_limit"
    hours = hours_seconds_left(at, zone, settings)
    if (hours is not None and hours <= 0) or cut_short_by_bedtime(ledger, settings, at, zone):
        return "outside_hours"
    cooldown_end = cooldown_ends_at(ledger, settings)
    if cooldown_end is not None and cooldown_end > at:
        return ledger.cooldown_reason
    return None


def cooldown_ends_at(ledger: Ledger, settings: LimitSettings) -> datetime | None:
    """The end of the cooldown after the last session, in trusted time; None before any."""
    if ledger.cooldown_from is None:
        return None
    cooldown = settings_today(ledger, settings).cooldown_seconds
    return ledger.cooldown_from + timedelta(seconds=cooldown)


def next_session_at(
    ledger: Ledger, settings: LimitSettings, at: datetime, zone: tzinfo, reason: LockReason | None
) -> datetime | None:
    """When a session may start by itself: after the cooldown, in a day with time left, within
    allowed hours. None when only a parent can unlock (tamper) or nothing is locked. `reason`
    is what `lock_reason` says at `at`."""
    if reason is None or reason == "tamper":
        return None
    cooldown_end = cooldown_ends_at(ledger, settings)
    moment = at if cooldown_end is None else max(at, cooldown_end)
    daily = daily_seconds_left(ledger, settings)
    if daily is not None and daily <= 0 and ledger.day_ends_at is not None:
        moment = max(moment, ledger.day_ends_at)
    # With the wind-down on, only where the hours leave a whole session.
    full = settings_today(ledger, settings).session_seconds if settings.wind_down_minutes else 0
    return next_allowed_span(moment, zone, settings.week_hours, full)

"""The time ledger: everything the time rules remember between runs, and its strict JSON form.

The ledger is plain data; `limits` owns every rule that changes it, except one that is only
arithmetic on two ledgers: how time counted by one process and not saved yet is laid on top of
the ledger another process saved meanwhile (`lay_unsaved_on`). It is saved whole at each
checkpoint as one JSON document. Loading checks every field: a ledger that does not parse is
treated like a damaged state file (the kiosk starts locked), never as an empty one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, cast

LEDGER_VERSION = 1

CooldownReason = Literal["session_over", "parent"]
_COOLDOWN_REASONS: tuple[CooldownReason, ...] = ("session_over", "parent")


class LedgerError(ValueError):
    """A saved ledger that is not one this version wrote."""


@dataclass(frozen=True)
class TimePoint:
    """A moment on the trusted timeline, pinned to the boot clock it was read from.

    Within the same boot, the trusted time of a later moment is `trusted` plus the boot clock's
    advance, whatever the wall clock says.
    """

    boot_id: str
    boot_seconds: float
    trusted: datetime


@dataclass
class SessionLedger:
    """The open session. `id` is its row in the store's sessions table (None until saved)."""

    id: int | None
    started_at: datetime
    allowance_seconds: float
    counted_seconds: float = 0.0
    grace_used_seconds: float = 0.0
    # Set by a parent (extend, new session now): only the allowance bounds the session then,
    # not the daily limit or the allowed hours.
    parent_override: bool = False
    warned: tuple[int, ...] = ()


@dataclass
class Ledger:
    anchor: TimePoint | None = None
    # How far the wall clock is known to be behind trusted time. A backward jump is tamper only
    # if it goes further than this, so one jump is reported once, not at every tick after it.
    wall_behind_seconds: float = 0.0
    # How far the wall clock is known to run ahead of trusted time (its lead), as last seen
    # while the kiosk ran. After a reboot the wall clock is believed only less this lead.
    wall_ahead_seconds: float = 0.0
    day: date | None = None
    day_ends_at: datetime | None = None
    used_today_seconds: float = 0.0
    session: SessionLedger | None = None
    cooldown_from: datetime | None = None
    cooldown_reason: CooldownReason = "session_over"
    tamper: bool = False
    tamper_cause: str | None = None

    def to_json(self) -> dict[str, Any]:
        session = self.session
        return {
            "version": LEDGER_VERSION,
            "anchor": None
            if self.anchor is None
            else {
                "boot_id": self.anchor.boot_id,
                "boot_seconds": self.anchor.boot_seconds,
                "trusted": _dump_time(self.anchor.trusted),
            },
            "wall_behind_seconds": self.wall_behind_seconds,
            "wall_ahead_seconds": self.wall_ahead_seconds,
            "day": None if self.day is None else self.day.isoformat(),
            "day_ends_at": _dump_optional_time(self.day_ends_at),
            "used_today_seconds": self.used_today_seconds,
            "session": None
            if session is None
            else {
                "id": session.id,
                "started_at": _dump_time(session.started_at),
                "allowance_seconds": session.allowance_seconds,
                "counted_seconds": session.counted_seconds,
                "grace_used_seconds": session.grace_used_seconds,
                "parent_override": session.parent_override,
                "warned": list(session.warned),
            },
            "cooldown_from": _dump_optional_time(self.cooldown_from),
            "cooldown_reason": self.cooldown_reason,
            "tamper": self.tamper,
            "tamper_cause": self.tamper_cause,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Ledger:
        """Parse a saved ledger; raises LedgerError for anything this version did not write."""
        if data.get("version") != LEDGER_VERSION:
            raise LedgerError(f"unknown ledger version {data.get('version')!r}")
        anchor_data = _optional_dict(data, "anchor")
        session_data = _optional_dict(data, "session")
        reason = data.get("cooldown_reason")
        if reason not in _COOLDOWN_REASONS:
            raise LedgerError(f"unknown cooldown_reason {reason!r}")
        day_text = _optional_str(data, "day")
        try:
            day = None if day_text is None else date.fromisoformat(day_text)
        except ValueError as error:
            raise LedgerError(f"day {day_text!r} is not a date") from error
        return cls(
            anchor=None
            if anchor_data is None
            else TimePoint(
                boot_id=_str(anchor_data, "boot_id"),
                boot_seconds=_number(anchor_data, "boot_seconds"),
                trusted=_time(anchor_data, "trusted"),
            ),
            wall_behind_seconds=_number(data, "wall_behind_seconds"),
            # Ledgers saved before the lead was kept have none: nothing was known then.
            wall_ahead_seconds=_number(data, "wall_ahead_seconds")
            if "wall_ahead_seconds" in data
            else 0.0,
            day=day,
            day_ends_at=_optional_time(data, "day_ends_at"),
            used_today_seconds=_number(data, "used_today_seconds"),
            session=None if session_data is None else _parse_session(session_data),
            cooldown_from=_optional_time(data, "cooldown_from"),
            cooldown_reason=cast(CooldownReason, reason),
            tamper=_bool(data, "tamper"),
            tamper_cause=_optional_str(data, "tamper_cause"),
        )


@dataclass
class UnsavedTime:
    """Seconds counted into a process's ledger since it last read or wrote the stored one.

    Kept apart by session and by day, because another process's save may have ended that
    session (or started another) or rolled the day under them; see `lay_unsaved_on`.
    """

    # (session id, day) -> [seconds counted, of which in the grace]
    parts: dict[tuple[int | None, date | None], list[float]] = field(default_factory=dict)

    def add(self, session_id: int | None, day: date | None, seconds: float, grace: float) -> None:
        part = self.parts.setdefault((session_id, day), [0.0, 0.0])
        part[0] += seconds
        part[1] += grace

    @property
    def seconds(self) -> float:
        return sum(part[0] for part in self.parts.values())

    def copy(self) -> UnsavedTime:
        return UnsavedTime({key: list(part) for key, part in self.parts.items()})


def lay_unsaved_on(theirs: Ledger, mine: Ledger, unsaved: UnsavedTime) -> dict[int, float]:
    """Put `unsaved` (counted into `mine`) on top of `theirs`, a ledger another process saved.

    The rule: everything in `theirs` stands (its session, allowance, cooldown, tamper, warnings,
    anchor), and the unsaved seconds are added to it; none is dropped, none is given back.
    - Used today: they count if they fall on the day `theirs` counts. If `mine` already rolled
      to a later day, `theirs` rolls too first; seconds of a day that is over count no more.
    - The same session still open in `theirs`: they count in it. Grace seconds count in its
      grace, unless the other process changed the allowance (a parent's extension, which also
      re-arms the grace): then the grace already watched is added to the allowance too, so the
      extension gives exactly its minutes from the moment the parent gave them.
    - Their session was ended (or replaced by a parent's new session) there: the seconds
      belong to the ended session, not to the new one. They are returned by session row id,
      for the caller to add to those rows.
    """
    if mine.day is not None and (theirs.day is None or mine.day > theirs.day):
        theirs.day, theirs.day_ends_at, theirs.used_today_seconds = mine.day, mine.day_ends_at, 0.0
    ended: dict[int, float] = {}
    for (session_id, day), (seconds, grace) in unsaved.parts.items():
        if day == theirs.day:
            theirs.used_today_seconds += seconds
        session, own = theirs.session, mine.session
        if session is not None and session_id is not None and session.id == session_id:
            session.counted_seconds += seconds
            mine_id, mine_allowance = (
                (None, 0.0) if own is None else (own.id, own.allowance_seconds)
            )
            if mine_id == session_id and mine_allowance != session.allowance_seconds:
                session.allowance_seconds += grace
            else:
                session.grace_used_seconds += grace
        elif session_id is not None:
            ended[session_id] = ended.get(session_id, 0.0) + seconds
    return ended


def _parse_session(data: dict[str, Any]) -> SessionLedger:
    session_id = data.get("id")
    if session_id is not None and (type(session_id) is not int or session_id < 1):
        raise LedgerError(f"session id {session_id!r} is not a row id")
    warned = data.get("warned")
    if not isinstance(warned, list) or not all(type(w) is int and w > 0 for w in warned):
        raise LedgerError("session warned is not a list of positive whole seconds")
    return SessionLedger(
        id=session_id,
        started_at=_time(data, "started_at"),
        allowance_seconds=_number(data, "allowance_seconds"),
        counted_seconds=_number(data, "counted_seconds"),
        grace_used_seconds=_number(data, "grace_used_seconds"),
        parent_override=_bool(data, "parent_override"),
        warned=tuple(sorted(set(warned), reverse=True)),
    )


def _dump_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _dump_optional_time(moment: datetime | None) -> str | None:
    return None if moment is None else _dump_time(moment)


def _number(data: dict[str, Any], key: str) -> float:
    """A finite, non-negative number: no stored duration or clock reading is below zero."""
    value = data.get(key)
    # type() rather than isinstance(): JSON true/false must not pass as 1 and 0.
    if type(value) is not int and type(value) is not float:
        raise LedgerError(f"{key} = {value!r} is not a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise LedgerError(f"{key} = {value!r} is not a non-negative number")
    return number


def _bool(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if type(value) is not bool:
        raise LedgerError(f"{key} = {value!r} is not true or false")
    return value


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise LedgerError(f"{key} = {value!r} is not a text")
    return value


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    return None if data.get(key) is None else _str(data, key)


def _optional_dict(data: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is not None and not isinstance(value, dict):
        raise LedgerError(f"{key} is not an object")
    return value


def _time(data: dict[str, Any], key: str) -> datetime:
    text = _str(data, key)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise LedgerError(f"{key} = {text!r} is not a time") from error
    if moment.tzinfo is None:
        raise LedgerError(f"{key} = {text!r} has no UTC offset")
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:  # "0001-01-01T00:00:00+01:00" is before year 1 in UTC
        raise LedgerError(f"{key} = {text!r} is outside the calendar") from error


def _optional_time(data: dict[str, Any], key: str) -> datetime | None:
    return None if data.get(key) is None else _time(data, key)

"""How a moment is kept in a TEXT column of the state file, the same in every table.

A moment is stored as ISO 8601 in UTC to the millisecond, with its offset
("2026-11-26T09:00:00.000+00:00"), so the times of a table sort as text and stay comparable
across a change of time zone; a reader converts to local time for display. A stored time that
is not text, or has no offset, is never guessed at: reading it raises ValueError, which each
reader reports as damage.
"""

from __future__ import annotations

from datetime import UTC, datetime


def store_time(moment: datetime) -> str:
    """`moment` as the store keeps it. Raises ValueError for a time without a zone."""
    if moment.utcoffset() is None:
        raise ValueError("stored times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def read_time(text: object) -> datetime:
    """The moment a stored time names (any ISO 8601 text with an offset, as older rows are)."""
    if not isinstance(text, str):
        raise ValueError("a stored time is not text")
    moment = datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        raise ValueError(f"the stored time {text!r} has no offset")
    return moment


def read_optional_time(text: object) -> datetime | None:
    return None if text is None else read_time(text)


def time_conditions(
    column: str, since: datetime | None, until: datetime | None
) -> tuple[list[str], list[str]]:
    """SQL conditions on `column` (at `since` or later, before `until`) and their parameters.

    Stored times compare as text: `store_time` writes every one in UTC in the same format.
    Raises ValueError for a bound without a zone, as `store_time` does.
    """
    conditions: list[str] = []
    params: list[str] = []
    for bound, condition in ((since, f"{column} >= ?"), (until, f"{column} < ?")):
        if bound is not None:
            params.append(store_time(bound))
            conditions.append(condition)
    return conditions, params


def where(conditions: list[str]) -> str:
    """ " WHERE a AND b" for the conditions given, or "" for none."""
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""

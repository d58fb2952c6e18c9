"""A state file with a known history, written through the store's own methods as the kiosk
writes it: sessions, views of clips and events, each at a local time in Berlin (or any zone)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from kiosk.core.report.usage import UsageReport, usage_report
from kiosk.core.store.store import Store
from kiosk.core.store.view_records import ViewOutcome
from tests.core.fake_clock import BERLIN


def at(text: str, zone: tzinfo = BERLIN) -> datetime:
    """A local time, e.g. at("2026-11-26 17:42"); `fold=1` is the second 02:30 of a DST end."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def fresh_store(folder: Path) -> Store:
    """A state file with no history at all (no setup marker: a first start records nothing)."""
    return Store.open(folder / "kiosk.sqlite3", set_up=False)


class History:
    """Writes history into `store`, as the time rules and the watch history would have."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def session(
        self,
        start: datetime,
        minutes: float,
        *,
        reason: str | None = "session_over",
        ended: datetime | None = None,
    ) -> int:
        """A session of `minutes` counted from `start`; `reason` None leaves it open."""
        seconds = minutes * 60
        with self.store.write() as writer:
            row = writer.insert_session(start, 900)
            end = None if reason is None else (ended or start + timedelta(seconds=seconds))
            writer.update_session(
                row, counted_seconds=seconds, allowance_seconds=900, ended_at=end, end_reason=reason
            )
            writer.add_event(start, "session_start", {"session": row})
        return row

    def view(
        self,
        start: datetime,
        seconds: float,
        title: str,
        show: str | None = None,
        outcome: ViewOutcome = "finished",
    ) -> None:
        folder = Path("/clips") / (show or "")
        self.store.view_records.add(
            clip_key=str(folder / f"{title}.mp4"),
            path=folder / f"{title}.mp4",
            title=title,
            show=show,
            started_at=start,
            watched_seconds=seconds,
            outcome=outcome,
        )

    def event(self, moment: datetime, kind: str, /, **detail: Any) -> None:
        with self.store.write() as writer:
            writer.add_event(moment, kind, detail)

    def report(
        self,
        today: date,
        days: int = 7,
        *,
        zone: tzinfo = BERLIN,
        limit: float | None = 3600.0,
    ) -> UsageReport:
        return usage_report(
            self.store, today=today, day_count=days, zone=zone, limit_for=lambda day: limit
        )

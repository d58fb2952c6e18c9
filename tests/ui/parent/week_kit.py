"""The week page's tests: a week of known history in a real state file, read by the real report,
and `WeekActions` that hand it over with a library of clips and pictures the test answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kiosk.core.clip import Clip
from kiosk.core.report.usage import ShowUsage, UsageReport, usage_report
from kiosk.core.store.store import Store
from kiosk.ui.parent.week import WEEK_DAYS, WeekUnreadable
from tests.core.fake_clock import BERLIN
from tests.core.report.history_kit import History, at
from tests.ui.parent_helpers import MemoryThumbnails

#: Thursday: the week runs from Friday 20 to Thursday 26 November 2026, in Berlin.
TODAY = date(2026, 11, 26)
#: Minutes a day, Friday to Thursday, and the daily limit (Saturday and Sunday have 90).
MINUTES = [30, 75, 0, 45, 15, 60, 20]
WEEKEND = {date(2026, 11, 21), date(2026, 11, 22)}


def limit_for(day: date) -> float:
    return 90 * 60.0 if day in WEEKEND else 60 * 60.0


def seed_week(store: Store) -> None:
    """The week above: a session a day, one show most days, and a few events today."""
    history = History(store)
    for offset, minutes in enumerate(MINUTES):
        day = date.fromordinal(TODAY.toordinal() - (WEEK_DAYS - 1) + offset)
        if minutes:
            history.session(at(f"{day} 16:00"), minutes)
            history.view(at(f"{day} 16:00"), minutes * 40, "Ball", "Bouncy fun")
            history.view(at(f"{day} 16:30"), minutes * 20, "Sunrise", "Sky and sea")
    history.session(at(f"{TODAY} 09:00"), 5)  # today's first session (20 minutes in all)
    history.view(at(f"{TODAY} 09:00"), 100, "Loose clip")
    history.event(at(f"{TODAY} 16:05"), "pin_wrong", via="pin", failures=1, retry_at=None)
    history.event(at(f"{TODAY} 16:40"), "child_asked")


class MemoryWeek(MemoryThumbnails):
    """Implements `WeekActions` over a real store; the library holds `clips`."""

    def __init__(self, store: Store, clips: list[Clip]) -> None:
        super().__init__()
        self.store = store
        self.clips = clips
        self.unreadable: str | None = None
        self.reads = 0

    def week(self) -> UsageReport:
        self.reads += 1
        if self.unreadable is not None:
            raise WeekUnreadable(self.unreadable)
        return usage_report(
            self.store, today=TODAY, day_count=WEEK_DAYS, zone=BERLIN, limit_for=limit_for
        )

    def clip_for(self, show: ShowUsage) -> Clip | None:
        return next((clip for clip in self.clips if clip.key == show.clip_key), None)


def library_clips() -> list[Clip]:
    """The clips of the seeded week that the library still has (the loose clip is gone)."""
    return [
        Clip(Path("/clips/Bouncy fun/Ball.mp4"), "Ball", "Bouncy fun"),
        Clip(Path("/clips/Sky and sea/Sunrise.mp4"), "Sunrise", "Sky and sea"),
    ]

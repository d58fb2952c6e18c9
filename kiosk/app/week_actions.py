"""What the parent panel's week page asks of the kiosk: the report over the last seven days from
the state file, a clip of the library for each show's picture, and the pictures from the media
worker. Reading the week changes nothing, so nothing here is recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kiosk.app.library_actions import ThumbnailMaker
from kiosk.app.library_service import LibraryService
from kiosk.app.services import KioskServices
from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _
from kiosk.core.report.usage import ShowUsage, UsageReport
from kiosk.core.store.store import StoreReadError
from kiosk.ui.parent.week import WEEK_DAYS, WeekUnreadable

log = logging.getLogger(__name__)

#: What the parent reads when the state file cannot be read for the week.
NOT_READ = N_(
    "The week could not be read from the kiosk's state file, which may be damaged: the kiosk"
    " goes on as before, and 'kiosk status' in a terminal says more."
)


class KioskWeekActions:
    """The `WeekActions` of the running kiosk."""

    def __init__(
        self, services: KioskServices, library: LibraryService, worker: ThumbnailMaker
    ) -> None:
        self._services = services
        self._library = library
        self._worker = worker

    def week(self) -> UsageReport:
        try:
            return self._services.usage_report(WEEK_DAYS)
        except StoreReadError as error:
            log.warning("the week could not be read: %s", error)
            raise WeekUnreadable(_(NOT_READ)) from error

    def clip_for(self, show: ShowUsage) -> Clip | None:
        """The show's most watched clip if the library still has it, else any clip of the show."""
        curation = self._library.curation
        if curation is None:
            return None
        clips = [item.clip for item in curation.items]
        for clip in clips:
            if clip.key == show.clip_key:
                return clip
        return next((clip for clip in clips if clip.show == show.name), None)

    def request_thumbnail(self, clip: Clip, on_ready: Callable[[Clip, Path | None], None]) -> None:
        self._worker.request_thumbnail(clip, on_ready)

    def cancel_thumbnails(self) -> None:
        self._worker.cancel_thumbnails()

"""What the parent's library view asks of the kiosk, carried out by the library service, the
media worker and the store.

Each choice is saved in the store by the service before the feed hears of it, and recorded as an
event for the parent's record, like every other action in the panel. Thumbnails and the preview
player come from the media layer; the preview player is made once, on the first preview, and
lives as long as the engine, which releases it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

from kiosk.app.library_service import LibraryService
from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _
from kiosk.core.library.scan import SidecarReport
from kiosk.core.names import printable
from kiosk.core.store.store import StoreReadError, StoreWriteError
from kiosk.media.interface import Player
from kiosk.ui.library.model import LibraryTile
from kiosk.ui.library.view import LibraryChoiceFailed

log = logging.getLogger(__name__)

#: What the parent reads when the state file refuses a choice (it is busy or damaged).
NOT_SAVED = N_(
    "That choice could not be saved, because the kiosk's state file cannot be written just now:"
    " nothing changed; try again in a moment."
)

RecordEvent = Callable[[str, Mapping[str, object]], None]


class ThumbnailMaker(Protocol):
    """The media worker's thumbnail jobs (see `MediaWorker`)."""

    def request_thumbnail(
        self, clip: Clip, on_done: Callable[[Clip, Path | None], None]
    ) -> None: ...

    def cancel_thumbnails(self) -> None: ...


class KioskLibraryActions:
    """The `LibraryActions` of the running kiosk."""

    def __init__(
        self,
        service: LibraryService,
        worker: ThumbnailMaker,
        new_player: Callable[[], Player],
        record_event: RecordEvent,
    ) -> None:
        self._service = service
        self._worker = worker
        self._new_player = new_player
        self._record_event = record_event
        self._preview: Player | None = None

    def tiles(self) -> list[LibraryTile]:
        curation = self._service.curation
        if curation is None:
            return []
        return [
            LibraryTile(item.clip, item.status, self._seconds(item.clip)) for item in curation.items
        ]

    def set_clip_hidden(self, clip: Clip, hidden: bool) -> None:
        _saved(lambda: self._service.set_clip_hidden(clip, hidden))
        kind = "library_clip_hidden" if hidden else "library_clip_shown"
        self._record_event(kind, {"clip": printable(clip.key), "title": clip.title})

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        _saved(lambda: self._service.set_show_hidden(show, hidden))
        self._record_event(
            "library_show_hidden" if hidden else "library_show_shown", {"show": show}
        )

    def approve(self, paths: Iterable[Path]) -> None:
        approved = list(dict.fromkeys(paths))
        _saved(lambda: self._service.approve(approved))
        self._record_event("library_approved", {"files": [printable(str(p)) for p in approved]})

    def request_thumbnail(self, clip: Clip, on_ready: Callable[[Clip, Path | None], None]) -> None:
        self._worker.request_thumbnail(clip, on_ready)

    def cancel_thumbnails(self) -> None:
        self._worker.cancel_thumbnails()

    def loading(self) -> bool:
        return self._service.loading

    def sidecar_reports(self) -> list[SidecarReport]:
        scan = self._service.scan
        return [] if scan is None else scan.sidecar_reports()

    def preview_player(self) -> Player:
        if self._preview is None:
            self._preview = self._new_player()
        return self._preview

    def _seconds(self, clip: Clip) -> float | None:
        start = clip.start_seconds or 0.0
        if clip.end_seconds is not None:
            return clip.end_seconds - start
        whole = self._service.duration_of(clip.path)
        return None if not whole else max(0.0, whole - start)


def _saved(choice: Callable[[], None]) -> None:
    """Carry out a choice, or raise `LibraryChoiceFailed` with the sentence for the parent."""
    try:
        choice()
    except (StoreWriteError, StoreReadError) as error:
        log.warning("a library choice could not be saved: %s", error)
        raise LibraryChoiceFailed(_(NOT_SAVED)) from error

"""The watch history: which clips the child watched, when, for how long, and whether to the end.

One row per view in the store's `views` table, kept by its `view_records`, which the parent's
report reads. A view starts when a clip becomes the current one and is saved when the feed
moves on, the clip ends, or the kiosk stops. Its seconds come from the monotonic clock and count
only while the clip plays: a pause, a hold (locked, hidden) or a suspend adds nothing. Its start
comes from the wall clock, which is only a label here; the time rules never read this table. A
view in progress when the kiosk is killed is lost.

Saving never raises: a store that cannot be written is logged, and the feed goes on, because the
history is not worth interrupting a child's clip for. The record types live with the table
(`view_records`); import them from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from kiosk.core.clip import Clip
from kiosk.core.clock import Clock
from kiosk.core.store.store import Store, StoreWriteError
from kiosk.core.store.view_records import VIEW_OUTCOMES, ViewOutcome, ViewRecord

__all__ = ["VIEW_OUTCOMES", "ViewOutcome", "ViewRecord", "WatchHistory"]

log = logging.getLogger(__name__)


@dataclass
class _OpenView:
    clip: Clip
    started_at: datetime
    counted_seconds: float = 0.0
    playing_since: float | None = None  # monotonic reading when play began, None when not


class WatchHistory:
    """Counts the current view and saves each one to `store` when it ends. GUI thread only."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._records = store.view_records
        self._clock = clock
        self._view: _OpenView | None = None

    @property
    def current(self) -> Clip | None:
        """The clip of the view in progress, if any."""
        return None if self._view is None else self._view.clip

    def begin(self, clip: Clip) -> None:
        """`clip` became the current one. A view still open is saved first as skipped.

        The new view counts no time until `set_playing(True)`: a clip that is loading, or shown
        while the feed is held, is not being watched.
        """
        if self._view is not None:
            self.end("skipped")
        self._view = _OpenView(clip, self._clock.wall())

    def set_playing(self, playing: bool) -> None:
        """The current clip started or stopped playing (pause, hold, end). Repeats are harmless."""
        view = self._view
        if view is None:
            return
        if playing and view.playing_since is None:
            view.playing_since = self._clock.monotonic()
        elif not playing and view.playing_since is not None:
            view.counted_seconds += self._played_since(view.playing_since)
            view.playing_since = None

    def watched_seconds(self) -> float:
        """Seconds the current view has played so far (0 when there is none)."""
        view = self._view
        if view is None:
            return 0.0
        running = 0.0 if view.playing_since is None else self._played_since(view.playing_since)
        return view.counted_seconds + running

    def end(self, outcome: ViewOutcome) -> ViewRecord | None:
        """Close the current view and save it. Returns the saved record; None if no view was
        open or it could not be saved (which is logged, never raised)."""
        if outcome not in VIEW_OUTCOMES:
            raise ValueError(f"outcome '{outcome}' is not one of {', '.join(VIEW_OUTCOMES)}")
        view = self._view
        if view is None:
            return None
        watched = self.watched_seconds()
        self._view = None
        clip = view.clip
        try:
            return self._records.add(
                clip_key=clip.key,
                path=clip.path,
                title=clip.title,
                show=clip.show,
                started_at=view.started_at,
                watched_seconds=watched,
                outcome=outcome,
            )
        except StoreWriteError as error:
            log.warning("A view of %s could not be saved to the history: %s", clip.key, error)
            return None

    def views(self, since: datetime | None = None) -> list[ViewRecord]:
        """The saved views, oldest first; with `since` (timezone-aware), those started then or
        later. Raises StoreReadError if the history cannot be read."""
        return self._records.views(since)

    def _played_since(self, since: float) -> float:
        # Never negative: a monotonic clock does not go back, but a reading from another boot
        # (a fake clock, a restored process) must not take time away.
        return max(0.0, self._clock.monotonic() - since)

"""The library's thumbnails: which ones to ask for, what came back, and a few kept in memory.

A library can hold thousands of clips, so only the tiles near the screen ask for a picture, and
requests for tiles scrolled away are cancelled before new ones are made: the worker then spends
its time on what the parent is looking at. Results are remembered by clip key as file paths; only
the most recently shown few hundred are held as decoded pixmaps, so memory stays flat however far
the parent scrolls. Nothing here blocks: a request returns at once and the picture arrives later.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QImage, QPixmap

from kiosk.core.clip import Clip

#: Decoded pictures kept in memory: a few screens' worth of tiles.
KEPT_PIXMAPS = 400

ThumbnailReady = Callable[[Clip, Path | None], None]


class ThumbnailSource(Protocol):
    """The part of `LibraryActions` that makes thumbnails."""

    def request_thumbnail(self, clip: Clip, on_ready: ThumbnailReady) -> None: ...

    def cancel_thumbnails(self) -> None: ...


class ThumbnailShelf:
    """Asks `source` for the pictures of the clips on screen and hands them out as pixmaps.

    `on_change(key)` is called (on the GUI thread) when the picture for a clip key arrives.
    """

    def __init__(
        self,
        source: ThumbnailSource,
        on_change: Callable[[str], None],
        *,
        kept_pixmaps: int = KEPT_PIXMAPS,
    ) -> None:
        self._source = source
        self._on_change = on_change
        self._kept = kept_pixmaps
        #: What came back per clip key: a PNG, or None for "this clip has no picture".
        self._results: dict[str, Path | None] = {}
        self._pending: set[str] = set()
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()

    @property
    def pending(self) -> frozenset[str]:
        """Keys asked for whose answer has not come yet."""
        return frozenset(self._pending)

    def knows(self, key: str) -> bool:
        """True once the answer for `key` came back, picture or not."""
        return key in self._results

    def want(self, clips: Iterable[Clip]) -> int:
        """Make sure pictures for exactly these clips are on their way; how many were requested.

        Requests still open for other clips (scrolled away) are cancelled first. The source can
        only cancel everything, so the clips still wanted are simply asked for again.
        """
        wanted = {clip.key: clip for clip in clips if clip.key not in self._results}
        if self._pending - wanted.keys():
            self.cancel()
        asked = 0
        for key, clip in wanted.items():
            if key in self._pending:
                continue
            # Marked before asking: a source may answer at once, from inside this call.
            self._pending.add(key)
            self._source.request_thumbnail(clip, self._ready)
            asked += 1
        return asked

    def cancel(self) -> None:
        """Cancel every open request; answers that still arrive with a picture are kept."""
        # Cleared first, so a source that answers "None" for each cancelled request from inside
        # `cancel_thumbnails` is not taken to mean "this clip has no picture".
        self._pending.clear()
        self._source.cancel_thumbnails()

    def pixmap(self, key: str) -> QPixmap | None:
        """The picture for `key`, decoded on first use; None while there is none."""
        kept = self._pixmaps.get(key)
        if kept is not None:
            self._pixmaps.move_to_end(key)
            return kept
        path = self._results.get(key)
        if path is None:
            return None
        image = QImage(str(path))
        if image.isNull():
            self._results[key] = None  # unreadable: the placeholder stays, and no retry
            return None
        picture = QPixmap.fromImage(image)
        self._pixmaps[key] = picture
        while len(self._pixmaps) > self._kept:
            self._pixmaps.popitem(last=False)
        return picture

    def forget_listener(self) -> None:
        """Drop `on_change`: the widget behind it is gone, but answers may still come."""
        self._on_change = lambda key: None

    def _ready(self, clip: Clip, path: Path | None) -> None:
        key = clip.key
        was_pending = key in self._pending
        self._pending.discard(key)
        if path is None and not was_pending:
            return  # the answer to a cancelled request: it says nothing about the clip
        self._results[key] = path
        self._pixmaps.pop(key, None)
        self._on_change(key)

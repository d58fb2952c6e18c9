"""From a library scan and the parent's choices to what the feed plays and the library view lists.

`curate` is pure: the caller reads the choices, approvals and durations from `LibraryState` and
passes them in, so every rule here is tested without a file system or a store. Long files are cut
into clips of about `library.auto_segment_seconds` (`auto_clips`), played as ranges of the file
(libvlc's start and stop times), so nothing is ever re-encoded or written beside the videos.
A file whose duration is not known yet waits, unplayed, until the app measured it and curates
again: playing it whole first and cut later would show the child a 40-minute film as one clip.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.core.clip import Clip
from kiosk.core.config.load import LibrarySettings
from kiosk.core.i18n import _

#: "pending": a new file waits for the parent's approval. "show_hidden": its whole show is hidden.
ClipStatus = Literal["visible", "hidden", "show_hidden", "pending"]

# Segment bounds are rounded to the millisecond, so their keys (which hold them) stay short and
# are the same at every run; libvlc seeks no finer than that anyway.
_BOUND_DIGITS = 3


@dataclass(frozen=True)
class LibraryItem:
    """One clip in the library view, with why it is or is not in the feed."""

    clip: Clip
    status: ClipStatus
    auto: bool
    """True for a segment made by auto-clipping (its key changes with the segment setting)."""


@dataclass(frozen=True)
class Curation:
    """The library as the parent curated it."""

    items: tuple[LibraryItem, ...]
    """Every clip, in library order; a file cut by auto-clipping appears as its segments."""
    awaiting_duration: tuple[Path, ...]
    """Files that may need cutting but whose duration is not known yet: in no item, and not
    played, until the app has measured them and curates again."""

    @property
    def visible(self) -> list[Clip]:
        """The clips the feed may play, in library order."""
        return [item.clip for item in self.items if item.status == "visible"]

    @property
    def shows(self) -> tuple[str | None, ...]:
        """Each show once, in library order; None stands for the clips at the folder's top."""
        return tuple(dict.fromkeys(item.clip.show for item in self.items))


def auto_clips(clip: Clip, duration: float, segment_seconds: int) -> list[Clip]:
    """`clip` cut into n = max(1, round(duration / segment_seconds)) segments of equal length.

    Equal lengths rather than full segments and a short rest: a last clip of 3 seconds would
    feel broken to a child. With one segment (or a duration or segment length that is not a
    positive number) the clip comes back whole, unchanged, with its own key.
    """
    if not (math.isfinite(duration) and duration > 0 and segment_seconds > 0):
        return [clip]
    count = max(1, round(duration / segment_seconds))
    if count == 1:
        return [clip]
    # Each bound from its own index, not by adding up lengths, so no rounding error builds up
    # and the last segment ends exactly at the file's end.
    bounds = [round(duration * index / count, _BOUND_DIGITS) for index in range(count + 1)]
    return [
        Clip(
            clip.path,
            _("{title} (part {part} of {count})").format(
                title=clip.title, part=index + 1, count=count
            ),
            clip.show,
            start_seconds=bounds[index],
            end_seconds=bounds[index + 1],
        )
        for index in range(count)
    ]


def curate(
    clips: Sequence[Clip],
    settings: LibrarySettings,
    *,
    described: frozenset[Path],
    hidden_clips: frozenset[str],
    hidden_shows: frozenset[str],
    pending: frozenset[Path],
    durations: Mapping[Path, float],
) -> Curation:
    """The library after the parent's choices and auto-clipping.

    - `clips`: the scan's clips in library order. `described`: files a `clips.toml` entry names;
      the parent described them, so they are never cut.
    - `hidden_clips`, `hidden_shows`: the parent's hidden clips (by `Clip.key`) and shows.
      Hiding a whole file also hides the segments auto-clipping makes of it.
    - `pending`: files waiting for approval; every clip of such a file is "pending".
    - `durations`: seconds per file, as measured. A value that is not a positive number means
      the file could not be measured: it then plays whole.

    The status of a clip is the first that applies: pending, show_hidden, hidden, visible.
    """
    cutting = settings.auto_segment_seconds > 0
    items: list[LibraryItem] = []
    awaiting: list[Path] = []
    seen_keys: set[str] = set()
    for clip in clips:
        if clip.key in seen_keys:
            continue
        seen_keys.add(clip.key)
        pieces = [clip]
        if cutting and _is_whole_file(clip) and clip.path not in described:
            duration = durations.get(clip.path)
            if duration is None:
                awaiting.append(clip.path)
                continue
            if duration > settings.long_file_seconds:
                pieces = auto_clips(clip, duration, settings.auto_segment_seconds)
        for piece in pieces:
            status = _status(piece, clip, pending, hidden_clips, hidden_shows)
            items.append(LibraryItem(piece, status, auto=piece is not clip))
    return Curation(tuple(items), tuple(dict.fromkeys(awaiting)))


def _is_whole_file(clip: Clip) -> bool:
    return clip.start_seconds is None and clip.end_seconds is None


def _status(
    piece: Clip,
    source: Clip,
    pending: frozenset[Path],
    hidden_clips: frozenset[str],
    hidden_shows: frozenset[str],
) -> ClipStatus:
    if piece.path in pending:
        return "pending"
    if piece.show is not None and piece.show in hidden_shows:
        return "show_hidden"
    if piece.key in hidden_clips or source.key in hidden_clips:
        return "hidden"
    return "visible"

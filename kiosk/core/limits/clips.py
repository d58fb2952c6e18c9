"""The clip budget's two rules: when a clip counts, and what becomes of the last one.

A session with a clip budget (`session.clips`) also ends once that many clips were shown. A clip
counts once it has been on screen for `CLIP_COUNTS_AFTER_SECONDS`, so skipping quickly through
clips uses none. The feed says which view is on screen at each tick (`ClipOnScreen.view`, a
number that changes with every clip shown); the time the session counted between two ticks is
that view's, and `watch_view` adds it up. The flow ticks again as soon as a new clip shows, so
the seconds before a swipe go to the clip swiped away.

The last clip of the budget plays to its end with swiping off, like the soft landing at zero
(`clip_landing`). It is the clip on screen when one is left and it has not counted yet, so a
child cannot slip past it; the session ends with it (end reason "clips"). Both functions are
pure; `Limits.tick` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.core.limits.tick import ClipOnScreen, Landing

#: Seconds on screen after which a clip counts against the budget.
CLIP_COUNTS_AFTER_SECONDS = 3.0


@dataclass(frozen=True)
class ViewWatch:
    """The view on screen at the last tick, its seconds on screen so far, and whether it counted."""

    view: int | None = None
    seconds: float = 0.0
    counted: bool = False

    def has_counted(self, view: int | None) -> bool:
        return view is not None and view == self.view and self.counted


def watch_view(before: ViewWatch, shown: int | None, seconds: float) -> tuple[ViewWatch, bool]:
    """The watch after `seconds` more on screen, with `shown` now on screen; and whether the
    view that had those seconds now counts.

    The seconds belong to the view of the last tick: the clip on screen until now. A view shown
    again later (the feed went away and came back) starts afresh, but one that counted is not
    counted twice while it stays on screen.
    """
    counts = False
    watch = before
    if before.view is not None:
        total = before.seconds + seconds
        counts = not before.counted and total >= CLIP_COUNTS_AFTER_SECONDS
        watch = replace(before, seconds=total, counted=before.counted or counts)
    if shown is not None and shown != watch.view:
        watch = ViewWatch(shown)
    return watch, counts


def clip_landing(clips_left: int | None, watch: ViewWatch, clip: ClipOnScreen) -> Landing:
    """What the budget says of the clip on screen: it is the last and plays out, none is left
    and the session ends now, or nothing changes (no budget, or the last is already playing out).
    """
    if clips_left is None or clip.finishing:
        return "carry_on"
    if clips_left == 0:
        return "end_session"
    if clips_left == 1 and clip.view is not None and not watch.has_counted(clip.view):
        return "finish_clip"
    return "carry_on"

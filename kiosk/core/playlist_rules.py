"""The rules that choose the feed's next clip, as plain functions of the clips and what was
played: the playlist (`kiosk.core.playlist`) owns the history and the memory, and asks these
rules only "which clip now?". Keeping them apart lets each rule be read, and tested, on its own.

A cycle deals every visible clip once, and a new cycle never opens with the clip that closed the
last (`cycle_candidates`). "sequential" takes the clips in the order given, wrapping, so a series
resumes where the child left it (`next_in_order`). "shuffle" picks at random, never two clips of
the same show in a row while another show has clips left (`spread_by_show`). `max_per_show` caps
the clips of one show per session while other shows still have clips allowed (`allowed_by_cap`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from kiosk.core.clip import Clip


def cycle_candidates(
    clips: Sequence[Clip], taken_in_cycle: set[str], previous: Clip | None
) -> tuple[Sequence[Clip], bool]:
    """The clips the next choice may come from, and whether choosing opens a new cycle.

    While the cycle has clips not yet taken, only those. Once every visible clip was shown or
    is on its way, a new cycle opens with all of them but the clip that closed the last one, so
    the child never sees the same clip twice in a row across the seam (unless it is the only
    clip).
    """
    candidates = [clip for clip in clips if clip.key not in taken_in_cycle]
    if candidates:
        return candidates, False
    fresh_start = [clip for clip in clips if previous is None or clip.key != previous.key]
    return fresh_start or clips, True


def allowed_by_cap(
    candidates: Sequence[Clip], played: Counter[str | None], max_per_show: int
) -> Sequence[Clip]:
    """The candidates that `max_per_show` lets through (0 means no cap).

    The cap holds while another show still has clips allowed. Once every show with candidates
    has reached it, the feed carries on with the shows played least this session: the cap
    spreads a session over the shows, and must never leave the child an empty feed. Clips at
    the top level (show None) are not capped.
    """
    if max_per_show == 0:
        return candidates
    allowed = [clip for clip in candidates if clip.show is None or played[clip.show] < max_per_show]
    if allowed:
        return allowed
    least = min(played[clip.show] for clip in candidates)
    return [clip for clip in candidates if played[clip.show] == least]


def next_in_order(clips: Sequence[Clip], allowed: Sequence[Clip], previous: Clip | None) -> Clip:
    """The first allowed clip after `previous` in the given order, wrapping; with no previous
    clip, the first allowed one, so a new playlist resumes the series where the child left it."""
    allowed_keys = {clip.key for clip in allowed}
    start = 0
    if previous is not None:
        start = next((i + 1 for i, clip in enumerate(clips) if clip.key == previous.key), 0)
    for offset in range(len(clips)):
        clip = clips[(start + offset) % len(clips)]
        if clip.key in allowed_keys:
            return clip
    raise AssertionError("allowed clips are always among the playlist's clips")


def spread_by_show(allowed: Sequence[Clip], previous: Clip | None, rng: random.Random) -> Clip:
    """A random allowed clip, not of the previous clip's show while another show has one.

    The pick is uniform over clips, so a show is chosen in proportion to the clips it has left.
    A big show then shrinks as fast as the others, instead of being left to play back to back
    at the end of the cycle. Top-level clips (show None) count as one show of their own.
    """
    if previous is not None:
        other_shows = [clip for clip in allowed if clip.show != previous.show]
        if other_shows:
            return rng.choice(other_shows)
    return rng.choice(allowed)

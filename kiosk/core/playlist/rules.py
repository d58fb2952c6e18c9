"""The rules that choose the feed's next clip, as plain functions of the clips and what was
played: the playlist (`kiosk.core.playlist.playlist`) owns the history and the memory, and asks these
rules only "which clip now?" and "what is left of the history once these clips leave?". Keeping
them apart lets each rule be read, and tested, on its own.

A cycle deals every visible clip once, and a new cycle never opens with the clip that closed the
last (`cycle_candidates`). "sequential" takes the clips in natural order (`natural_place`),
wrapping, so a series resumes where the child left it (`next_in_order`). "shuffle" picks at
random, never two clips of the same show in a row while another show has clips left
(`spread_by_show`). `max_per_show` caps the clips of one show per session while other shows
still have clips allowed (`allowed_by_cap`).
Clips added late may undo a new cycle decided too soon (`early_opener`); clips that leave the
feed leave its history in one pass, however many leave (`close_up`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace

from kiosk.core.clip import Clip
from kiosk.core.names import NameKey, natural_key

#: Where a clip belongs in "sequential": its path in natural order, then its start in the file.
Place = tuple[tuple[NameKey, ...], float]


@dataclass(frozen=True)
class Step:
    """One clip of the history. `opens_cycle`: showing it begins a new cycle in the memory.

    A cycle may be decided to restart ahead of time (by a peek), but the memory forgets the old
    cycle only when the opening clip is really shown, so a peek never costs the child anything.
    """

    clip: Clip
    opens_cycle: bool = False


@dataclass(frozen=True)
class ClosedHistory:
    """The history once some clips left it (see `close_up`)."""

    steps: list[Step]
    #: The new current clip; None when no clip from the old current one on is left.
    position: int | None
    shown_until: int
    #: The new current clip was only decided ahead: it is on screen now for the first time.
    lands_on_unshown: bool
    opens_on_landing: bool


def natural_place(clip: Clip) -> Place:
    """Where `clip` belongs in "sequential", the order the library scan gives.

    The start comes second so that the parts of one long file play in order, whatever order
    they were probed in. A whole file starts at 0.
    """
    return natural_key(clip.path), clip.start_seconds or 0


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
    """The first allowed clip after `previous` in the order of `clips`, wrapping; with no
    previous clip, the first allowed one, so a new playlist resumes the series where the child
    left it."""
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


def early_opener(upcoming: Sequence[Step], seen: Set[str], added: Set[str]) -> int | None:
    """The index in `upcoming` (the steps decided ahead) of a new cycle that added clips show
    was decided too soon, or None: everything from it on must be decided again.

    Without this, a partial scan whose clips were all seen would replay them even though the
    clips found next were never shown. Only clips from the early opener on are forgotten: those
    before it are still good choices, and one may be preloaded. `seen` is the memory's cycle.
    """
    cycle = set(seen)
    for index, step in enumerate(upcoming):
        if step.opens_cycle:
            if not added <= cycle:
                return index
            cycle = set()
        cycle.add(step.clip.key)
    return None


def close_up(
    history: Sequence[Step], position: int, shown_until: int, leaving: Set[str]
) -> ClosedHistory:
    """The history without the clips whose keys are in `leaving`, in one pass however many.

    The cursor stays on the same clip or, if that one left, moves to the next clip kept. Steps
    up to `shown_until` were on screen; a step after it that opened a cycle and leaves hands
    that role to the next clip kept, so the cycle still restarts when it should.
    """
    kept: list[Step] = []
    new_position: int | None = None
    new_shown_until = -1
    removed_since_kept = False
    opener_to_pass_on = False
    # Whether the new current clip comes from the clips not shown yet, and opens a cycle.
    lands_on_unshown = opens_on_landing = False
    for index, step in enumerate(history):
        unshown = index > shown_until
        opens = opener_to_pass_on or (unshown and step.opens_cycle)
        if step.clip.key in leaving:
            removed_since_kept = True
            opener_to_pass_on = opens
            continue
        # Removing a clip can leave the same clip twice in a row ("A, broken, A"): keep one, or
        # swiping back would seem to do nothing.
        merged = removed_since_kept and bool(kept) and kept[-1].clip.key == step.clip.key
        removed_since_kept = False
        if not merged:
            kept.append(replace(step, opens_cycle=opens) if unshown else step)
        opener_to_pass_on = opens and merged
        if not unshown:
            new_shown_until = len(kept) - 1
        if new_position is None and index >= position:
            # The current clip, or the first one after it if the current one left.
            new_position = len(kept) - 1
            lands_on_unshown, opens_on_landing = unshown, opens
            if unshown:
                opener_to_pass_on = False  # the new current clip opens the cycle itself
    return ClosedHistory(kept, new_position, new_shown_until, lands_on_unshown, opens_on_landing)

"""The order of the feed: which clip comes next, and the history the child can swipe back
through. Swiping back walks the history; swiping forward replays it and then continues with new
clips. Each new clip is decided once, when it is first asked for, and remembered, so the clip the
feed preloads with `peek(+1)` is exactly the clip `advance()` then shows.

Both orders deal clips in cycles: no clip comes back until every visible clip has been shown,
and the `ShuffleMemory` carries the cycle across sessions and restarts. A clip counts as shown
when it first becomes the current one; a clip only decided ahead stays unseen. "sequential"
plays the clips in natural order, wrapping, so it resumes a series where the child left it; a
clip found late takes its place in that order. "shuffle" picks at random, spreading the shows.
`max_per_show` caps the clips of one show per session. The rules of each choice live in
`kiosk.core.playlist.rules`; this module keeps the history they are applied to.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from typing import Literal, get_args

from kiosk.core.clip import Clip
from kiosk.core.playlist.memory import InMemoryShuffleMemory, ShuffleMemory
from kiosk.core.playlist.rules import (
    Place,
    Step,
    allowed_by_cap,
    close_up,
    cycle_candidates,
    early_opener,
    natural_place,
    next_in_order,
    spread_by_show,
)

Order = Literal["shuffle", "sequential"]
ORDERS: tuple[Order, ...] = get_args(Order)

#: How many clips back the child can swipe. It bounds memory in a kiosk that runs for days.
HISTORY_LIMIT = 1000


class EmptyPlaylistError(LookupError):
    """There is no clip to show: the playlist was empty or every clip was dropped."""


class Playlist:
    """The feed's clips in "shuffle" or "sequential" order, with a history cursor.

    The randomness comes from the `random.Random` passed in, so a test can seed it. Clips with
    the same `Clip.key` count as one. Without a `memory`, the cycle is remembered only as long
    as this playlist lives.
    """

    def __init__(
        self,
        clips: Iterable[Clip],
        order: Order = "shuffle",
        rng: random.Random | None = None,
        *,
        memory: ShuffleMemory | None = None,
        max_per_show: int = 0,
        history_limit: int = HISTORY_LIMIT,
    ) -> None:
        if order not in ORDERS:
            raise ValueError(f"order '{order}' is not one of {', '.join(ORDERS)}")
        if history_limit < 1:
            raise ValueError(f"history_limit {history_limit} must be 1 or more")
        if max_per_show < 0:
            raise ValueError(f"max_per_show {max_per_show} must be 0 (no cap) or more")
        self._order: Order = order
        self._rng = rng if rng is not None else random.Random()
        self._memory: ShuffleMemory = memory if memory is not None else InMemoryShuffleMemory()
        self._max_per_show = max_per_show
        self._history_limit = history_limit
        self._clips: list[Clip] = []
        # In "sequential", `natural_place` of each clip, index for index, to bisect on.
        self._places: list[Place] = []
        self._keys: set[str] = set()
        # A broken clip stays out even if a later scan offers it again.
        self._dropped_keys: set[str] = set()
        # Every clip shown or already decided, oldest first; `_position` is the current one.
        # Entries up to `_shown_until` have been on screen; those after it were decided by a
        # peek and not shown yet. Entries after `_position` are replayed by swiping forward.
        self._history: list[Step] = []
        self._position = 0
        self._shown_until = -1
        # Clips made current per show in this session, for `max_per_show`.
        self._played_this_session: Counter[str | None] = Counter()
        # The scan gives natural order: keep it as given rather than second-guess it.
        self._add(clips, keep_given_order=True)

    @property
    def order(self) -> Order:
        return self._order

    @property
    def clips(self) -> tuple[Clip, ...]:
        """Every clip that may still be chosen: in "sequential", in the order they play."""
        return tuple(self._clips)

    def __len__(self) -> int:
        return len(self._clips)

    @property
    def is_empty(self) -> bool:
        return not self._clips

    @property
    def current(self) -> Clip:
        """The clip on screen. Raises EmptyPlaylistError if there is none."""
        if not self._history:
            raise EmptyPlaylistError("the playlist has no clips")
        return self._history[self._position].clip

    def add(self, clips: Iterable[Clip]) -> None:
        """Add clips the background scan found after the feed started, or removed ones back.

        They may be chosen at once. In "sequential" each takes its place in natural order
        (`natural_place`): a rescan may find episode 3 after 4 and 5, and a long file's parts
        arrive in the order they were probed. Clips already here, or dropped, are ignored. The
        first clips added to an empty playlist give it a current clip. Like every method, call
        it on the thread that uses the playlist: the playlist has no lock.
        """
        self._add(clips, keep_given_order=False)

    def start_session(self) -> None:
        """A new session begins: every show may play `max_per_show` clips again."""
        self._played_this_session.clear()

    def peek(self, offset: int) -> Clip | None:
        """The clip `offset` steps away (-1 previous, +1 next) without moving the cursor.

        Looking ahead decides the upcoming clips and remembers them. Looking back past the
        oldest clip in the history gives None, and so does any peek into an empty playlist.
        """
        if not self._history:
            return None
        index = self._position + offset
        if index < 0:
            return None
        while index >= len(self._history):
            self._history.append(self._decide_next())
        return self._history[index].clip

    def advance(self) -> Clip:
        """Move to the next clip (replayed history first, then new ones) and return it."""
        upcoming = self.peek(1)
        if upcoming is None:
            raise EmptyPlaylistError("the playlist has no clips")
        self._position += 1
        if self._position > self._shown_until:
            self._show_current(self._history[self._position].opens_cycle)
        self._forget_oldest()
        return upcoming

    def back(self) -> Clip | None:
        """Move to the previous clip and return it, or return None at the start of the history."""
        if not self._history or self._position == 0:
            return None
        self._position -= 1
        return self._history[self._position].clip

    def remove(self, keys: Iterable[str]) -> None:
        """Take out clips that left the library: the parent hid them, or a rescan found them gone.

        They leave the history too; if the current clip leaves, the next one becomes current.
        Unlike `drop`, a later `add` brings them back: the parent may show them again, or plug
        the drive back in. Unknown keys are ignored. Hiding a show removes thousands of clips at
        once, hence one pass over the playlist for them all. The memory is not told: the cycle
        no longer waits for clips not visible, and one that comes back counts as shown if it was.
        """
        if isinstance(keys, str):
            raise TypeError("remove() takes keys, not one key: it would read its characters")
        leaving = self._keys.intersection(keys)
        if not leaving:
            return
        self._keys -= leaving
        kept = [index for index, clip in enumerate(self._clips) if clip.key not in leaving]
        self._clips = [self._clips[index] for index in kept]
        if self._places:
            self._places = [self._places[index] for index in kept]
        self._remove_from_history(leaving)
        self._reconsider_ahead(added=set())

    def drop(self, clip: Clip) -> None:
        """Never choose `clip` again, for a clip that turned out to be broken.

        It leaves as with `remove`, and `add` ignores it from now on: the next scan offers it
        again, and it is still broken. A clip that is not in the playlist is ignored.
        """
        if clip.key in self._keys:
            self._dropped_keys.add(clip.key)
            self.remove([clip.key])

    def _add(self, clips: Iterable[Clip], *, keep_given_order: bool) -> None:
        added: set[str] = set()
        for clip in clips:
            if clip.key in self._keys or clip.key in self._dropped_keys:
                continue
            self._keys.add(clip.key)
            added.add(clip.key)
            if self._order == "sequential":
                place = natural_place(clip)
                index = len(self._places) if keep_given_order else bisect_right(self._places, place)
                self._places.insert(index, place)
                self._clips.insert(index, clip)
            else:
                self._clips.append(clip)
        if not added:
            return
        if not self._history:
            self._history.append(self._decide_next())
            self._position = 0
            self._show_current(self._history[0].opens_cycle)
        else:
            self._reconsider_ahead(added)

    def _decide_next(self) -> Step:
        """Choose the clip after the last one in the history. The one place order is decided."""
        previous = self._history[-1].clip if self._history else None
        candidates, opens_cycle = cycle_candidates(self._clips, self._taken_in_cycle(), previous)
        allowed = allowed_by_cap(candidates, self._played_with_upcoming(), self._max_per_show)
        if self._order == "sequential":
            chosen = next_in_order(self._clips, allowed, previous)
        else:
            chosen = spread_by_show(allowed, previous, self._rng)
        return Step(chosen, opens_cycle)

    def _taken_in_cycle(self) -> set[str]:
        """Keys of the cycle that the next decision continues: shown, or decided ahead."""
        upcoming = self._history[self._shown_until + 1 :]
        openers = [index for index, step in enumerate(upcoming) if step.opens_cycle]
        if openers:
            # A new cycle is already decided ahead: it holds only what was decided since.
            return {step.clip.key for step in upcoming[openers[-1] :]}
        return self._memory.seen_keys() | {step.clip.key for step in upcoming}

    def _played_with_upcoming(self) -> Counter[str | None]:
        """Clips per show this session, counting those decided ahead: they will play in it."""
        played = Counter(self._played_this_session)
        played.update(step.clip.show for step in self._history[self._shown_until + 1 :])
        return played

    def _show_current(self, opens_cycle: bool) -> None:
        """The current clip is newly on screen: the memory and the per-show count learn of it."""
        clip = self._history[self._position].clip
        if opens_cycle:
            self._memory.start_new_cycle()
        self._memory.mark_shown(clip.key)
        self._played_this_session[clip.show] += 1
        self._shown_until = max(self._shown_until, self._position)

    def _reconsider_ahead(self, added: set[str]) -> None:
        """Bring the clips decided ahead in line with the clips just added or removed.

        In "sequential" either may change what comes next: episode 3, found while 2 is on screen
        and 4 is decided, must come before 4. These rules have no randomness, so each clip
        decided ahead is decided again: those still chosen stand (one may be preloaded); from
        the first that is not, the rest is forgotten. In "shuffle" one random choice is as good
        as another, but a new cycle may have been decided too soon (see `early_opener`).
        """
        start = self._shown_until + 1
        if self._order == "sequential":
            decided = self._history[start:]
            del self._history[start:]
            for step in decided:
                if self._decide_next() != step:
                    return
                self._history.append(step)
        elif added and any(step.opens_cycle for step in self._history[start:]):
            cut = early_opener(self._history[start:], self._memory.seen_keys(), added)
            if cut is not None:
                del self._history[start + cut :]

    def _remove_from_history(self, keys: set[str]) -> None:
        """Take clips out of the history (see `close_up`). If the cursor lands on a clip that
        was only decided ahead, or on none, that clip, or the next one decided now, is on
        screen now, and counts as shown."""
        closed = close_up(self._history, self._position, self._shown_until, keys)
        self._history, self._shown_until = closed.steps, closed.shown_until
        position, lands, opens = closed.position, closed.lands_on_unshown, closed.opens_on_landing
        if position is None and self._clips:
            self._history.append(self._decide_next())
            position = len(self._history) - 1
            lands, opens = True, self._history[-1].opens_cycle
        self._position = position or 0
        if lands:
            # The child sees this clip now, even when it is the twin of the clip before it.
            self._show_current(opens)

    def _forget_oldest(self) -> None:
        excess = min(len(self._history) - self._history_limit, self._position)
        if excess > 0:
            del self._history[:excess]
            self._position -= excess
            self._shown_until -= excess

"""The order of the feed: which clip comes next, and the history the child can swipe back
through. Swiping back walks the history; swiping forward replays it and then continues with new
clips. Each new clip is decided once, when it is first asked for, and remembered, so the clip the
feed preloads with `peek(+1)` is exactly the clip `advance()` then shows.

Both orders deal clips in cycles: no clip comes back until every visible clip has been shown,
and the `ShuffleMemory` carries the cycle across sessions and restarts. A clip counts as shown
when it first becomes the current one; a clip only decided ahead stays unseen. "sequential"
plays the clips in the order given (the library gives natural order), wrapping, and so resumes a
series where the child left it. "shuffle" picks at random, spreading the shows. `max_per_show`
caps the clips of one show per session. The rules of each choice live in
`kiosk.core.playlist_rules`; this module keeps the history they are applied to.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, get_args

from kiosk.core.clip import Clip
from kiosk.core.playlist_rules import (
    allowed_by_cap,
    cycle_candidates,
    next_in_order,
    spread_by_show,
)
from kiosk.core.shuffle_memory import InMemoryShuffleMemory, ShuffleMemory

Order = Literal["shuffle", "sequential"]
ORDERS: tuple[Order, ...] = get_args(Order)

#: How many clips back the child can swipe. It bounds memory in a kiosk that runs for days.
HISTORY_LIMIT = 1000


class EmptyPlaylistError(LookupError):
    """There is no clip to show: the playlist was empty or every clip was dropped."""


@dataclass(frozen=True)
class _Step:
    """One clip of the history. `opens_cycle`: showing it begins a new cycle in the memory.

    A cycle may be decided to restart ahead of time (by a peek), but the memory forgets the old
    cycle only when the opening clip is really shown, so a peek never costs the child anything.
    """

    clip: Clip
    opens_cycle: bool = False


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
        self._keys: set[str] = set()
        # A broken clip stays out even if a later scan offers it again.
        self._dropped_keys: set[str] = set()
        # Every clip shown or already decided, oldest first; `_position` is the current one.
        # Entries up to `_shown_until` have been on screen; those after it were decided by a
        # peek and not shown yet. Entries after `_position` are replayed by swiping forward.
        self._history: list[_Step] = []
        self._position = 0
        self._shown_until = -1
        # Clips made current per show in this session, for `max_per_show`.
        self._played_this_session: Counter[str | None] = Counter()
        self.add(clips)

    @property
    def order(self) -> Order:
        return self._order

    @property
    def clips(self) -> tuple[Clip, ...]:
        """Every clip that may still be chosen, in the order given."""
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
        """Add clips found after the feed started; the library scan runs in the background.

        They may be chosen at once, and in "sequential" they come after the clips given before
        (the scan finds them in natural order). Clips already here, or dropped, are ignored. The
        first clips added to an empty playlist give it a current clip. Like every method, call
        it on the thread that uses the playlist: the playlist has no lock.
        """
        added: list[Clip] = []
        for clip in clips:
            if clip.key not in self._keys and clip.key not in self._dropped_keys:
                self._keys.add(clip.key)
                self._clips.append(clip)
                added.append(clip)
        if not added:
            return
        if not self._history:
            self._history.append(self._decide_next())
            self._position = 0
            self._show_current(self._history[0].opens_cycle)
        else:
            self._undo_early_new_cycle({clip.key for clip in added})

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

    def drop(self, clip: Clip) -> None:
        """Never choose `clip` again, for a clip that turned out to be broken.

        It leaves the history too. If it was the current clip, the next one becomes current. A
        clip that is not in the playlist is ignored. The memory is not told: the clip is not
        visible any more, so the cycle no longer waits for it.
        """
        key = clip.key
        if key not in self._keys:
            return
        self._keys.discard(key)
        self._dropped_keys.add(key)
        self._clips = [kept for kept in self._clips if kept.key != key]
        self._remove_from_history(key)

    def _decide_next(self) -> _Step:
        """Choose the clip after the last one in the history. The one place order is decided."""
        previous = self._history[-1].clip if self._history else None
        candidates, opens_cycle = cycle_candidates(self._clips, self._taken_in_cycle(), previous)
        allowed = allowed_by_cap(candidates, self._played_with_upcoming(), self._max_per_show)
        if self._order == "sequential":
            chosen = next_in_order(self._clips, allowed, previous)
        else:
            chosen = spread_by_show(allowed, previous, self._rng)
        return _Step(chosen, opens_cycle)

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

    def _undo_early_new_cycle(self, added_keys: set[str]) -> None:
        """Forget a new cycle decided ahead if new clips show that the one before is not over.

        Without this, a partial scan whose clips were all seen would replay them even though
        the clips found next were never shown. Only clips from the early opener on are
        forgotten: those before it are still good choices, and one may be preloaded.
        """
        upcoming = range(self._shown_until + 1, len(self._history))
        if not any(self._history[index].opens_cycle for index in upcoming):
            return
        cycle = self._memory.seen_keys()
        for index in upcoming:
            step = self._history[index]
            if step.opens_cycle:
                if not added_keys <= cycle:
                    del self._history[index:]
                    return
                cycle = set()
            cycle.add(step.clip.key)

    def _remove_from_history(self, key: str) -> None:
        """Take a dropped clip out of the history, keeping the cursor on the same clip or, if
        that was the one dropped, moving it to the next; that one is then newly on screen."""
        kept: list[_Step] = []
        new_position: int | None = None
        new_shown_until = -1
        removed_since_kept = False
        # A removed opener that was not shown yet hands its role to the next clip kept.
        opener_to_pass_on = False
        # Whether the new current clip comes from the clips not shown yet, and opens a cycle.
        lands_on_unshown = opens_on_landing = False
        for index, step in enumerate(self._history):
            unshown = index > self._shown_until
            opens = opener_to_pass_on or (unshown and step.opens_cycle)
            if step.clip.key == key:
                removed_since_kept = True
                opener_to_pass_on = opens
                continue
            # Removing a clip can leave the same clip twice in a row ("A, broken, A"): keep
            # one, or swiping back would seem to do nothing.
            merged = removed_since_kept and bool(kept) and kept[-1].clip.key == step.clip.key
            removed_since_kept = False
            if not merged:
                kept.append(replace(step, opens_cycle=opens) if unshown else step)
            opener_to_pass_on = opens and merged
            if not unshown:
                new_shown_until = len(kept) - 1
            if new_position is None and index >= self._position:
                # The current clip, or the first one after it if the current one was dropped.
                new_position = len(kept) - 1
                lands_on_unshown, opens_on_landing = unshown, opens
                if unshown:
                    opener_to_pass_on = False  # the new current clip opens the cycle itself
        self._history = kept
        self._shown_until = new_shown_until
        if new_position is None and self._clips:
            self._history.append(self._decide_next())
            new_position = len(self._history) - 1
            lands_on_unshown, opens_on_landing = True, self._history[-1].opens_cycle
        self._position = new_position or 0
        if lands_on_unshown:
            # The child sees this clip now, even when it is the twin of the clip before it.
            self._show_current(opens_on_landing)

    def _forget_oldest(self) -> None:
        excess = min(len(self._history) - self._history_limit, self._position)
        if excess > 0:
            del self._history[:excess]
            self._position -= excess
            self._shown_until -= excess

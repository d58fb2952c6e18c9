"""The order of the feed: which clip comes next, and the history the child can swipe back
through. Swiping back walks the history; swiping forward replays it and then continues with new
clips. Each new clip is decided once, when it is first asked for, and remembered, so the clip the
feed preloads with `peek(+1)` is exactly the clip `advance()` then shows. "sequential" plays the
clips in the order given (the library gives natural order) and wraps around. "shuffle" deals the
clips like a deck of cards: none repeats until all have been shown, and a new deck never opens
with the clip that closed the last one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Literal, get_args

from kiosk.core.clip import Clip

Order = Literal["shuffle", "sequential"]
ORDERS: tuple[Order, ...] = get_args(Order)

#: How many clips back the child can swipe. It bounds memory in a kiosk that runs for days.
HISTORY_LIMIT = 1000


class EmptyPlaylistError(LookupError):
    """There is no clip to show: the playlist was empty or every clip was dropped."""


class Playlist:
    """The feed's clips in "shuffle" or "sequential" order, with a history cursor.

    The randomness comes from the `random.Random` passed in, so a test can seed it. Clips with
    the same `Clip.key` count as one.
    """

    def __init__(
        self,
        clips: Iterable[Clip],
        order: Order = "shuffle",
        rng: random.Random | None = None,
        *,
        history_limit: int = HISTORY_LIMIT,
    ) -> None:
        if order not in ORDERS:
            raise ValueError(f"order '{order}' is not one of {', '.join(ORDERS)}")
        if history_limit < 1:
            raise ValueError(f"history_limit {history_limit} must be 1 or more")
        unique: dict[str, Clip] = {}
        for clip in clips:
            unique.setdefault(clip.key, clip)
        self._clips = list(unique.values())
        self._order: Order = order
        self._rng = rng if rng is not None else random.Random()
        self._history_limit = history_limit
        # Every clip shown or already decided, oldest first; `_position` is the current one.
        # Entries after `_position` are clips that were swiped back past, or decided by a peek.
        self._history: list[Clip] = []
        self._position = 0
        # Shuffle: the clips still to deal in this cycle, dealt from the end.
        self._deck: list[Clip] = []
        # Sequential: the index in `_clips` of the next clip to decide.
        self._next_index = 0
        if self._clips:
            self._history.append(self._decide_next())

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
        return self._history[self._position]

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
        return self._history[index]

    def advance(self) -> Clip:
        """Move to the next clip (replayed history first, then new ones) and return it."""
        upcoming = self.peek(1)
        if upcoming is None:
            raise EmptyPlaylistError("the playlist has no clips")
        self._position += 1
        self._forget_oldest()
        return upcoming

    def back(self) -> Clip | None:
        """Move to the previous clip and return it, or return None at the start of the history."""
        if not self._history or self._position == 0:
            return None
        self._position -= 1
        return self._history[self._position]

    def drop(self, clip: Clip) -> None:
        """Never choose `clip` again, for a clip that turned out to be broken.

        It leaves the history too. If it was the current clip, the next one becomes current. A
        clip that is not in the playlist is ignored.
        """
        key = clip.key
        index = next((i for i, kept in enumerate(self._clips) if kept.key == key), None)
        if index is None:
            return
        del self._clips[index]
        if index < self._next_index:
            self._next_index -= 1
        if self._next_index >= len(self._clips):
            self._next_index = 0
        self._deck = [dealt for dealt in self._deck if dealt.key != key]
        self._remove_from_history(key)

    def _decide_next(self) -> Clip:
        """Choose the clip after the last one in the history. The one place order is decided."""
        if self._order == "sequential":
            chosen = self._clips[self._next_index]
            self._next_index = (self._next_index + 1) % len(self._clips)
            return chosen
        if not self._deck:
            self._deck = self._new_deck()
        return self._deck.pop()

    def _new_deck(self) -> list[Clip]:
        deck = list(self._clips)
        self._rng.shuffle(deck)
        # The deck is dealt from the end. If it would open with the clip that closed the last
        # cycle, swap that clip with any other: the opener is then uniform among the rest.
        if len(deck) > 1 and self._history and deck[-1].key == self._history[-1].key:
            other = self._rng.randrange(len(deck) - 1)
            deck[-1], deck[other] = deck[other], deck[-1]
        return deck

    def _remove_from_history(self, key: str) -> None:
        kept: list[Clip] = []
        new_position: int | None = None
        removed_since_kept = False
        for index, entry in enumerate(self._history):
            if entry.key == key:
                removed_since_kept = True
                continue
            # Removing a clip can leave the same clip twice in a row ("A, broken, A"): keep one,
            # or swiping back would seem to do nothing.
            if not (removed_since_kept and kept and kept[-1].key == entry.key):
                kept.append(entry)
            removed_since_kept = False
            if new_position is None and index >= self._position:
                # The current clip, or the first one after it if the current one was dropped.
                new_position = len(kept) - 1
        self._history = kept
        if new_position is None and self._clips:
            self._history.append(self._decide_next())
            new_position = len(self._history) - 1
        self._position = new_position or 0

    def _forget_oldest(self) -> None:
        excess = min(len(self._history) - self._history_limit, self._position)
        if excess > 0:
            del self._history[:excess]
            self._position -= excess

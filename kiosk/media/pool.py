"""Three warm players that hold the previous, current and next clip of the feed.

The pool owns which player plays which role. On every move the roles rotate: a player that already
holds a clip the feed wants keeps it (no reload, its held first frame stays ready), and only a
player whose clip fell out of the window is reloaded with the new neighbour. Neighbours are loaded
with `preload=True`, so they hold their first frame paused and muted and a swipe can show it at
once. No player is ever created or released here: they come from the media engine, which owns and
releases them. The pool is written against the `Player` protocol only, so it imports neither Qt
nor libvlc and is unit-tested with a fake player.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import IntEnum

from kiosk.core.clip import Clip
from kiosk.media.interface import Player


class Role(IntEnum):
    """A player's place in the feed; the value is the offset from the current clip."""

    PREVIOUS = -1
    CURRENT = 0
    NEXT = 1


# The current clip is placed first, so that when two roles want the same clip (a playlist of one
# or two clips that wraps) the playing player stays the current one.
_PLACEMENT_ORDER = (Role.CURRENT, Role.NEXT, Role.PREVIOUS)


@dataclass
class _Slot:
    """What the pool knows about one player; kept here rather than asked of the player, so a
    player that failed or was stopped is never mistaken for one that holds a usable clip."""

    player: Player
    role: Role
    clip: Clip | None = None
    # Played since it was loaded, and then moved out of the current role: the next time it
    # becomes current it starts over from the clip's start, as a feed does.
    needs_restart: bool = False


class PlayerPool:
    """Exactly three players in the roles previous, current and next."""

    def __init__(self, players: Sequence[Player]) -> None:
        if len(players) != 3:
            raise ValueError(f"a player pool takes exactly 3 players, not {len(players)}")
        if len({id(player) for player in players}) != 3:
            raise ValueError("a player pool takes 3 distinct players")
        roles = (Role.PREVIOUS, Role.CURRENT, Role.NEXT)
        self._slots = [_Slot(player, role) for player, role in zip(players, roles, strict=True)]
        self._loads = 0

    @property
    def players(self) -> tuple[Player, ...]:
        """All three players, in a fixed order that does not change with their roles."""
        return tuple(slot.player for slot in self._slots)

    @property
    def current(self) -> Player:
        return self.player(Role.CURRENT)

    @property
    def load_count(self) -> int:
        """How many `load` calls the pool has made since it was built."""
        return self._loads

    def player(self, role: Role) -> Player:
        return self._slot(role).player

    def clip(self, role: Role) -> Clip | None:
        """The clip the pool placed in `role`, or None if that role is empty."""
        return self._slot(role).clip

    def role_of(self, player: Player) -> Role:
        for slot in self._slots:
            if slot.player is player:
                return slot.role
        raise KeyError("this player does not belong to the pool")

    def arrange(self, previous: Clip | None, current: Clip | None, following: Clip | None) -> None:
        """Put these clips in the three roles, reloading only players whose clip is not wanted.

        A player that leaves the current role is paused (a neighbour never makes a sound). The new
        current player is loaded but not started: call `play_current` once the feed wants sound.
        """
        wanted = {Role.PREVIOUS: previous, Role.CURRENT: current, Role.NEXT: following}
        unplaced = list(self._slots)
        placed: dict[Role, _Slot] = {}
        for role in _PLACEMENT_ORDER:
            keeper = self._keeper(unplaced, role, wanted[role])
            if keeper is not None:
                placed[role] = keeper
                unplaced.remove(keeper)
        for role in _PLACEMENT_ORDER:
            if role not in placed:
                placed[role] = unplaced.pop(0)
        for role, slot in placed.items():
            self._assign(slot, role, wanted[role])

    def play_current(self) -> None:
        """Start or resume the current clip with sound; a clip seen before starts over."""
        slot = self._slot(Role.CURRENT)
        if slot.clip is None:
            return
        if slot.needs_restart:
            slot.needs_restart = False
            slot.player.restart()
        else:
            slot.player.play()

    def restart_current(self) -> None:
        slot = self._slot(Role.CURRENT)
        if slot.clip is not None:
            slot.needs_restart = False
            slot.player.restart()

    def pause_current(self) -> None:
        slot = self._slot(Role.CURRENT)
        if slot.clip is not None:
            slot.player.pause()

    def drop(self, clip: Clip) -> list[Role]:
        """Stop every player holding `clip` (it is broken); return the roles left empty.

        The feed then calls `arrange` with replacements, which reloads just those players.
        """
        emptied = []
        for slot in self._slots:
            if slot.clip == clip:
                self._empty(slot)
                emptied.append(slot.role)
        return sorted(emptied)

    def stop_all(self) -> None:
        """Stop all three players: nothing is decoded until the next `arrange`."""
        for slot in self._slots:
            self._empty(slot)

    def set_frame_box(self, width: int, height: int) -> None:
        for slot in self._slots:
            slot.player.set_frame_box(width, height)

    def set_volume(self, percent: int) -> None:
        for slot in self._slots:
            slot.player.set_volume(percent)

    def set_saturation(self, saturation: float) -> None:
        for slot in self._slots:
            slot.player.set_saturation(saturation)

    def __iter__(self) -> Iterator[tuple[Role, Player]]:
        for slot in sorted(self._slots, key=lambda slot: slot.role):
            yield slot.role, slot.player

    def _slot(self, role: Role) -> _Slot:
        return next(slot for slot in self._slots if slot.role is role)

    @staticmethod
    def _keeper(candidates: list[_Slot], role: Role, clip: Clip | None) -> _Slot | None:
        """The player that can take `role` without a reload, preferring the one already in it.

        For a neighbour role, a player that still holds its clip's first frame beats one that
        played it, so that a swipe shows the clip's start.
        """
        if clip is None:
            return None
        holders = [slot for slot in candidates if slot.clip == clip]
        if not holders:
            return None
        holders.sort(key=lambda slot: (slot.role is not role, slot.needs_restart))
        return holders[0]

    def _assign(self, slot: _Slot, role: Role, clip: Clip | None) -> None:
        was_current = slot.role is Role.CURRENT
        slot.role = role
        if clip is None:
            if slot.clip is not None:
                self._empty(slot)
            return
        if slot.clip != clip:
            slot.clip = clip
            slot.needs_restart = False
            self._loads += 1
            # The current clip is started right away by the feed, so holding its first frame
            # paused first would only delay the picture; neighbours hold theirs, muted.
            slot.player.load(clip, preload=role is not Role.CURRENT)
        elif was_current and role is not Role.CURRENT:
            slot.player.pause()
            slot.needs_restart = True

    def _empty(self, slot: _Slot) -> None:
        if slot.clip is not None:
            slot.player.stop()
        slot.clip = None
        slot.needs_restart = False

"""What the feed remembers between sessions about the current cycle: the clips already shown.

A cycle is one pass over the library. The playlist deals clips not yet shown in this cycle, and
the memory is what lets it keep that promise across sessions and restarts of the program, so a
child is not shown the same clips each time the kiosk starts. The playlist only reads and writes
through `ShuffleMemory`; the store keeps the real one in SQLite, and `InMemoryShuffleMemory`
serves the demo (which must not touch the real state) and the tests.

The memory holds keys (`Clip.key`), not clips: a key whose clip was deleted or hidden since is
simply never asked about, so the memory needs no cleaning when the library changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class ShuffleMemory(Protocol):
    """The clips shown in the current cycle, kept by whoever outlives one playlist."""

    def seen_keys(self) -> set[str]:
        """The `Clip.key` of every clip shown in the current cycle (a copy the caller may keep)."""
        ...

    def mark_shown(self, key: str) -> None:
        """The clip with this key became the current one: it counts as seen in this cycle."""
        ...

    def start_new_cycle(self) -> None:
        """Every visible clip has been shown: forget them all, and begin the next pass."""
        ...


class InMemoryShuffleMemory:
    """A `ShuffleMemory` that lasts as long as the object: for the demo and for tests."""

    def __init__(self, seen: Iterable[str] = ()) -> None:
        self._seen = set(seen)

    def seen_keys(self) -> set[str]:
        return set(self._seen)

    def mark_shown(self, key: str) -> None:
        self._seen.add(key)

    def start_new_cycle(self) -> None:
        self._seen.clear()

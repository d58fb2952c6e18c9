"""A clip as the feed sees it: a file, or a segment of a longer file, with a readable title."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Clip:
    """One playable item. A segment is a range of a longer file, played without re-encoding."""

    path: Path
    title: str
    show: str | None = None
    start_seconds: float | None = None
    end_seconds: float | None = None

    @property
    def key(self) -> str:
        """A stable identity for history and caches: the path, plus the range for a segment."""
        if self.start_seconds is None and self.end_seconds is None:
            return str(self.path)
        return f"{self.path}#{self.start_seconds or 0:g}-{self.end_seconds or '':}"

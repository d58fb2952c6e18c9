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
        """A stable identity for history and caches: the path, plus the range for a segment.

        Both ends are written with `:g`, so a start of 10 and an end of 20.0 read "#10-20", and a
        segment that runs to the end of its file leaves the end empty: "#10-".
        """
        if self.start_seconds is None and self.end_seconds is None:
            return str(self.path)
        end = "" if self.end_seconds is None else f"{self.end_seconds:g}"
        return f"{self.path}#{self.start_seconds or 0:g}-{end}"

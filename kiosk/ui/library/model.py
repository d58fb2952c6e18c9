"""What the library page shows, as plain data and words (no Qt): a clip's tile, a show's summary,
the page's summary line, and the sentences for the clips.toml problems at its top.

Every other module of the page (the view, its grid and layout, the tiles, the preview) imports
these from here, and this module imports none of them, so the page's modules import one way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.library.curation import ClipStatus
from kiosk.core.library.sidecar.parse import SidecarProblem
from kiosk.core.names import printable

#: The heading of the clips that sit in no show (files straight in the clip folder).
NO_SHOW_TITLE = N_("Not in a show")


@dataclass(frozen=True)
class LibraryTile:
    """One clip as the library page shows it."""

    clip: Clip
    #: hidden by the parent, hidden because its show is, or new and awaiting approval
    status: ClipStatus
    #: its length, None while unknown
    seconds: float | None


@dataclass(frozen=True)
class SectionSummary:
    """What a show's heading says: its name and counts, and whether the whole show is hidden."""

    show: str | None
    clips: int
    pending: int
    hidden: int
    show_hidden: bool

    @property
    def title(self) -> str:
        return self.show if self.show is not None else _(NO_SHOW_TITLE)

    @property
    def counts(self) -> str:
        """ "12 clips · 2 new · 1 hidden", in the language now."""
        parts = [_clips(self.clips)]
        if self.pending:
            parts.append(_("{count} new").format(count=self.pending))
        if self.hidden:
            parts.append(_("{count} hidden").format(count=self.hidden))
        return " \u00b7 ".join(parts)


def _clips(count: int) -> str:
    return ngettext("{count} clip", "{count} clips", count).format(count=count)


def summarise(show: str | None, tiles: list[LibraryTile]) -> SectionSummary:
    return SectionSummary(
        show=show,
        clips=len(tiles),
        pending=sum(tile.status == "pending" for tile in tiles),
        hidden=sum(tile.status in ("hidden", "show_hidden") for tile in tiles),
        show_hidden=any(tile.status == "show_hidden" for tile in tiles),
    )


def library_summary(tiles: list[LibraryTile]) -> str:
    """ "128 clips in 6 shows · 3 new to approve · 5 hidden"."""
    whole = summarise(None, tiles)  # a show heading's counts, over the whole library
    shows = len({tile.clip.show for tile in tiles if tile.clip.show is not None})
    clips = _clips(whole.clips)
    if shows:
        clips = ngettext("{clips} in {count} show", "{clips} in {count} shows", shows).format(
            clips=clips, count=shows
        )
    parts = [clips]
    if whole.pending:
        parts.append(_("{count} new to approve").format(count=whole.pending))
    if whole.hidden:
        parts.append(_("{count} hidden").format(count=whole.hidden))
    return " \u00b7 ".join(parts)


#: How many of the videos a clips.toml hides are named in its note.
HIDDEN_NAMES_SHOWN = 5


def problem_sentence(problem: SidecarProblem) -> str:
    """One problem of a clips.toml as one sentence with its line, under the file's own name."""
    if problem.line is None:
        return _("{problem}.").format(problem=f"{problem.message[:1].upper()}{problem.message[1:]}")
    return _("Line {line}: {problem}.").format(line=problem.line, problem=problem.message)


def hidden_sentence(hidden: tuple[Path, ...]) -> str:
    """The videos a clips.toml's problems keep hidden, the first few by name."""
    names = ", ".join(printable(path.name) for path in hidden[:HIDDEN_NAMES_SHOWN])
    if len(hidden) > HIDDEN_NAMES_SHOWN:
        more = len(hidden) - HIDDEN_NAMES_SHOWN
        return _("Hidden until it is fixed: {names} and {count} more.").format(
            names=names, count=more
        )
    return _("Hidden until it is fixed: {names}.").format(names=names)

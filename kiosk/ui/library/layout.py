"""Where everything in the library grid goes, worked out from the tile list alone (no Qt).

Rows have fixed heights (a show's heading, then rows of tiles whose height follows their width),
so the place of every row, and so the exact scroll range, is known without building a widget.
That is what lets the grid build widgets only for the rows on screen. The heights and the
narrowest tile are given at the usual text size; `lay_out` grows them by the text's `scale`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ui.library.model import LibraryTile

#: A tile's title line and its row of controls (the switch, or the approve button).
TITLE_HEIGHT = 26
CONTROLS_HEIGHT = 56
#: A tile's height besides its 16:9 picture: margins, the title line and the controls row.
TILE_CHROME = 8 + TITLE_HEIGHT + 6 + 6 + CONTROLS_HEIGHT + 8
#: A show's name line, in the heading above its tiles.
SHOW_NAME_HEIGHT = 30
HEADER_HEIGHT = 146
MARGIN = 4
SPACING = 12
#: Narrower than this and a tile's title and switch no longer fit: fewer columns instead.
TILE_MIN_WIDTH = 170


@dataclass(frozen=True)
class Section:
    """A show's clips, as indices into the tile list, in library order."""

    show: str | None
    indices: tuple[int, ...]


def group_by_show(tiles: list[LibraryTile]) -> list[Section]:
    """One section per show, in the order the shows first appear."""
    grouped: dict[str | None, list[int]] = {}
    for index, tile in enumerate(tiles):
        grouped.setdefault(tile.clip.show, []).append(index)
    return [Section(show, tuple(indices)) for show, indices in grouped.items()]


@dataclass(frozen=True)
class Row:
    top: int
    height: int
    section: int
    first: int  # position in the section of the row's first tile; -1 for the show's heading
    count: int


@dataclass(frozen=True)
class GridLayout:
    rows: list[Row]
    tops: list[int]  # each row's top, for a bisect
    tile_width: int
    tile_height: int
    height: int  # of everything


def lay_out(sections: list[Section], width: int, scale: float = 1.0) -> GridLayout:
    """Every row's place for a grid `width` pixels wide, with text `scale` times the usual."""
    min_width = round(TILE_MIN_WIDTH * scale)
    columns = max(1, (width - 2 * MARGIN + SPACING) // (min_width + SPACING))
    tile_width = max(1, (width - 2 * MARGIN - (columns - 1) * SPACING) // columns)
    tile_height = round(tile_width * 9 / 16) + round(TILE_CHROME * scale)
    header_height = round(HEADER_HEIGHT * scale)
    rows: list[Row] = []
    top = MARGIN
    for number, section in enumerate(sections):
        rows.append(Row(top, header_height, number, -1, 0))
        top += header_height
        for first in range(0, len(section.indices), columns):
            count = min(columns, len(section.indices) - first)
            rows.append(Row(top, tile_height, number, first, count))
            top += tile_height + SPACING
    return GridLayout(rows, [row.top for row in rows], tile_width, tile_height, top + MARGIN)

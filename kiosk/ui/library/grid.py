"""The library's scrolling grid: a heading per show, then that show's clips as tiles.

A library can hold thousands of clips, so the grid is virtual. Every row's place is worked out
from the tile list alone (rows have fixed heights), which makes the scroll range exact at once,
but widgets exist only for the rows on screen and half a screen either side. Scrolling re-binds
the widgets that leave to the rows that arrive, so a scroll through 10,000 clips creates no more
widgets than one screenful needs. Thumbnails are asked for only for the built tiles, once the
scrolling settles, and the picture lands in its tile when it arrives.

The grid only shows and reports taps; `LibraryView` calls the actions and hands back new tiles.

By keyboard, Tab (and the arrows) go through the built rows' controls in reading order, whichever
reused widget shows which row, and the grid scrolls to the control that takes the focus, which
builds the rows beyond it: so Tab reaches every clip of a library of any size.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScroller, QWidget

from kiosk.core.clip import Clip
from kiosk.ui.library.layout import (
    MARGIN,
    SPACING,
    GridLayout,
    Row,
    Section,
    group_by_show,
    lay_out,
)
from kiosk.ui.library.model import LibraryTile, SectionSummary, summarise
from kiosk.ui.library.thumbnails import ThumbnailShelf, ThumbnailSource
from kiosk.ui.library.tiles import ShowHeader, TileWidget
from kiosk.ui.parent.theme import text_scale

#: Rows are built this far beyond the visible area, as a share of its height.
NEAR = 0.5
#: Thumbnails are asked for once scrolling has rested this long, not for every row flown past.
THUMBNAIL_SETTLE_MS = 80


class LibraryGrid(QAbstractScrollArea):
    """Shows a tile list grouped by show. Signals carry what the parent tapped."""

    clip_hidden_toggled = Signal(object, bool)  # Clip, hidden
    clip_approved = Signal(object)  # Clip
    show_hidden_toggled = Signal(str, bool)  # show, hidden
    show_approved = Signal(object)  # the show, or None for the clips in no show
    preview_requested = Signal(object)  # Clip

    def __init__(self, thumbnails: ThumbnailSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The tiles' own controls take the keyboard, not the grid around them.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.viewport().setAutoFillBackground(False)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.thumbnails = ThumbnailShelf(thumbnails, self._picture_arrived)
        # An answer may come after this widget is gone; it must not reach a deleted tile.
        self.destroyed.connect(self.thumbnails.forget_listener)
        self._tiles: list[LibraryTile] = []
        self._sections: list[Section] = []
        self._summaries: list[SectionSummary] = []
        self._section_of: list[int] = []
        self._index_of: dict[str, int] = {}
        self._layout: GridLayout = lay_out([], 0)
        self._tile_widgets: dict[int, TileWidget] = {}
        self._headers: dict[int, ShowHeader] = {}
        self._spare_tiles: list[TileWidget] = []
        self._spare_headers: list[ShowHeader] = []
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(THUMBNAIL_SETTLE_MS)
        self._settle.timeout.connect(self._request_pictures)

    # What the view uses.

    @property
    def tiles(self) -> list[LibraryTile]:
        return list(self._tiles)

    def set_tiles(self, tiles: list[LibraryTile]) -> None:
        """Show `tiles` (library order); the scroll position stays where it was."""
        self._tiles = list(tiles)
        self._sections = group_by_show(self._tiles)
        self._section_of = [0] * len(self._tiles)
        for number, section in enumerate(self._sections):
            for index in section.indices:
                self._section_of[index] = number
        self._index_of = {tile.clip.key: index for index, tile in enumerate(self._tiles)}
        self._summaries = [self._summarise(number) for number in range(len(self._sections))]
        self._release(self._tile_widgets, self._headers)
        self._tile_widgets, self._headers = {}, {}
        self._lay_out()
        self._place()

    def update_tiles(self, changed: dict[int, LibraryTile]) -> None:
        """Replace the tiles at these indices (a status changed); the layout stays as it is."""
        for index, tile in changed.items():
            self._tiles[index] = tile
        for number in {self._section_of[index] for index in changed}:
            self._summaries[number] = self._summarise(number)
        self._place()

    def summary(self, show: str | None) -> SectionSummary | None:
        return next((s for s in self._summaries if s.show == show), None)

    def section_titles(self) -> list[str]:
        return [summary.title for summary in self._summaries]

    def tile_widget(self, clip: Clip) -> TileWidget | None:
        """The widget showing `clip`, if its row is built (on or near the screen)."""
        index = self._index_of.get(clip.key)
        return None if index is None else self._tile_widgets.get(index)

    def header_widget(self, show: str | None) -> ShowHeader | None:
        number = next((n for n, s in enumerate(self._sections) if s.show == show), None)
        return None if number is None else self._headers.get(number)

    @property
    def built_tiles(self) -> list[TileWidget]:
        return list(self._tile_widgets.values())

    def scroll_to(self, clip: Clip) -> None:
        """Scroll so that `clip`'s row is at the top (as far as the end allows)."""
        index = self._index_of.get(clip.key)
        if index is None:
            return
        number = self._section_of[index]
        position = self._sections[number].indices.index(index)
        for row in self._layout.rows:
            if row.section == number and row.first <= position < row.first + row.count:
                self.verticalScrollBar().setValue(row.top)
                return

    # Qt.

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Also called for the viewport's own resizes (QAbstractScrollArea forwards them).
        super().resizeEvent(event)
        self._lay_out()
        self._place()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._settle.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Out of sight: the worker's time is better spent elsewhere.
        self._settle.stop()
        self.thumbnails.cancel()
        super().hideEvent(event)

    # Layout.

    def _summarise(self, number: int) -> SectionSummary:
        section = self._sections[number]
        return summarise(section.show, [self._tiles[index] for index in section.indices])

    def _lay_out(self) -> None:
        """Work out every row's place for the viewport's width, and the scroll range."""
        self._layout = lay_out(self._sections, self.viewport().width(), text_scale())
        height = self.viewport().height()
        bar = self.verticalScrollBar()
        bar.setRange(0, max(0, self._layout.height - height))
        bar.setPageStep(max(1, height))
        bar.setSingleStep(60)

    def _place(self) -> None:
        """Build, re-bind and move the widgets of the rows on and near the screen."""
        scroll = self.verticalScrollBar().value()
        height = self.viewport().height()
        near = int(height * NEAR)
        low, high = scroll - near, scroll + height + near
        old_tiles, old_headers = self._tile_widgets, self._headers
        self._tile_widgets, self._headers = {}, {}
        start = max(0, bisect_right(self._layout.tops, low) - 1)
        for row in self._layout.rows[start:]:
            if row.top > high:
                break
            if row.top + row.height >= low:
                self._place_row(row, row.top - scroll, old_tiles, old_headers)
        self._release(old_tiles, old_headers)
        self._order_tabs()
        if any(not self.thumbnails.knows(self._tiles[i].clip.key) for i in self._tile_widgets):
            self._settle.start()

    def _order_tabs(self) -> None:
        """Tab order follows reading order: rows top to bottom, each left to right."""
        built: list[ShowHeader | TileWidget] = [
            *self._headers.values(),
            *self._tile_widgets.values(),
        ]
        built.sort(key=lambda widget: (widget.y(), widget.x()))
        previous: QWidget = self
        for widget in built:
            for control in widget.controls():
                if not control.isHidden():
                    QWidget.setTabOrder(previous, control)
                    previous = control

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self._scroll_into_view(watched)
        return super().eventFilter(watched, event)

    def _scroll_into_view(self, control: QWidget) -> None:
        """Scroll just enough that `control`, which took the focus, is wholly on screen."""
        top = control.mapTo(self.viewport(), QPoint(0, 0)).y()
        bottom = top + control.height()
        bar = self.verticalScrollBar()
        if top < 0:
            bar.setValue(bar.value() + top - MARGIN)
        elif bottom > self.viewport().height():
            bar.setValue(bar.value() + bottom - self.viewport().height() + MARGIN)

    def _place_row(
        self,
        row: Row,
        y: int,
        old_tiles: dict[int, TileWidget],
        old_headers: dict[int, ShowHeader],
    ) -> None:
        if row.first < 0:
            header = old_headers.pop(row.section, None)
            if header is None:
                header = self._new_header()
            summary = self._summaries[row.section]
            if header.summary is not summary:
                header.bind(summary)
            header.setGeometry(MARGIN, y, self.viewport().width() - 2 * MARGIN, row.height)
            header.show()
            self._headers[row.section] = header
            return
        width, height = self._layout.tile_width, self._layout.tile_height
        indices = self._sections[row.section].indices
        for column in range(row.count):
            index = indices[row.first + column]
            widget = old_tiles.pop(index, None)
            if widget is None:
                widget = self._new_tile()
            tile = self._tiles[index]
            if widget.tile is not tile:
                widget.bind(tile, self.thumbnails.pixmap(tile.clip.key))
            widget.setGeometry(MARGIN + column * (width + SPACING), y, width, height)
            widget.show()
            self._tile_widgets[index] = widget

    def _release(self, tiles: dict[int, TileWidget], headers: dict[int, ShowHeader]) -> None:
        """Put widgets whose rows left the screen aside, for the rows that arrive next."""
        for widget in tiles.values():
            widget.hide()
            widget.tile = None
            self._spare_tiles.append(widget)
        for header in headers.values():
            header.hide()
            header.summary = None
            self._spare_headers.append(header)

    def _new_tile(self) -> TileWidget:
        if self._spare_tiles:
            return self._spare_tiles.pop()
        widget = TileWidget()
        widget.setParent(self.viewport())
        for control in widget.controls():
            control.installEventFilter(self)
        widget.hidden_toggled.connect(partial(self._tile_hidden_toggled, widget))
        widget.approve_clicked.connect(partial(self._tile_signal, widget, self.clip_approved))
        widget.preview_clicked.connect(partial(self._tile_signal, widget, self.preview_requested))
        return widget

    def _new_header(self) -> ShowHeader:
        if self._spare_headers:
            return self._spare_headers.pop()
        header = ShowHeader()
        header.setParent(self.viewport())
        for control in header.controls():
            control.installEventFilter(self)
        header.hidden_toggled.connect(partial(self._show_hidden_toggled, header))
        header.approve_all_clicked.connect(partial(self._show_approved, header))
        return header

    # Taps and thumbnails.

    def _tile_hidden_toggled(self, widget: TileWidget, hidden: bool) -> None:
        if widget.tile is not None:
            self.clip_hidden_toggled.emit(widget.tile.clip, hidden)

    def _tile_signal(self, widget: TileWidget, signal: SignalInstance) -> None:
        if widget.tile is not None:
            signal.emit(widget.tile.clip)

    def _show_hidden_toggled(self, header: ShowHeader, hidden: bool) -> None:
        if header.summary is not None and header.summary.show is not None:
            self.show_hidden_toggled.emit(header.summary.show, hidden)

    def _show_approved(self, header: ShowHeader) -> None:
        if header.summary is not None:
            self.show_approved.emit(header.summary.show)

    def _request_pictures(self) -> None:
        if self.isVisible():
            self.thumbnails.want(self._tiles[index].clip for index in self._tile_widgets)

    def _picture_arrived(self, key: str) -> None:
        index = self._index_of.get(key)
        widget = None if index is None else self._tile_widgets.get(index)
        if widget is not None:
            widget.picture.set_pixmap(self.thumbnails.pixmap(key))

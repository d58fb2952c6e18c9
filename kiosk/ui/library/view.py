"""The parent's library page: every clip by show, to hide, show, approve and preview.

It is decoupled from the store and the thumbnail worker by `LibraryActions`, which the
composition root implements: the view reads `tiles()`, and each tap calls one action at once, so
a choice takes effect before the parent looks away (the app records these as events itself).
After a clip-level change (hide one clip, approve files) the view updates its own tiles, since the
outcome is plain; after hiding or showing a whole show it reads `tiles()` again, since which clips
that touches is the store's to say. The grid (`grid`) is virtual, so thousands of clips stay
responsive, and the preview (`preview`) plays on a player the actions keep. The tiles and the
words that count them are in `model`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.clip import Clip
from kiosk.core.i18n import N_, _
from kiosk.core.library.scan import SidecarReport
from kiosk.media.interface import Player
from kiosk.ui.language import Words
from kiosk.ui.library.grid import LibraryGrid
from kiosk.ui.library.model import LibraryTile, library_summary
from kiosk.ui.library.notes import SidecarNotes
from kiosk.ui.library.preview import LibraryPreview
from kiosk.ui.parent.keys import focus_first
from kiosk.ui.parent.theme import button, label, row

#: While the folder is read: the tiles fill in as the clips are found.
READING = N_("Reading the clip folder…")
#: How often an open library view looks again while the folder is being read.
RELOAD_WHILE_READING_MS = 1000

EMPTY_LIBRARY = N_(
    "The library has no clips yet: put video files in the clip folder chosen in Settings,"
    " and they appear here."
)


class LibraryChoiceFailed(Exception):
    """A choice could not be saved. The message is one sentence for the parent."""


class LibraryActions(Protocol):
    """What the library page asks of the app. Called on the GUI thread. A choice (hide, show,
    approve) that cannot be saved raises `LibraryChoiceFailed`; nothing else should raise."""

    def tiles(self) -> list[LibraryTile]:
        """Every clip in library order, the clips of a show together."""
        ...

    def set_clip_hidden(self, clip: Clip, hidden: bool) -> None:
        """Hide or show one clip; saved at once."""
        ...

    def set_show_hidden(self, show: str, hidden: bool) -> None:
        """Hide or show a whole show; saved at once."""
        ...

    def approve(self, paths: Iterable[Path]) -> None:
        """Approve new files, so the child may see them (all the segments of each file)."""
        ...

    def request_thumbnail(self, clip: Clip, on_ready: Callable[[Clip, Path | None], None]) -> None:
        """Make a picture of `clip` in the background; `on_ready` is called later on the GUI
        thread with a PNG, or None when there is no picture."""
        ...

    def cancel_thumbnails(self) -> None:
        """Drop every request not answered yet."""
        ...

    def preview_player(self) -> Player:
        """The player kept for previews; the view loads, plays and stops it, never releases it."""
        ...

    def loading(self) -> bool:
        """The folder is still being read, or files measured: more clips may come."""
        ...

    def sidecar_reports(self) -> list[SidecarReport]:
        """The clips.toml files with problems, and what those keep hidden, from the last scan."""
        ...


class LibraryView(QWidget):
    """The library page. `closed()` when the parent taps Back; `preview_playing_changed(bool)`."""

    closed = Signal()
    preview_playing_changed = Signal(bool)

    def __init__(self, actions: LibraryActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._return_focus_to: QWidget | None = None
        self._loading = False
        self.words = words = Words(self, LibraryView._show_summary)
        self.back_button = words.text(button("", name="library_back", wide=False), N_("Back"))
        self.back_button.clicked.connect(self.closed)
        self.summary = label("", "muted")
        self.summary.setObjectName("library_summary")
        self.empty = label(_(EMPTY_LIBRARY))
        self._reading = QTimer(self)
        self._reading.setInterval(RELOAD_WHILE_READING_MS)
        self._reading.timeout.connect(self.refresh)
        self.empty.setObjectName("library_empty")
        self.empty.hide()
        # A choice that could not be saved says so here, and the tiles show what is stored.
        self.problem = label("", "error")
        self.problem.setObjectName("library_problem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.sidecar_notes = SidecarNotes()
        self.grid = LibraryGrid(actions)
        self.grid.clip_hidden_toggled.connect(self._set_clip_hidden)
        self.grid.show_hidden_toggled.connect(self._set_show_hidden)
        self.grid.clip_approved.connect(self._approve_clip)
        self.grid.show_approved.connect(self._approve_show)
        self.grid.preview_requested.connect(self.open_preview)

        self.browse = QWidget()
        top = row(words.text(label("", "title"), N_("Library")), self.back_button)
        top.setStretch(0, 1)
        column = QVBoxLayout(self.browse)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(top)
        column.addWidget(self.summary)
        column.addWidget(self.sidecar_notes)
        column.addWidget(self.problem)
        column.addWidget(self.empty)
        column.addWidget(self.grid, 1)

        self.preview = LibraryPreview()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.browse)
        self.pages.addWidget(self.preview)
        self.preview.closed.connect(self._back_to_grid)
        self.preview.playing_changed.connect(self.preview_playing_changed)
        page = QVBoxLayout(self)
        page.setContentsMargins(10, 10, 10, 10)
        page.addWidget(self.pages)

    @property
    def tiles(self) -> list[LibraryTile]:
        """The tiles as shown now, with the changes made here since the last `refresh()`."""
        return self.grid.tiles

    @property
    def is_previewing(self) -> bool:
        return self.preview.clip is not None

    def refresh(self) -> None:
        """Read `tiles()` again (after a rescan, say), keeping the scroll position. While the
        folder is still being read, it reads them again each second, so a parent who opens
        the view at start sees the clips arrive rather than an empty library."""
        loading = self._loading = self._actions.loading()
        self.grid.set_tiles(self._actions.tiles())
        self.sidecar_notes.show_reports(self._actions.sidecar_reports())
        self._show_summary()
        if loading and self.isVisible():
            self._reading.start()
        else:
            self._reading.stop()

    def open_preview(self, clip: Clip) -> None:
        self._return_focus_to = QApplication.focusWidget()
        self.pages.setCurrentWidget(self.preview)  # first, so the screen has its size
        self.preview.open(self._actions.preview_player(), clip)
        focus_first(self.preview)

    def _back_to_grid(self) -> None:
        self.pages.setCurrentWidget(self.browse)
        # Back where the parent was: the picture of the clip just previewed.
        back_to = self._return_focus_to
        self._return_focus_to = None
        if back_to is not None and back_to.isVisible():
            back_to.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            focus_first(self.browse)

    def close_preview(self) -> None:
        """Stop the preview, if one is open, and go back to the grid."""
        self.preview.close_preview()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc closes a preview; on the grid it is left to the panel (back to its first page).
        if event.key() == Qt.Key.Key_Escape and self.is_previewing:
            self.close_preview()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.problem.hide()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self._reading.stop()
        self.close_preview()
        super().hideEvent(event)

    def _show_summary(self) -> None:
        """The summary line, or why there is nothing to show, in the language now."""
        tiles = self.grid.tiles
        self.empty.setText(_(READING) if self._loading else _(EMPTY_LIBRARY))
        self.summary.setText(library_summary(tiles))
        self.summary.setVisible(bool(tiles))
        self.empty.setVisible(not tiles)
        self.grid.setVisible(bool(tiles))

    def _saved(self, choice: Callable[[], None]) -> bool:
        """Carry out a choice; if it could not be saved, say so and show what is stored."""
        try:
            choice()
        except LibraryChoiceFailed as failure:
            self.problem.setText(str(failure))
            self.problem.show()
            self.refresh()
            return False
        self.problem.hide()
        return True

    def _set_clip_hidden(self, clip: Clip, hidden: bool) -> None:
        if self._saved(lambda: self._actions.set_clip_hidden(clip, hidden)):
            self._show_changes()

    def _set_show_hidden(self, show: str, hidden: bool) -> None:
        if self._saved(lambda: self._actions.set_show_hidden(show, hidden)):
            self.refresh()

    def _approve_clip(self, clip: Clip) -> None:
        self._approve(lambda tile: tile.clip.path == clip.path)

    def _approve_show(self, show: str | None) -> None:
        self._approve(lambda tile: tile.clip.show == show)

    def _approve(self, matches: Callable[[LibraryTile], bool]) -> None:
        """Approve the files of the pending tiles that match; each file once."""
        pending = [tile for tile in self.grid.tiles if tile.status == "pending" and matches(tile)]
        paths = list(dict.fromkeys(tile.clip.path for tile in pending))
        if paths and self._saved(lambda: self._actions.approve(paths)):
            self._show_changes()

    def _show_changes(self) -> None:
        """Show what a choice changed, as the app now says it is: the status rules (a clip in
        a hidden show stays hidden) are the core's, not the page's. Only the tiles that
        changed are redrawn, so a toggle in a big library stays quick."""
        fresh = self._actions.tiles()
        shown = self.grid.tiles
        if len(fresh) != len(shown):
            self.refresh()  # the library itself changed meanwhile
            return
        changed = {
            i: tile for i, (old, tile) in enumerate(zip(shown, fresh, strict=True)) if old != tile
        }
        self.grid.update_tiles(changed)
        self._show_summary()

"""The pieces of the library grid: a clip's tile and a show's heading.

Both are built once and then re-bound to whatever tile or show scrolls into their place, so a
library of thousands of clips never holds more than a screenful of them. They only show and ask:
a switch or button emits what the parent tapped, and the grid decides what it means. Sizes follow
the rest of the parent panel (a finger must hit every control), and a clip the child will not see,
hidden or still awaiting approval, is drawn dimmed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.durations import length_clock
from kiosk.core.i18n import N_, _
from kiosk.ui.language import Words
from kiosk.ui.library.layout import CONTROLS_HEIGHT, SHOW_NAME_HEIGHT, TITLE_HEIGHT
from kiosk.ui.library.model import LibraryTile, SectionSummary
from kiosk.ui.library.picture import TilePicture
from kiosk.ui.parent.theme import button, label, scaled
from kiosk.ui.parent.widgets import SwitchBox

SWITCH_TEXT = {"visible": N_("Visible"), "hidden": N_("Hidden")}
#: In place of the switch of a clip whose whole show is hidden: the show's switch decides.
SHOW_HIDDEN_NOTE = N_("Hidden with its show")


def _set_role(widget: QLabel, role: str) -> None:
    """Change a label's style role and have the style sheet read it again."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when it does not fit; the whole text is its tooltip."""

    def __init__(self, role: str = "") -> None:
        super().__init__()
        if role:
            self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Ignored: the label takes the width it is given instead of asking for the whole text.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full_text = ""

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        width = max(0, self.contentsRect().width())
        self.setText(metrics.elidedText(self.full_text, Qt.TextElideMode.ElideRight, width))


class TileWidget(QFrame):
    """One clip: its picture, title, and a visible/hidden switch or a "New — approve" button.

    A clip whose whole show is hidden has no switch of its own, only a note saying so: showing
    it again is the show's switch's job, and a dead switch would only puzzle.
    """

    hidden_toggled = Signal(bool)
    approve_clicked = Signal()
    preview_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.tile: LibraryTile | None = None
        self.picture = TilePicture()
        self.picture.clicked.connect(self.preview_clicked)
        self.title = ElidedLabel()
        self.title.setFixedHeight(scaled(TITLE_HEIGHT))
        self.switch = SwitchBox()
        self.switch.clicked.connect(lambda checked: self.hidden_toggled.emit(not checked))
        self.words = words = Words(self, TileWidget._retranslate)
        self.approve_button = words.text(
            button("", "primary", name="approve_clip"), N_("New \u2014 approve")
        )
        # Smaller than the panel's buttons, so it fits the narrowest tile and its 56 px row.
        self.approve_button.setProperty("compact", True)
        self.approve_button.clicked.connect(self.approve_clicked)
        self.note = words.text(label("", "muted"), SHOW_HIDDEN_NOTE)
        controls = QWidget()
        controls.setFixedHeight(scaled(CONTROLS_HEIGHT))
        line = QHBoxLayout(controls)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.switch)
        line.addWidget(self.approve_button)
        line.addWidget(self.note)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        column.addWidget(self.picture, 1)
        column.addWidget(self.title)
        column.addWidget(controls)

    def controls(self) -> list[QWidget]:
        """What takes the keyboard here, in reading order."""
        return [self.picture, self.switch, self.approve_button]

    def _retranslate(self) -> None:
        if self.tile is not None:
            self.bind(self.tile, self.picture.pixmap)

    @property
    def dimmed(self) -> bool:
        return self.picture.dimmed

    @property
    def title_text(self) -> str:
        return self.title.full_text

    @property
    def duration_text(self) -> str:
        return self.picture.duration_text

    @property
    def has_picture(self) -> bool:
        return self.picture.pixmap is not None

    def bind(self, tile: LibraryTile, pixmap: QPixmap | None) -> None:
        """Show `tile`; `pixmap` is its thumbnail when one is at hand."""
        self.tile = tile
        status = tile.status
        pending = status == "pending"
        # No badge at all while the length is unknown, rather than a clock that says nothing.
        duration = "" if tile.seconds is None else length_clock(tile.seconds)
        self.picture.show_tile(pixmap, duration, dimmed=status != "visible", new=pending)
        self.picture.setAccessibleName(_("Preview {title}").format(title=tile.clip.title))
        self.title.set_full_text(tile.clip.title)
        _set_role(self.title, "" if status == "visible" else "muted")
        self.approve_button.setVisible(pending)
        self.note.setVisible(status == "show_hidden")
        self.switch.setVisible(status in SWITCH_TEXT)
        if status in SWITCH_TEXT:
            self.switch.setChecked(status == "visible")
            self.switch.setText(_(SWITCH_TEXT[status]))
            self.switch.setAccessibleName(
                _("Visible to the child: {title}").format(title=tile.clip.title)
            )
        self.approve_button.setAccessibleName(_("Approve {title}").format(title=tile.clip.title))


class ShowHeader(QWidget):
    """A show's name and counts, its visible/hidden switch, and "Approve all new" when needed.

    Clips in no show have no switch: there is no show to hide, only the clips one by one.
    """

    hidden_toggled = Signal(bool)
    approve_all_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.summary: SectionSummary | None = None
        self.name = ElidedLabel("heading")
        self.name.setFixedHeight(scaled(SHOW_NAME_HEIGHT))
        self.counts = label("", "muted", wrap=False)
        self.switch = SwitchBox()
        self.switch.clicked.connect(lambda checked: self.hidden_toggled.emit(not checked))
        self.words = Words(self, ShowHeader._retranslate)
        self.approve_all = self.words.text(
            button("", "primary", name="approve_all"), N_("Approve all new")
        )
        self.approve_all.clicked.connect(self.approve_all_clicked)
        controls = QHBoxLayout()
        controls.setSpacing(10)
        controls.addWidget(self.switch)
        controls.addWidget(self.approve_all)
        controls.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 16, 4, 6)
        column.setSpacing(4)
        column.addWidget(self.name)
        column.addWidget(self.counts)
        column.addLayout(controls)

    def controls(self) -> list[QWidget]:
        """What takes the keyboard here, in reading order."""
        return [self.switch, self.approve_all]

    def _retranslate(self) -> None:
        if self.summary is not None:
            self.bind(self.summary)

    def bind(self, summary: SectionSummary) -> None:
        self.summary = summary
        self.name.set_full_text(summary.title)
        self.counts.setText(summary.counts)
        self.switch.setVisible(summary.show is not None)
        self.switch.setChecked(not summary.show_hidden)
        self.switch.setText(_("Hidden") if summary.show_hidden else _("Visible"))
        self.switch.setAccessibleName(
            _("Visible to the child: the show {title}").format(title=summary.title)
        )
        self.approve_all.setVisible(summary.pending > 0)
        self.approve_all.setAccessibleName(
            _("Approve all {count} new in {title}").format(
                count=summary.pending, title=summary.title
            )
        )

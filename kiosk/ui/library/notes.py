"""The clips.toml problems at the top of the library page: for each clips.toml that has any, its
place, each problem in one sentence with its line, and the videos they keep hidden.

A problem in a clips.toml fails closed, so a video the parent expects may be missing from the
grid below; this says why without a terminal (`kiosk check` says the same). A library with many
problems shows the first few, and points to `kiosk check` for the rest, so the grid stays in view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.library.scan import SidecarReport
from kiosk.core.names import printable
from kiosk.ui.language import follow_language
from kiosk.ui.library.model import hidden_sentence, problem_sentence
from kiosk.ui.parent.theme import card, label

#: The most problems listed here; `kiosk check` lists them all.
PROBLEMS_SHOWN = 6

HEADING = N_("Problems in clips.toml files")


class SidecarNotes(QWidget):
    """A card of clips.toml problems, hidden while there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("library_sidecar_notes")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._card: QFrame | None = None
        self._reports: list[SidecarReport] = []
        self.hide()
        follow_language(self, SidecarNotes._retranslate)

    @property
    def lines(self) -> list[str]:
        """The text shown, line by line (empty while hidden)."""
        return [text for _, text in note_lines(self._reports)]

    def show_reports(self, reports: list[SidecarReport]) -> None:
        if reports == self._reports:
            return  # the view refreshes every second while reading: no flicker
        self._reports = list(reports)
        self._show()

    def _retranslate(self) -> None:
        self._show()

    def _show(self) -> None:
        reports = self._reports
        if self._card is not None:
            self._column.removeWidget(self._card)
            self._card.deleteLater()
            self._card = None
        if not reports:
            self.hide()
            return
        self._card = card(*(label(text, role) for role, text in note_lines(reports)))
        self._column.addWidget(self._card)
        self.show()


def note_lines(reports: list[SidecarReport]) -> list[tuple[str, str]]:
    """(style role, text) of each line: the heading, then each file's place, problems and
    hidden videos, while the problems shown stay within `PROBLEMS_SHOWN`."""
    if not reports:
        return []
    shown: list[tuple[str, str]] = [("heading", _(HEADING))]
    left = PROBLEMS_SHOWN
    for report in reports:
        if left <= 0:
            break
        shown.append(("warn", printable(report.place)))
        shown.extend(("", printable(problem_sentence(p))) for p in report.problems[:left])
        left -= len(report.problems)
        if report.hidden:
            shown.append(("muted", hidden_sentence(report.hidden)))
    more = sum(len(report.problems) for report in reports) - PROBLEMS_SHOWN
    if more > 0:
        shown.append(
            (
                "muted",
                ngettext(
                    "{count} more problem is listed by: kiosk check",
                    "{count} more problems are listed by: kiosk check",
                    more,
                ).format(count=more),
            )
        )
    return shown

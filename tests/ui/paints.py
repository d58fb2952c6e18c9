"""Which pixels a widget repainted: a filter that keeps the region of every paint event.

An idle screen must not repaint what did not change, so the idle tests drive a timer's tick by
hand (no waiting) and then read what was painted, and where.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QWidget


class PaintRecorder(QObject):
    """Keeps the region of each paint event `widget` gets, until `clear`."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.regions: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.regions.append(QRegion(event.region()))
        return False

    def settle(self) -> list[QRegion]:
        """Let Qt deliver the paints asked for so far, and return them."""
        QApplication.processEvents()
        return list(self.regions)

    def clear(self) -> None:
        QApplication.processEvents()
        self.regions.clear()


def area(region: QRegion) -> int:
    """Pixels in `region`."""
    return sum(rect.width() * rect.height() for rect in region)


def within(region: QRegion, bounds: QRect) -> bool:
    return QRegion(bounds).united(region) == QRegion(bounds)

"""The week page's chart: a bar of minutes watched for each day, a mark at that day's limit, and
today's bar in the bright colour.

Drawn with QPainter rather than a chart library. Qt's own charts (Qt Charts, Qt Graphs) are in
PySide6-Addons, a download several times the size of the PySide6-Essentials the kiosk needs, for
seven bars; pyqtgraph would bring numpy and a plotting toolkit's look that the parent's theme
would have to undo. Seven bars, a mark each and a few labels are a short paint method, drawn in
the panel's own colours and sizes, with every position a plain function the pixel tests check.
Its words and the room for them grow with the system's font, as the rest of the panel's do;
assistive technology finds it as a chart whose description reads every day out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.dates import date_words, short_weekday
from kiosk.core.i18n import N_, _
from kiosk.core.report.formats import watched_line
from kiosk.core.report.usage import DayUsage
from kiosk.ui.accessible import ensure_installed
from kiosk.ui.language import Words
from kiosk.ui.parent.colours import FIELD_BORDER, MUTED, PRIMARY, TEXT
from kiosk.ui.parent.theme import scaled

BAR = QColor(92, 108, 186)
TODAY = PRIMARY
LIMIT = QColor(255, 210, 122)  # the theme's "warn" yellow
GRID = FIELD_BORDER
#: Room for the minute labels at the left, the values above the bars and the days below.
MARGINS = (46, 30, 10, 34)  # left, top, right, bottom, at the usual text size
#: The share of its slot a bar fills, and the share its limit mark spans.
BAR_SHARE = 0.56
MARK_SHARE = 0.84
MARK_THICKNESS = 4
#: The scale runs to at least this, so a quiet week still has a readable chart.
MIN_SCALE_MINUTES = 15


class WeekChart(QWidget):
    """Bars of minutes per day, oldest at the left and today at the right."""

    accessible_role = QAccessible.Role.Chart

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ensure_installed()
        self.days: tuple[DayUsage, ...] = ()
        self.today: date | None = None
        self.setMinimumHeight(scaled(240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.words = Words(self, WeekChart._retranslate)
        self.words.name(self, N_("Minutes watched each day, against the day's limit"))

    def sizeHint(self) -> QSize:
        return QSize(scaled(640), scaled(260))

    def show_days(self, days: Sequence[DayUsage], today: date) -> None:
        self.days, self.today = tuple(days), today
        self._retranslate()

    def _retranslate(self) -> None:
        """The days in words for a screen reader, and the names under the bars, painted again."""
        self.setAccessibleDescription(
            " ".join(
                _("{day}: {watched}").format(day=date_words(day.date), watched=watched_line(day))
                for day in self.days
            )
        )
        self.update()

    # Geometry, in widget pixels.

    def plot_area(self) -> QRectF:
        left, top, right, bottom = (scaled(margin) for margin in MARGINS)
        return QRectF(self.rect()).adjusted(left, top, -right, -bottom)

    def scale_minutes(self) -> int:
        """The minutes at the top of the plot: the most watched or the highest limit, rounded up
        to a whole step, so the grid lines fall on round numbers."""
        highest = max(
            [MIN_SCALE_MINUTES]
            + [day.watched_seconds / 60 for day in self.days]
            + [day.limit_seconds / 60 for day in self.days if day.limit_seconds is not None]
        )
        step = grid_step(highest)
        return step * math.ceil(highest / step)

    def y_for(self, seconds: float) -> float:
        """The height in the plot that stands for `seconds`."""
        area = self.plot_area()
        share = min(1.0, seconds / 60 / self.scale_minutes())
        return area.bottom() - share * area.height()

    def slot(self, index: int) -> QRectF:
        area = self.plot_area()
        width = area.width() / max(1, len(self.days))
        return QRectF(area.left() + index * width, area.top(), width, area.height())

    def bar_rect(self, index: int) -> QRectF:
        slot = self.slot(index)
        width = round(slot.width() * BAR_SHARE)
        left = round(slot.center().x() - width / 2)
        top = round(self.y_for(self.days[index].watched_seconds))
        return QRectF(left, top, width, round(slot.bottom()) - top)

    def limit_y(self, index: int) -> int | None:
        """The row the day's limit mark is centred on; None for a day with no limit."""
        limit = self.days[index].limit_seconds
        return None if limit is None else round(self.y_for(limit))

    # Painting.

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setFont(_font(self.font(), 14))
        self._paint_grid(painter)
        for index, day in enumerate(self.days):
            self._paint_day(painter, index, day)
        painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        area = self.plot_area()
        top = self.scale_minutes()
        step = grid_step(top)
        painter.setPen(QPen(GRID, 1))
        for minutes in range(0, top + 1, step):
            y = round(self.y_for(minutes * 60))
            painter.drawLine(round(area.left()), y, round(area.right()), y)
            label = QRectF(0, y - scaled(10), scaled(MARGINS[0] - 8), scaled(20))
            painter.setPen(MUTED)
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{minutes}"
            )
            painter.setPen(QPen(GRID, 1))

    def _paint_day(self, painter: QPainter, index: int, day: DayUsage) -> None:
        is_today = day.date == self.today
        bar = self.bar_rect(index)
        if bar.height() > 0:
            painter.fillRect(bar, TODAY if is_today else BAR)
        slot = self.slot(index)
        limit_y = self.limit_y(index)
        if limit_y is not None:
            width = round(slot.width() * MARK_SHARE)
            left = round(slot.center().x() - width / 2)
            painter.fillRect(
                QRectF(left, limit_y - MARK_THICKNESS // 2, width, MARK_THICKNESS), LIMIT
            )
        painter.setPen(TEXT)
        value = QRectF(slot.left(), bar.top() - scaled(24), slot.width(), scaled(20))
        painter.drawText(value, Qt.AlignmentFlag.AlignCenter, f"{round(day.watched_seconds / 60)}")
        name = _("Today") if is_today else short_weekday(day.date)
        painter.setFont(_font(self.font(), 15, bold=is_today))
        painter.setPen(TEXT if is_today else MUTED)
        below = QRectF(slot.left(), slot.bottom() + scaled(6), slot.width(), scaled(24))
        painter.drawText(below, Qt.AlignmentFlag.AlignCenter, name)
        painter.setFont(_font(self.font(), 14))


def grid_step(minutes: float) -> int:
    """Grid lines every 15 minutes up to an hour and a half, every 30 up to three hours, then
    every hour: four to six lines, whatever the week."""
    if minutes <= 90:
        return 15
    if minutes <= 180:
        return 30
    return 60


def _font(base: QFont, pixels: int, *, bold: bool = False) -> QFont:
    """`base` at `pixels` (at the usual text size, grown with the system's font)."""
    font = QFont(base)
    font.setPixelSize(scaled(pixels))
    font.setBold(bold)
    return font

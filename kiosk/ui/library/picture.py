"""A tile's picture: the clip's thumbnail, or a calm placeholder until one arrives (painted by
`paint_picture`, which the week page's show pictures use too).

The thumbnail fills the picture, cropped rather than letterboxed, so a grid of mixed portrait and
landscape clips stays even. The clip's length sits in a corner badge, a new clip gets a "New"
badge, and a clip the child will not see (hidden, or awaiting approval) is painted dimmed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from kiosk.core.i18n import _
from kiosk.ui.accessible import ensure_installed
from kiosk.ui.parent.colours import FIELD, FOCUS, MUTED
from kiosk.ui.parent.keys import ENTER_KEYS, arrow_direction
from kiosk.ui.parent.theme import scaled

DIM = QColor(16, 22, 52, 175)
BADGE = QColor(0, 0, 0, 170)
NEW_BADGE = QColor(255, 210, 122)


class TilePicture(QWidget):
    """The clip's thumbnail (or a placeholder until it arrives) with its length in a corner.

    Tapping it, or Enter or Space while it has focus, emits `clicked()`: the preview opens.
    """

    clicked = Signal()

    accessible_role = QAccessible.Role.Button

    def __init__(self) -> None:
        super().__init__()
        ensure_installed()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pixmap: QPixmap | None = None
        self.duration_text = ""
        self.dimmed = False
        self.new = False
        self._pressed = False

    def show_tile(self, pixmap: QPixmap | None, duration: str, *, dimmed: bool, new: bool) -> None:
        self.pixmap, self.duration_text, self.dimmed, self.new = pixmap, duration, dimmed, new
        self.update()

    def activate(self) -> None:
        """A press from assistive technology: the preview opens, as for a tap."""
        self.clicked.emit()

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self.pixmap = pixmap
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = event.button() == Qt.MouseButton.LeftButton
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed = self._pressed, False
        if pressed and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        forward = arrow_direction(event)
        if forward is not None:
            self.focusNextPrevChild(forward)
        elif event.key() in ENTER_KEYS or event.key() == Qt.Key.Key_Space:
            self.clicked.emit()
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        paint_picture(painter, area, self.pixmap, radius=12)
        if self.dimmed:
            painter.fillRect(area, DIM)
        if self.new:
            self._paint_badge(painter, _("New"), area.left() + 8, area.top() + 8, NEW_BADGE)
        if self.duration_text:
            self._paint_duration(painter, area)
        if self.hasFocus():
            painter.setClipping(False)
            painter.setPen(QPen(FOCUS, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(area.adjusted(1.5, 1.5, -1.5, -1.5), 11, 11)
        painter.end()

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(scaled(15))
        font.setBold(True)
        return font

    def _paint_duration(self, painter: QPainter, area: QRectF) -> None:
        painter.setFont(self._badge_font())
        width = painter.fontMetrics().horizontalAdvance(self.duration_text) + 14
        left = area.right() - width - 6
        top = area.bottom() - self._badge_height() - 6
        self._paint_badge(painter, self.duration_text, left, top, BADGE)

    @staticmethod
    def _badge_height() -> int:
        return scaled(24)

    def _paint_badge(
        self, painter: QPainter, text: str, left: float, top: float, fill: QColor
    ) -> None:
        painter.setFont(self._badge_font())
        width = painter.fontMetrics().horizontalAdvance(text) + 14
        box = QRectF(left, top, width, self._badge_height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 7, 7)
        painter.setPen(QColor(11, 18, 48) if fill == NEW_BADGE else QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def paint_picture(
    painter: QPainter, area: QRectF, pixmap: QPixmap | None, *, radius: float
) -> None:
    """The picture cropped to fill `area` with rounded corners, or the placeholder while there
    is none; the painter stays clipped to the rounded area for what is drawn over it."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = QPainterPath()
    outline.addRoundedRect(area, radius, radius)
    painter.setClipPath(outline)
    if pixmap is not None and not pixmap.isNull():
        paint_cover(painter, area, pixmap)
    else:
        paint_placeholder(painter, area)


def paint_cover(painter: QPainter, area: QRectF, pixmap: QPixmap) -> None:
    """Fill `area` with the picture, cropping its middle rather than leaving bars."""
    scale = max(area.width() / pixmap.width(), area.height() / pixmap.height())
    source = QRectF(0, 0, area.width() / scale, area.height() / scale)
    source.moveCenter(QRectF(pixmap.rect()).center())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawPixmap(area, pixmap, source)


def paint_placeholder(painter: QPainter, area: QRectF) -> None:
    """A calm field with a play sign: the picture is on its way, or there is none."""
    painter.fillRect(area, FIELD)
    side = min(area.width(), area.height()) * 0.28
    x, y = area.center().x(), area.center().y()
    triangle = QPolygonF(
        [
            QPointF(x - side * 0.4, y - side / 2),
            QPointF(x - side * 0.4, y + side / 2),
            QPointF(x + side * 0.55, y),
        ]
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MUTED)
    painter.drawPolygon(triangle)

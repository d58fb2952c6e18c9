"""The lock screen's night sky with the child's "please, more": a raised-hand button under the
moon, the parent's answer chips, and the picture a parent's answer shows the child.

The hand is down while the child may ask, up (and glowing) once the child asked, and gone once a
parent answered "not today". The chips are words for the parent: what the PIN typed next will
do ("One more clip" always; "+5 min" and "Not today" too while the child's ask waits). The
screen only shows and says where a tap landed (`hit`); the lock screen decides what follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.limits.ledger import AskAnswer
from kiosk.ui.lock_art import (
    chip_font,
    paint_chip,
    paint_hand_button,
    paint_happy_moon,
    paint_sleepy_moon,
)
from kiosk.ui.screens import (
    NIGHT_BOTTOM,
    NIGHT_TOP,
    TimesUpScreen,
    fill_gradient,
    moon_centre,
    paint_stars,
)

Hand = Literal["hidden", "down", "up"]
#: The answer a child sees: more (a happy moon) or not today (a moon gone to sleep).
Picture = Literal["happy", "sleepy"]
#: A chip: the answer it stands for, and its words for the parent.
Chip = tuple[AskAnswer, str]

HAPPY_TOP, HAPPY_BOTTOM = QColor(58, 78, 160), QColor(226, 150, 120)


class LockMoon(TimesUpScreen):
    """The time's-up night sky, with the hand, the chips and the answer pictures over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hand: Hand = "hidden"
        self.chips: tuple[Chip, ...] = ()
        self.picture: Picture | None = None

    def set_ask(self, hand: Hand, chips: Sequence[Chip]) -> None:
        if (hand, tuple(chips)) != (self.hand, self.chips):
            self.hand, self.chips = hand, tuple(chips)
            self.update()

    def show_picture(self, picture: Picture | None) -> None:
        self.picture = picture
        self.update()

    def set_twinkle(self, twinkle: float) -> None:
        """The stars twinkle as on the plain night sky; the raised hand's glow and an answer's
        picture move with them, so those are painted again too (nothing else is)."""
        super().set_twinkle(twinkle)
        if self.picture is not None:
            self.update()
        elif self.hand == "up":
            self.update(self.hand_reach())

    # Where things are, for taps and tests.

    def hand_rect(self) -> QRectF:
        area = QRectF(self.rect())
        side = min(area.width(), area.height())
        diameter = max(56.0, side * 0.2)
        rect = QRectF(0, 0, diameter, diameter)
        rect.moveCenter(QPointF(area.center().x(), area.top() + area.height() * 0.68))
        return rect

    def hand_reach(self) -> QRect:
        """The pixels the hand button may paint: the button and its edge (a pen of up to a
        twentieth of the radius, antialiased), and when it is raised, its glow and wave marks,
        which reach 1.65 radii out."""
        hand = self.hand_rect()
        out = hand.width() * (0.35 if self.hand == "up" else 0.03) + 2
        return hand.adjusted(-out, -out, out, out).toAlignedRect()

    def chip_rects(self) -> list[QRectF]:
        """The chips side by side under the hand, wrapping to a second row on a narrow screen."""
        area = QRectF(self.rect())
        height = max(34.0, min(area.width(), area.height()) * 0.07)
        metrics = QFontMetricsF(chip_font(height))
        widths = [metrics.horizontalAdvance(words) + height * 0.9 for _, words in self.chips]
        gap = height * 0.4
        room = area.width() - height * 0.5
        rows: list[list[float]] = []
        for width in widths:
            if rows and sum(rows[-1]) + gap * len(rows[-1]) + width <= room:
                rows[-1].append(width)
            else:
                rows.append([width])
        rects = []
        top = area.top() + area.height() * 0.79 - height / 2
        for row_widths in rows:
            left = area.center().x() - (sum(row_widths) + gap * (len(row_widths) - 1)) / 2
            for width in row_widths:
                rects.append(QRectF(left, top, width, height))
                left += width + gap
            top += height + gap
        return rects

    def hit(self, point: QPointF) -> AskAnswer | Literal["hand"] | None:
        """What a tap at `point` means: "hand", an answer of a chip, or None (the rest)."""
        if self.picture is not None:
            return None
        if self.hand == "down" and _in_circle(point, self.hand_rect()):
            return "hand"
        for (answer, _), rect in zip(self.chips, self.chip_rects(), strict=True):
            if rect.adjusted(-6, -6, 6, 6).contains(point):
                return answer
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = QRectF(self.rect())
        if self.picture is not None:
            self._paint_picture(painter, area, self.picture)
        else:
            dirty = event.region()
            self.paint_night(painter, dirty)
            # Only what the dirty region touches: a twinkle repaints a few stars' squares, and
            # drawing the hand button for them cost more than the stars (bench_idle).
            if self.hand != "hidden" and dirty.intersects(self.hand_reach()):
                paint_hand_button(
                    painter, self.hand_rect(), raised=self.hand == "up", glow=self.twinkle
                )
            for (_, words), rect in zip(self.chips, self.chip_rects(), strict=True):
                if dirty.intersects(rect.adjusted(-2, -2, 2, 2).toAlignedRect()):
                    paint_chip(painter, rect, words)
        painter.end()

    def _paint_picture(self, painter: QPainter, area: QRectF, picture: Picture) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(area.width(), area.height())
        if picture == "happy":
            fill_gradient(painter, area, HAPPY_TOP, HAPPY_BOTTOM)
            paint_stars(painter, area, self.twinkle)
            paint_happy_moon(painter, moon_centre(area), side * 0.22)
        else:
            fill_gradient(painter, area, NIGHT_TOP.darker(130), NIGHT_BOTTOM.darker(130))
            paint_stars(painter, area, self.twinkle)
            paint_sleepy_moon(painter, moon_centre(area), side * 0.2, self.twinkle)


def _in_circle(point: QPointF, rect: QRectF) -> bool:
    offset = point - rect.center()
    reach = rect.width() / 2 + 8  # a little slack for a small finger
    return offset.x() ** 2 + offset.y() ** 2 <= reach**2

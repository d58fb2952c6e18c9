"""The calm time indicator painted over the feed: a ring that empties as the session runs out.

Children cannot read numbers, so the ring shows time as a shrinking arc and a colour that warms
from green to amber near the end. A warning makes the ring swell and glow for a moment, which a
child notices without words. Parents can turn on minutes as numbers (`session.show_numbers`).
With a clip budget the corner shows a dot for each clip instead (`clip_dots`), in the same
colours and with the same swell. In the bedtime wind-down a small moon rises inside the ring
(or beside the dots), from below its rim to its middle as bedtime comes.

For assistive technology the ring is a progress bar whose value is the time left in words
(`TimeRingSpot`, an empty widget over the painted ring), and a warning is announced.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QAccessible, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.durations import short_countdown, time_left_spoken
from kiosk.core.i18n import N_
from kiosk.ui.accessible import announce, ensure_installed, value_changed
from kiosk.ui.clip_dots import dot_centres, dot_diameter, paint_clip_dots
from kiosk.ui.language import Words
from kiosk.ui.reduced_motion import motion_allowed
from kiosk.ui.screens import MOON, crescent

CALM = QColor(120, 220, 160)
NEAR_END = QColor(255, 196, 90)
LAST_SECONDS = QColor(255, 150, 90)
TRACK = QColor(255, 255, 255, 70)
DUSK = QColor(20, 28, 70)


class TimeRing(QObject):
    """State and painting of the ring; the feed calls `paint` from its overlay hook, and
    `repaint` is called whenever it looks different (not at every tick of the time rules)."""

    def __init__(self, repaint: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._repaint = repaint
        self.fraction_left = 1.0
        self.seconds_left = 0
        self.show_numbers = False
        self.near_end = False
        self.last_seconds = False
        # The clip budget: clips left of all the session's (None: the ring, no dots).
        self.clips_left: int | None = None
        self.clips_total = 0
        # The most dots ever shown: their pixels are repainted even after the ring came back.
        self._most_dots = 0
        self.wind_down = 0.0  # 0..1: how high the moon has risen
        #: The ring as assistive technology finds it, once `attach` put it over a feed.
        self.spot: TimeRingSpot | None = None
        self._spoken = ""
        self._pulse = 0.0
        self._painted_looks: tuple[int, QColor, str | None] | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setKeyValueAt(0.5, 1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(1800)
        self._animation.setLoopCount(2)
        self._animation.valueChanged.connect(self._on_pulse)

    def update_time(
        self, *, seconds_left: float, session_seconds: float, warn_levels: tuple[int, ...]
    ) -> None:
        """Show `seconds_left` of a session of `session_seconds`; colours follow the warning steps."""
        self.seconds_left = max(0, math.ceil(seconds_left))
        self.fraction_left = (
            0.0 if session_seconds <= 0 else min(1.0, max(0.0, seconds_left / session_seconds))
        )
        first = warn_levels[0] if warn_levels else 0
        last = warn_levels[-1] if warn_levels else 0
        self.near_end = seconds_left <= first
        self.last_seconds = len(warn_levels) > 1 and seconds_left <= last
        spoken = self.spoken_time_left()
        if spoken != self._spoken:
            self._spoken = spoken
            if self.spot is not None:
                value_changed(self.spot, spoken)
        # Told once a second: repainted only when a pixel of it would change.
        looks = self._looks()
        if looks != self._painted_looks:
            self._painted_looks = looks
            self._call_repaint()

    def _looks(self) -> tuple[int, QColor, str | None]:
        """What a paint at rest shows: the arc in Qt's 1/16 degrees, its colour, the number."""
        number = short_countdown(self.seconds_left) if self.show_numbers else None
        return int(-360 * 16 * self.fraction_left), self.colour(), number

    def update_clips(self, *, clips_left: int | None, clips_total: int | None) -> None:
        """Dots for the clip budget instead of the ring; None for either: the ring."""
        dots = None if clips_left is None or clips_total is None else clips_left
        if (dots, clips_total) != (self.clips_left, self.clips_total):
            self.clips_left, self.clips_total = dots, clips_total or 0
            self._most_dots = max(self._most_dots, self.clips_total)
            self._call_repaint()

    def set_wind_down(self, level: float) -> None:
        """The bedtime wind-down at `level` (0..1): the moon's height."""
        level = min(1.0, max(0.0, level))
        if level != self.wind_down:
            self.wind_down = level
            self._call_repaint()

    @property
    def shows_dots(self) -> bool:
        return self.clips_left is not None

    def spoken_time_left(self) -> str:
        """The time left in words, as assistive technology reads the ring."""
        return time_left_spoken(self.seconds_left)

    def attach(self, host: QWidget) -> None:
        """Put the ring's accessible spot over `host` (the feed it is painted on)."""
        self.spot = TimeRingSpot(self, host)

    def warn(self) -> None:
        """Swell and glow for a few seconds: the visual half of a warning; assistive technology
        is told the time left. With motion reduced the ring keeps still; its colour still says
        the end is near."""
        if self.spot is not None:
            announce(self.spot, self.spoken_time_left())
        self._animation.stop()
        if motion_allowed():
            self._animation.start()

    @property
    def is_pulsing(self) -> bool:
        return self._animation.state() == QVariantAnimation.State.Running

    def _on_pulse(self, value: object) -> None:
        self._pulse = float(value)  # type: ignore[arg-type]
        self._call_repaint()

    def _call_repaint(self) -> None:
        if callable(self._repaint):
            self._repaint()

    def bounds(self, area: QRectF) -> QRectF:
        """Every pixel the corner may paint in `area`: the ring's, and with a clip budget the dots'
        and their moon's, each at the height of a pulse. A change repaints this and nothing else;
        it holds both, so a switch between the ring and the dots leaves nothing stale."""
        bounds = ring_bounds(area)
        if self._most_dots > 0:
            reach = dot_diameter(area) / 2 * 1.35 + 3  # a lit dot's swell and its shadow
            for centre in dot_centres(area, self._most_dots):
                dot = QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)
                bounds = bounds.united(dot)
            bounds = bounds.united(moon_box_beside_dots(area, self._most_dots))
        return bounds.adjusted(-1, -1, 1, 1)

    def colour(self) -> QColor:
        if self.last_seconds:
            return LAST_SECONDS
        return NEAR_END if self.near_end else CALM

    def paint(self, painter: QPainter, area: QRectF) -> None:
        """Paint the ring (or the dots) in the top-right corner of `area`, larger while a
        warning pulses, with the moon in the wind-down."""
        if self.clips_left is not None:
            paint_clip_dots(
                painter,
                area,
                total=self.clips_total,
                left=self.clips_left,
                colour=self.colour(),
                pulse=self._pulse,
            )
            if self.wind_down > 0:
                paint_rising_moon(
                    painter, moon_box_beside_dots(area, self.clips_total), self.wind_down
                )
            return
        box = ring_box(area, self._pulse)
        width = ring_width(box)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._pulse > 0:
            glow = QColor(self.colour())
            glow.setAlpha(int(110 * self._pulse))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(glow)
            painter.drawEllipse(box.adjusted(-width, -width, width, width))
        ring = box.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(TRACK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(ring)
        if self.fraction_left > 0:
            painter.setPen(
                QPen(self.colour(), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            # Qt angles are in 1/16 degree, counter-clockwise from 3 o'clock; start at 12 o'clock.
            painter.drawArc(ring, 90 * 16, self._looks()[0])
        if self.wind_down > 0:
            paint_rising_moon(painter, ring, self.wind_down)
        if self.show_numbers:
            self._paint_minutes(painter, box)
        painter.restore()

    def _paint_minutes(self, painter: QPainter, box: QRectF) -> None:
        font = QFont()
        font.setPixelSize(max(9, int(box.height() * 0.26)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255, 230))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, short_countdown(self.seconds_left))


class TimeRingSpot(QWidget):
    """Where the ring is painted, for assistive technology: a progress bar whose value is the time
    left in words. It paints nothing, takes no focus and lets every touch through to the feed."""

    accessible_role = QAccessible.Role.ProgressBar

    def __init__(self, ring: TimeRing, host: QWidget) -> None:
        super().__init__(host)
        ensure_installed()
        self._ring = ring
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.words = Words(self)
        self.words.name(self, N_("Time left in this session"))
        host.installEventFilter(self)
        self._place()
        self.show()

    def accessible_value(self) -> str:
        return self._ring.spoken_time_left()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(ring_box(QRectF(host.rect())).toAlignedRect())


def ring_box(area: QRectF, pulse: float = 0.0) -> QRectF:
    """The ring's square in the top-right corner of `area`; a pulse swells it by up to 60 %."""
    short_side = min(area.width(), area.height())
    diameter = max(28.0, short_side * 0.085) * (1.0 + 0.6 * pulse)
    margin = max(12.0, short_side * 0.035)
    return QRectF(area.right() - margin - diameter, area.top() + margin, diameter, diameter)


def ring_bounds(area: QRectF) -> QRectF:
    """Every pixel the ring may paint in `area`, its glow at the height of a pulse included: a
    change of the ring repaints this and nothing else."""
    box = ring_box(area, 1.0)
    reach = ring_width(box) + 2
    return box.adjusted(-reach, -reach, reach, reach)


def ring_width(box: QRectF) -> float:
    return max(4.0, box.width() * 0.16)


def arc_start(area: QRectF) -> QPointF:
    """A point on the ring at 12 o'clock, where the arc starts: tests read its colour there."""
    box = ring_box(area)
    return QPointF(box.center().x(), box.top() + ring_width(box) / 2)


def moon_box_beside_dots(area: QRectF, total: int) -> QRectF:
    """A square the height of two dots, left of the first row of dots."""
    centres = dot_centres(area, min(total, 10)) or [QPointF(area.right(), area.top())]
    diameter = dot_diameter(area) * 2.2
    first = centres[0]
    return QRectF(first.x() - diameter * 1.25, first.y() - diameter / 2.6, diameter, diameter)


def paint_rising_moon(painter: QPainter, box: QRectF, level: float) -> None:
    """A dusk sky filling `box` as a disc, and a crescent moon rising in it with `level`: just
    below the rim at 0, in the middle at 1. Everything stays inside the disc."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QPainterPath()
    disc.addEllipse(box)
    painter.setClipPath(disc, Qt.ClipOperation.IntersectClip)
    sky = QColor(DUSK)
    sky.setAlpha(int(90 + 120 * level))
    painter.fillPath(disc, sky)
    radius = box.width() * 0.3
    centre = QPointF(box.center().x(), box.bottom() + radius - level * (box.height() / 2 + radius))
    painter.fillPath(crescent(centre, radius), MOON)
    painter.restore()

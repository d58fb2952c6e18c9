"""Painting one clip's picture into its place in the feed, and the progress bar under it.

A frame is painted straight from the player's front buffer: a `QImage` wraps the locked pixels
(no copy) and is drawn while the lock is held. A clip shaped like the screen fills it, cropping
a little at most; any other clip (a landscape clip on a portrait screen) is letterboxed over a
blurred, darkened copy of itself, so the bars look like part of the picture rather than holes.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.media.interface import Player

#: Shown where there is no picture yet (a neighbour still opening) and behind letterboxes.
EMPTY = QColor(16, 16, 24)
#: A clip fills the screen (cropped) when that hides at most this fraction of its width or
#: height; beyond it the clip would lose too much, so it is letterboxed instead.
MAX_COVER_CROP = 0.2
#: The backdrop is the frame shrunk to this width and blown up again: a cheap, soft blur.
BACKDROP_WIDTH = 24
BACKDROP_DIMMING = QColor(0, 0, 0, 150)
PROGRESS_HEIGHT = 5
PROGRESS_TRACK = QColor(255, 255, 255, 50)
PROGRESS_FILL = QColor(255, 214, 120, 215)


def placement(frame_size: QSize, area: QRectF) -> tuple[QRectF, bool]:
    """Where a frame goes in `area`, and whether it covers `area` completely."""
    fw, fh = frame_size.width(), frame_size.height()
    if fw <= 0 or fh <= 0 or area.isEmpty():
        return QRectF(area), False
    fit = min(area.width() / fw, area.height() / fh)
    cover = max(area.width() / fw, area.height() / fh)
    covers = 1.0 - fit / cover <= MAX_COVER_CROP
    scale = cover if covers else fit
    width, height = fw * scale, fh * scale
    target = QRectF(0, 0, width, height)
    target.moveCenter(area.center())
    return target, covers


def paint_clip(painter: QPainter, player: Player | None, area: QRectF) -> bool:
    """Paint the player's current picture into `area`; False when there was none to paint."""
    painter.save()
    try:
        painter.setClipRect(area)
        if player is None or not player.has_frame:
            painter.fillRect(area, EMPTY)
            return False
        with player.frame() as frame:
            if frame is None or frame.width <= 0 or frame.height <= 0:
                painter.fillRect(area, EMPTY)
                return False
            # Wraps the locked buffer without copying; it must not outlive this block.
            image = QImage(
                frame.pixels, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32
            )
            target, covers = placement(image.size(), area)
            if not covers:
                _paint_backdrop(painter, image, area, target)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
            return True
    finally:
        painter.restore()


def paint_progress(painter: QPainter, area: QRectF, fraction: float) -> None:
    """A thin bar along the bottom edge of `area`, filled to `fraction` (0..1)."""
    fraction = min(max(fraction, 0.0), 1.0)
    track = QRectF(area.left(), area.bottom() - PROGRESS_HEIGHT, area.width(), PROGRESS_HEIGHT)
    painter.fillRect(track, PROGRESS_TRACK)
    if fraction > 0.0:
        filled = QRectF(track)
        filled.setWidth(track.width() * fraction)
        painter.fillRect(filled, PROGRESS_FILL)


def _paint_backdrop(painter: QPainter, image: QImage, area: QRectF, target: QRectF) -> None:
    """Fill the letterbox bars (only the bars: the clip covers the rest) with a soft blur."""
    bars = QRegion(area.toAlignedRect()).subtracted(QRegion(target.toRect()))
    if bars.isEmpty():
        return
    painter.save()
    painter.setClipRegion(bars, Qt.ClipOperation.IntersectClip)
    painter.fillRect(area, EMPTY)
    small_height = max(1, round(BACKDROP_WIDTH * image.height() / max(1, image.width())))
    small = image.scaled(
        BACKDROP_WIDTH,
        small_height,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    cover = max(area.width() / small.width(), area.height() / small.height())
    blurred = QRectF(0, 0, small.width() * cover, small.height() * cover)
    blurred.moveCenter(area.center())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(blurred, small)
    painter.fillRect(area, BACKDROP_DIMMING)
    painter.restore()


def frame_box(size: QSize, device_pixel_ratio: float) -> tuple[int, int]:
    """The widget's size in device pixels: frames decoded at this size need no scaling."""
    return (
        max(1, round(size.width() * device_pixel_ratio)),
        max(1, round(size.height() * device_pixel_ratio)),
    )

"""Reading what the feed painted: grab the widget and name the colour at a point."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget


def painted(widget: QWidget) -> QImage:
    """The widget as it paints now (through its paintEvent), at its logical size."""
    return widget.grab().toImage()


def colour_name(colour: QColor) -> str:
    """Name a colour: red, green, blue, white, dark or other, with room for video colour shifts."""
    r, g, b = colour.red(), colour.green(), colour.blue()
    if min(r, g, b) > 190:
        return "white"
    if max(r, g, b) < 50:
        return "dark"
    channels = {"red": (r, (g, b)), "green": (g, (r, b)), "blue": (b, (r, g))}
    for name, (main, rest) in channels.items():
        # ffmpeg's "green" is 0x008000, so half brightness still counts.
        if main > 100 and max(rest) < min(80, main // 2):
            return name
    return "other"


def colour_at(widget: QWidget, x: float, y: float) -> str:
    return colour_name(painted(widget).pixelColor(int(x), int(y)))


def centre_colour(widget: QWidget) -> str:
    return colour_at(widget, widget.width() / 2, widget.height() / 2)


def count_near_white(image: QImage, y: int) -> int:
    """Near-white pixels on row `y`: the pause sign's bars, on a coloured clip."""
    return sum(colour_name(image.pixelColor(x, y)) == "white" for x in range(image.width()))

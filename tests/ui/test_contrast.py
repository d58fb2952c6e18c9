"""Text on the parent's screens reaches WCAG AA: 4.5:1 against what it is drawn on, placeholder,
disabled and error texts included, and 3:1 for the lines that tell something (the focus ring).
The colours are the ones the screens use: the parent theme's, and the parent's notes painted on
the PIN pad, under the moon and on the "no clips" picture."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor

from kiosk.ui import screens
from kiosk.ui.feed import screens as feed_screens
from kiosk.ui.parent import colours
from kiosk.ui.parent.theme import dialog_style, style_sheet
from kiosk.ui.pin_pad import art

TEXT_MINIMUM = 4.5
EDGE_MINIMUM = 3.0


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    red, green, blue = (_linear(c) for c in (colour.red(), colour.green(), colour.blue()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: QColor, background: QColor) -> QColor:
    """`colour` with its alpha, as painted over an opaque `background`."""
    alpha = colour.alphaF()
    return QColor(
        *(
            round(top * alpha + bottom * (1 - alpha))
            for top, bottom in (
                (colour.red(), background.red()),
                (colour.green(), background.green()),
                (colour.blue(), background.blue()),
            )
        )
    )


def test_the_ratio_is_wcags() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


PAIRS = [(*pair, TEXT_MINIMUM) for pair in colours.TEXT_ON] + [
    (*pair, EDGE_MINIMUM) for pair in colours.EDGES_ON
]


@pytest.mark.parametrize(
    ("what", "colour", "background", "minimum"), PAIRS, ids=[what for what, *_ in PAIRS]
)
def test_each_text_and_each_line_that_tells_something_reaches_its_minimum(
    what: str, colour: QColor, background: QColor, minimum: float
) -> None:
    """Text 4.5:1 (WCAG 1.4.3), the focus ring and a refused field's border 3:1 (1.4.11)."""
    assert contrast(colour, background) >= minimum, what


def _colours_after(prefix: str, sheet: str) -> set[str]:
    return {
        match.lower() for match in re.findall(rf"(?<![-\w]){prefix}:\s*(#[0-9a-fA-F]{{6}})", sheet)
    }


def test_every_text_colour_and_every_background_of_the_style_sheets_is_checked() -> None:
    sheets = style_sheet() + dialog_style()
    texts = {text.name() for _, text, _ in colours.TEXT_ON}
    backgrounds = {background.name() for _, _, background in colours.TEXT_ON}
    assert _colours_after("color", sheets) | _colours_after("selection-color", sheets) <= texts
    behind_text = _colours_after("background", sheets) - {colours.SCROLL_HANDLE.name()}
    behind_text |= _colours_after("selection-background-color", sheets)
    behind_text |= _colours_after("alternate-background-color", sheets)
    assert behind_text <= backgrounds


@pytest.mark.parametrize(
    ("where", "text", "top", "bottom"),
    [
        (
            "the PIN pad's caption and hint",
            art.SECONDARY_TEXT,
            art.BACKGROUND_TOP,
            art.BACKGROUND_BOTTOM,
        ),
        (
            "the PIN pad's sentence for the parent",
            art.INK,
            art.BACKGROUND_TOP,
            art.BACKGROUND_BOTTOM,
        ),
        (
            "the parent's line under the moon",
            screens.PARENT_NOTE,
            screens.NIGHT_TOP,
            screens.NIGHT_BOTTOM,
        ),
        (
            "the parent's line on the no-clips picture",
            feed_screens.PARENT_NOTE,
            feed_screens.EMPTY_TOP,
            feed_screens.EMPTY_BOTTOM,
        ),
    ],
)
def test_the_parents_words_painted_on_the_childs_screens_reach_4_5_to_1(
    where: str, text: QColor, top: QColor, bottom: QColor
) -> None:
    for background in (top, bottom):
        assert contrast(over(text, background), background) >= TEXT_MINIMUM, where

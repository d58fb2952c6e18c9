"""The colours of the parent's screens, by name, and which text is drawn on which background.

One place for them, so the style sheet (`theme`), the widgets that paint themselves (the
switch, a tile's picture) and the contrast test all read the same values. `TEXT_ON` lists every
pairing of a text colour with a background it is drawn on, placeholder, disabled and error text
included; each must reach WCAG AA's 4.5:1. `EDGES_ON` lists the lines that tell something (the
focus ring, a refused field's border, a switch that is on), which need 3:1 against what is next
to them. A colour added to the style sheet as text needs its pairs here, or the test fails.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

BACKGROUND = QColor("#101634")
CARD = QColor("#1e2756")
FIELD = QColor("#0c1230")
FIELD_BORDER = QColor("#3d4a8a")
BUTTON = QColor("#2d3874")
BUTTON_DOWN = QColor("#3d4a94")
BUTTON_OFF = QColor("#252d5c")
PRIMARY = QColor("#4895ef")
PRIMARY_DOWN = QColor("#6aaaf3")
DANGER = QColor("#b8404c")
# Darker when pressed, not lighter: white on a lighter red falls below 4.5:1.
DANGER_DOWN = QColor("#a3343f")
SCROLL_HANDLE = QColor("#46539a")
DIALOG_BACKGROUND = QColor("#10163a")
DIALOG_ALTERNATE = QColor("#141b44")

TEXT = QColor("#f0f2ff")
TEXT_OFF = QColor("#989ec4")  # a disabled button's words: dimmer, still readable
HEADING = QColor("#d9e4ff")
BIG = QColor("#ffffff")
MUTED = QColor("#acb4d8")  # help texts, placeholders
ERROR = QColor("#ff9b9b")
OK = QColor("#8fe0b0")
WARN = QColor("#ffd27a")
ON_PRIMARY = QColor("#0b1230")
ON_DANGER = QColor("#fff4f4")

FOCUS = QColor("#8fbaf5")
INVALID = QColor("#ff8a8a")

#: (where, text, background) for every text colour on every background it is drawn on.
TEXT_ON: tuple[tuple[str, QColor, QColor], ...] = (
    ("text on the page", TEXT, BACKGROUND),
    ("text on a card", TEXT, CARD),
    ("text typed in a field", TEXT, FIELD),
    ("a button's words", TEXT, BUTTON),
    ("a pressed button's words", TEXT, BUTTON_DOWN),
    ("a disabled button's words", TEXT_OFF, BUTTON_OFF),
    ("a primary button's words", ON_PRIMARY, PRIMARY),
    ("a pressed primary button's words", ON_PRIMARY, PRIMARY_DOWN),
    ("a danger button's words", ON_DANGER, DANGER),
    ("a pressed danger button's words", ON_DANGER, DANGER_DOWN),
    ("a heading on a card", HEADING, CARD),
    ("a heading on the page", HEADING, BACKGROUND),
    ("the time left on a card", BIG, CARD),
    ("help text on a card", MUTED, CARD),
    ("help text on the page", MUTED, BACKGROUND),
    ("a placeholder in a field", MUTED, FIELD),
    ("an error on a card", ERROR, CARD),
    ("an error on the page", ERROR, BACKGROUND),
    ("a success on a card", OK, CARD),
    ("a success on the page", OK, BACKGROUND),
    ("a warning on a card", WARN, CARD),
    ("a warning on the page", WARN, BACKGROUND),
    ("the recovery code in its box", TEXT, FIELD),
    ("a list in the folder picker", TEXT, FIELD),
    ("an alternate row in the folder picker", TEXT, DIALOG_ALTERNATE),
    ("the folder picker's own words", TEXT, DIALOG_BACKGROUND),
    ("a chosen row in the folder picker", ON_PRIMARY, PRIMARY),
)

#: (what, line, next to it) for the lines that tell something: 3:1 (WCAG 1.4.11).
EDGES_ON: tuple[tuple[str, QColor, QColor], ...] = (
    ("the focus ring on the page", FOCUS, BACKGROUND),
    ("the focus ring on a card", FOCUS, CARD),
    ("the focus ring around a button", FOCUS, BUTTON),
    ("the focus ring around a field", FOCUS, FIELD),
    ("a refused field's border", INVALID, FIELD),
    ("a refused field's border on a card", INVALID, CARD),
    ("a switch that is on, on a card", PRIMARY, CARD),
)

"""Numbers as a parent reads them, in the kiosk's language: "4,300" and "1.5" in English, "4.300"
and "1,5" in German.

Not the `locale` module: it follows the process's C locale, which the kiosk never sets (setting
it would change how Qt and libvlc read numbers). The two separators are in the catalogue instead,
so a language brings its own. A number a parent types back (a TOML value, a time in clips.toml)
is not worded here: it keeps the dot the file needs.
"""

from __future__ import annotations

from kiosk.core.i18n import pgettext

__all__ = ["number"]


def number(value: float, *, decimals: int = 0) -> str:
    """`value` with `decimals` places and its thousands grouped: "4,300", "1.5" ("4.300", "1,5")."""
    english = f"{value:,.{decimals}f}"
    decimal_mark = pgettext("decimal separator in numbers such as 1.5", ".")
    thousands_mark = pgettext("thousands separator in numbers such as 4,300", ",")
    # Through a character neither separator can be, so that swapping them does not mix them up.
    return english.replace(",", "\0").replace(".", decimal_mark).replace("\0", thousands_mark)

"""A pseudo-language for finding words nobody marked for translation: every translated message
comes out wrapped in ⟦…⟧, so any text on a screen or in a command's output without the marks
was never looked up in the catalogue, and a German parent would read it in English."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.core import i18n

OPEN, CLOSE = "⟦", "⟧"
PSEUDO = "pseudo"
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
#: What may stand unmarked: numbers, times, clocks, signs, a file's or a folder's path and such
#: (anything without a run of two letters).
_WORDLESS = re.compile(r"^[^A-Za-zÄÖÜäöüß]*([A-Za-zÄÖÜäöüß][^A-Za-zÄÖÜäöüß]+)*[A-Za-zÄÖÜäöüß]?$")


class PseudoTranslations(gettext.NullTranslations):
    """Every message wrapped in the marks, in each of gettext's ways of looking one up."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{OPEN}{msgid1 if n == 1 else msgid2}{CLOSE}"

    def pgettext(self, context: str, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return self.ngettext(msgid1, msgid2, n)


@contextmanager
def speaking_pseudo() -> Iterator[None]:
    """Speak the pseudo-language inside the block, and English after it."""
    i18n.use_translations(PseudoTranslations(), PSEUDO)
    try:
        yield
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def unmarked(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The pieces of `text` with words in them that no translated message covers.

    Everything between the marks is taken out first; what is left is split into lines, and each
    line still holding a word (two letters in a row) that is not in `allowed` (a path, a clip's
    title, the name "Kiosk Clips") is returned.
    """
    rest, before = text, ""
    while rest != before:  # a message inside another's placeholder: the inner one first
        before, rest = rest, _MARKED.sub(" ", rest)
    for free in allowed:
        rest = rest.replace(free, " ")
    return [line.strip() for line in rest.splitlines() if not _WORDLESS.match(line.strip())]

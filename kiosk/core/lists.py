"""A list of names inside a sentence, in the kiosk's language: "a, b and c", "a, b or c".

One message for each joining word, so that a language puts its own ("und", "oder") and its own
comma rules in the catalogue; the names themselves (config keys, sections, TOML values) stay as
the parent types them.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.core.i18n import _

__all__ = ["and_list", "or_list"]


def and_list(names: Sequence[str]) -> str:
    """ "a, b and c" ("a, b und c"); a single name as it is."""
    if len(names) <= 1:
        return "".join(names)
    return _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def or_list(names: Sequence[str]) -> str:
    """ "a, b or c" ("a, b oder c"); a single name as it is."""
    if len(names) <= 1:
        return "".join(names)
    return _("{names} or {last}").format(names=", ".join(names[:-1]), last=names[-1])

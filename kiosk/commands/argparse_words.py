"""argparse's own words ("usage:", "options", "the following arguments are required: %s") in the
kiosk's language, from the kiosk's one catalogue.

argparse words its help and its errors through two names of its own module, `_` and `ngettext`,
which it binds at import to gettext's functions for gettext's default domain, "messages". The
kiosk ships no such catalogue, so those words would stay English under any language.
`speak_the_kiosks_language` points both names at `kiosk.core.i18n`'s functions instead: argparse
looks them up at each call, so it then speaks whatever language the kiosk speaks at that moment,
the pseudo-language of the tests included.

For Babel to put argparse's words into the kiosk's catalogue they are marked here, as argparse's
exact msgids (printf placeholders and all), from every Python the kiosk runs on: 3.11 and 3.12
say the same; 3.13 added the warnings, the "deprecated" ones, "subcommands", "%(heading)s:" and
" (default: %(default)s)". The ones only a programming mistake in a parser can raise ("%r is not
callable") are here too, so that every word argparse can say is covered. A msgid a later Python
adds stays English until it is added here; tests/commands/test_argparse_words.py fails on that
Python.
"""

from __future__ import annotations

import argparse

from kiosk.core import i18n
from kiosk.core.i18n import N_


def ngettext(singular: str, plural: str, count: int) -> tuple[str, str]:
    """Marks a message with a plural for the catalogue without translating it, as `N_` marks a
    sentence: Babel extracts every call of a function of this name, and argparse asks for these
    itself, with its own count."""
    return singular, plural


#: argparse's messages without a plural.
MESSAGES: tuple[str, ...] = (
    N_(" (default: %(default)s)"),
    N_("%(heading)s:"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("%r is not callable"),
    N_("'required' is an invalid argument for positionals"),
    N_(".__call__() not defined"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_('argument "-" with mode %r'),
    N_("argument %(argument_name)s: %(message)s"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("cannot have multiple subparser arguments"),
    N_("cannot merge actions - two groups are named %r"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("conflicting subparser alias: %s"),
    N_("conflicting subparser: %s"),
    N_("dest= is required for options like %r"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("expected one argument"),
    N_("ignored explicit argument %r"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid conflict_resolution value: %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("mutually exclusive arguments must be optional"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("option '%(option)s' is deprecated"),
    N_("options"),
    N_("positional arguments"),
    N_("show program's version number and exit"),
    N_("show this help message and exit"),
    N_("subcommands"),
    N_("the following arguments are required: %s"),
    N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("usage: "),
)

#: argparse's messages with a plural, as (singular, plural).
PLURAL_MESSAGES: tuple[tuple[str, str], ...] = (
    ngettext("conflicting option string: %s", "conflicting option strings: %s", 2),
    ngettext("expected %s argument", "expected %s arguments", 2),
)


def speak_the_kiosks_language() -> None:
    """Let argparse look its words up in the kiosk's catalogue, in the kiosk's language."""
    # setattr: typeshed does not declare these two private globals of argparse's.
    setattr(argparse, "_", i18n._)  # noqa: B010
    setattr(argparse, "ngettext", i18n.ngettext)  # noqa: B010

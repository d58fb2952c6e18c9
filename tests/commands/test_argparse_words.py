"""argparse's own words come from the kiosk's catalogue: every message this Python's argparse can
say is marked for it, and the words follow the language spoken at the moment they are said."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from kiosk.cli import build_parser
from kiosk.commands.argparse_words import MESSAGES, PLURAL_MESSAGES
from kiosk.core.i18n import set_language


def argparse_messages() -> set[str | tuple[str, ...]]:
    """What this Python's argparse looks up through `_` and `ngettext`, as Babel reads it."""
    found: set[str | tuple[str, ...]] = set()
    for _line, message, _comments, _context in extract_from_file(
        "python", Path(argparse.__file__), keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_message_of_this_pythons_argparse_is_marked_for_the_catalogue() -> None:
    said = argparse_messages()
    assert len(said) > 30  # argparse's words were found at all
    assert said - {*MESSAGES, *PLURAL_MESSAGES} == set()


def test_usage_and_errors_follow_the_language_spoken_when_they_are_said(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = build_parser()
    set_language("de")
    with pytest.raises(SystemExit):
        parser.parse_args(["unlock", "--minutes", "7"])
    german = capsys.readouterr().err
    assert german.startswith("Verwendung: kiosk unlock")
    assert "kiosk unlock: Fehler: Argument --minutes: ungültige Auswahl: 7" in german

    set_language("en")
    with pytest.raises(SystemExit):
        parser.parse_args(["pin"])
    english = capsys.readouterr().err
    assert english.startswith("usage: kiosk pin")
    assert "kiosk pin: error: the following arguments are required: ACTION" in english


def test_a_plural_of_argparse_is_worded_by_its_count(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--two", nargs=2)
    build_parser()  # argparse now speaks through the kiosk's catalogue
    set_language("de")
    with pytest.raises(SystemExit):
        parser.parse_args(["--two", "a"])
    assert "Argument --two: 2 Argumente erwartet" in capsys.readouterr().err

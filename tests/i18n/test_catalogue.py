"""The German catalogue is whole and current: every marked string of the code is in it, translated
and not fuzzy, with the same placeholders as the English, and the compiled kiosk.mo the kiosk
reads is the one its kiosk.po makes. `scripts/catalogue` brings it up to date."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.core import i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
#: The placeholders a message may hold: str.format fields and printf-style ones (argparse's).
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]+\)[sdr]|%[sdr]")


def po_path(code: str) -> Path:
    return i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def catalogue(code: str) -> Catalog:
    with po_path(code).open("rb") as po:
        return read_po(po, locale=code)


def messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Every string the code marks, as Babel extracts it (as scripts/catalogue does)."""
    template = tmp_path_factory.mktemp("pot") / "kiosk.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "-o",
            str(template),
            "kiosk",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot:
        return read_po(pot)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_string_is_in_the_catalogue_and_nothing_else(
    code: str, extracted: Catalog
) -> None:
    wanted = {key(message) for message in messages(extracted)}
    have = {key(message) for message in messages(catalogue(code))}
    assert sorted(wanted - have, key=str) == [], "new strings: run scripts/catalogue"
    assert sorted(have - wanted, key=str) == [], "strings gone from the code: run scripts/catalogue"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(code: str) -> None:
    catalog = catalogue(code)
    untranslated = [
        key(message)
        for message in messages(catalog)
        if not message.string
        or not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    fuzzy = [key(message) for message in messages(catalog) if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_keeps_the_english_placeholders(code: str) -> None:
    wrong = []
    for message in messages(catalogue(code)):
        english = (message.id,) if isinstance(message.id, str) else message.id
        forms = (message.string,) if isinstance(message.string, str) else message.string
        for index, form in enumerate(forms):
            source = english[min(index, len(english) - 1)]
            want, have = Counter(_PLACEHOLDER.findall(source)), Counter(_PLACEHOLDER.findall(form))
            # German's singular may say "eine Minute" where the English has "{n} minute".
            may_drop = index == 0 and len(english) > 1
            if form and have != want and not (may_drop and have <= want):
                wrong.append((source, form))
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_is_the_one_its_po_makes(code: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(code), use_fuzzy=False)
    mo = po_path(code).with_suffix(".mo")
    assert mo.read_bytes() == compiled.getvalue(), "kiosk.mo is stale: run scripts/catalogue"

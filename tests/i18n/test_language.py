"""Which language the kiosk speaks, and that a missing or damaged catalogue means English, never a
crash: the system's locale in gettext's order, the parent's setting over it, and a change that
tells every listener."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from kiosk.core import i18n
from kiosk.core.i18n import _, choose_language, ngettext, pgettext, set_language, system_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LC_MESSAGES": "de_CH.UTF-8@euro", "LANG": "en_US.UTF-8"}, "de"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:de:en", "LANG": "fr_FR.UTF-8"}, "de"),
        ({"LANGUAGE": "en", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "de_DE"}, "de"),
    ],
)
def test_the_system_language_is_read_in_gettexts_order(
    environ: dict[str, str], expected: str
) -> None:
    assert system_language(environ) == expected


def test_the_parents_setting_wins_over_the_system_and_empty_follows_it() -> None:
    german_system = {"LANG": "de_DE.UTF-8"}
    assert choose_language("en", german_system) == "en"
    assert choose_language("de", {"LANG": "C"}) == "de"
    assert choose_language("", german_system) == "de"


def test_the_setting_is_spoken_and_empty_follows_the_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.speak_as_set("") == "de"
    assert i18n.speak_as_set("en") == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.speak_as_set("de") == "de"
    assert i18n.speak_as_set("") == "en"


def test_the_shipped_german_catalogue_loads() -> None:
    assert set_language("de") == "de"
    assert i18n.language() == "de"
    assert set_language("en") == "en"


def test_no_catalogue_means_english_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert set_language("de") == "en"
    assert _("Settings") == "Settings"


def test_a_damaged_catalogue_means_english_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "kiosk.mo").write_bytes(b"\xde\x12\x04\x95 this is not a catalogue")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert set_language("de") == "en"
    assert _("Settings") == "Settings"


def test_a_language_nobody_wrote_is_english() -> None:
    assert set_language("fr") == "en"


def test_a_change_of_language_rewords_and_tells_every_listener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog(locale="de")
    catalog.add("Settings", "Einstellungen")
    catalog.add(("{n} minute", "{n} minutes"), ("{n} Minute", "{n} Minuten"))
    catalog.add("Open", "Geöffnet", context="state")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "kiosk.mo").open("wb") as mo:
        write_mo(mo, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    heard: list[str] = []
    stop = i18n.on_language_change(lambda: heard.append(_("Settings")))

    set_language("de")
    assert heard == ["Einstellungen"]
    assert ngettext("{n} minute", "{n} minutes", 1) == "{n} Minute"
    assert ngettext("{n} minute", "{n} minutes", 3) == "{n} Minuten"
    assert pgettext("state", "Open") == "Geöffnet"
    assert pgettext("action", "Open") == "Open"

    set_language("en")
    assert heard == ["Einstellungen", "Settings"]
    stop()
    set_language("de")
    assert heard == ["Einstellungen", "Settings"]

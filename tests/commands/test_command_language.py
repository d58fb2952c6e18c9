"""The commands speak the language their config asks for (`ui.language`), read before the parser
is built; the system's where the config leaves it empty, is missing or cannot be read. Spot
checks that the German is real German."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import config_named_in
from kiosk.core import paths
from kiosk.errors import EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from tests.commands.words_kit import run_kiosk

PIN = "4827"

Kiosk = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def kiosk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Kiosk:
    return capsys, monkeypatch


def run(kiosk: Kiosk, *args: str, stdin: str = "") -> tuple[int, str]:
    return run_kiosk(*kiosk, *args, stdin=stdin)


def write_config(text: str, path: Path | None = None) -> Path:
    path = path or paths.config_file(None)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["status"], None),
        (["--config", "a.toml", "status"], "a.toml"),
        (["status", "--config=b.toml"], "b.toml"),
        (["--config", "a.toml", "unlock", "--config", "c.toml"], "c.toml"),
        (["status", "--config"], None),
        (["--", "--config", "a.toml"], None),
    ],
)
def test_the_config_named_on_the_command_line_is_found_before_parsing(
    arguments: list[str], named: str | None
) -> None:
    assert config_named_in(arguments) == (None if named is None else Path(named))


def test_the_configs_language_wins_over_the_systems(kiosk: Kiosk) -> None:
    write_config('[ui]\nlanguage = "de"\n')
    code, output = run(kiosk, "status")
    assert code == EXIT_OK
    assert "Heute genutzt: 0 Sek.\n" in output  # the abbreviation's dot ends the sentence
    assert ".." not in output
    assert (
        "Es ist keine Eltern-PIN festgelegt: Ein Elternteil kann sie mit „kiosk pin set“" in output
    )


def test_a_config_named_with_config_chooses_the_language(kiosk: Kiosk, tmp_path: Path) -> None:
    german = write_config('[ui]\nlanguage = "de"\n', tmp_path / "german.toml")
    write_config('[ui]\nlanguage = "en"\n')
    code, output = run(kiosk, "--config", str(german), "report", "--days", "0")
    assert code == EXIT_USAGE
    assert "ist keine Anzahl von Tagen zwischen 1 und 366: Geben Sie eine ganze Zahl" in output
    code, output = run(kiosk, "report", f"--config={german}", "--help")
    assert code == EXIT_OK
    assert output.startswith("Verwendung: kiosk report")
    code, output = run(kiosk, "report", "--help")
    assert output.startswith("usage: kiosk report")


def test_an_empty_missing_or_broken_config_speaks_the_systems_language(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    code, output = run(kiosk, "--help")
    assert output.startswith("Verwendung: kiosk")
    assert "diese Hilfe anzeigen und beenden" in output
    config = write_config("[ui\nlanguage = 'en'\n")
    code, output = run(kiosk, "check")
    assert code == EXIT_USAGE
    assert f"Konfiguration: {config} hat 1 Fehler:" in output
    assert "Der Kiosk kann erst laufen, wenn die Probleme oben behoben sind." in output
    monkeypatch.setenv("LANG", "C.UTF-8")
    code, output = run(kiosk, "check")
    assert f"Config: {config} has 1 error:" in output


def test_german_pins_and_unlocks(kiosk: Kiosk) -> None:
    write_config('[session]\nclips = 5\n[ui]\nlanguage = "de"\n')
    code, output = run(kiosk, "pin", "set", "--stdin", stdin="2412\n2412\nnein\n")
    assert code == EXIT_USAGE
    assert "Diese PIN liest sich wie ein Datum" in output
    code, output = run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n")
    assert code == EXIT_OK
    assert output.startswith("Die PIN ist festgelegt.\nWiederherstellungscode (bitte notieren;")
    code, output = run(kiosk, "unlock", "--stdin", stdin="1111\n")
    assert (code, output) == (
        EXIT_REFUSED,
        "kiosk: Falsche PIN: Es wurde nichts entsperrt oder geändert.\n",
    )
    code, output = run(kiosk, "unlock", "--clips", "1", "--stdin", stdin=f"{PIN}\n")
    assert (code, output) == (EXIT_OK, "Entsperrt: noch ein Clip.\n")
    code, output = run(kiosk, "unlock", "--clips", "2", "--stdin", stdin=f"{PIN}\n")
    assert (code, output) == (EXIT_OK, "Entsperrt: 2 Clips mehr.\n")
    code, output = run(kiosk, "status")
    assert "Verbleibende Clips in dieser Sitzung: 3." in output


def test_a_date_pin_is_kept_with_the_german_yes_as_with_the_english_one(kiosk: Kiosk) -> None:
    write_config('[ui]\nlanguage = "de"\n')
    code, output = run(kiosk, "pin", "set", "--stdin", stdin="2412\n2412\nja\n")
    assert code == EXIT_OK, output
    code, output = run(kiosk, "pin", "set", "--stdin", stdin="2412\n1503\n1503\nyes\n")
    assert code == EXIT_OK, output
    code, output = run(kiosk, "pin", "set", "--stdin", stdin="1503\n0311\n0311\nno\n")
    assert code == EXIT_USAGE
    assert "Es wurde nichts geändert: Wählen Sie eine PIN" in output

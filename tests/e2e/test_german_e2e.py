"""The installed `kiosk` command speaks German to a German system, and to a parent whose config
asks for German on any system."""

from __future__ import annotations

from tests.e2e.kiosk_process import KioskHome


def test_a_german_system_gets_the_help_in_german(kiosk_home: KioskHome) -> None:
    kiosk_home.extra_env["LANG"] = "de_DE.UTF-8"
    result = kiosk_home.run("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Verwendung: kiosk")
    assert "  -h, --help         diese Hilfe anzeigen und beenden" in result.stdout


def test_the_configs_german_over_an_english_system(kiosk_home: KioskHome) -> None:
    config = kiosk_home.write_config()
    with config.open("a") as text:
        text.write('\n[ui]\nlanguage = "de"\n')
    assert kiosk_home.env()["LANG"] == "C.UTF-8"
    result = kiosk_home.run("status")
    assert result.returncode == 0, result.stderr
    assert "Heute genutzt: " in result.stdout
    assert "Es ist keine Eltern-PIN festgelegt" in result.stdout

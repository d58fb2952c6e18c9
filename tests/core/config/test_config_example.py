"""`config.example.toml` documents every key of the schema, with its default and valid range."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kiosk.core.config.load import SETTINGS, Config, load_config
from kiosk.core.config.types import Choice, Int, IntList

EXAMPLE = Path(__file__).resolve().parents[3] / "config.example.toml"
_SECTION = re.compile(r"^\[(\w+)\]$")
_KEY = re.compile(r"^#?\s*(\w+)\s*=")


def documented_keys(text: str) -> dict[str, str]:
    """Each key of the example, set or commented out, with the comment block just above it."""
    section, comment, found = "", list[str](), dict[str, str]()
    for line in text.splitlines():
        stripped = line.strip()
        if match := _SECTION.match(stripped):
            section, comment = match[1], []
        elif match := _KEY.match(stripped):
            found[f"{section}.{match[1]}" if section else match[1]] = "\n".join(comment)
            comment = []
        elif stripped.startswith("#"):
            comment.append(stripped)
        else:
            comment = []
    return found


def test_the_example_loads_without_errors_and_equals_the_defaults() -> None:
    assert load_config(EXAMPLE) == Config.defaults()


def test_the_example_sets_every_key_to_its_default() -> None:
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert raw["config_version"] == 1
    for setting in SETTINGS:
        section = raw.get(setting.section, {})
        if setting.saved_when_default:
            assert section.get(setting.name) == setting.default, setting.key
        else:
            # A default that depends on the install (the demo folder) is shown commented out.
            assert setting.name not in section, setting.key


def test_the_example_explains_every_key_with_its_default_and_valid_values() -> None:
    documented = documented_keys(EXAMPLE.read_text(encoding="utf-8"))
    assert "config_version" in documented
    for setting in SETTINGS:
        comment = documented.get(setting.key)
        assert comment, f"{setting.key} has no comment in config.example.toml"
        assert "Default" in comment, setting.key
        kind = setting.kind
        if isinstance(kind, Int | IntList):
            assert f"{kind.maximum}" in comment and f"{kind.minimum}" in comment, setting.key
        if isinstance(kind, Choice):
            assert all(f'"{option}"' in comment for option in kind.options), setting.key

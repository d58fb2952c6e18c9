"""Test-wide isolation: every platformdirs location points into a temporary folder, and the
words are English whatever the machine's locale, unless a test chooses another language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core import i18n
from kiosk.core.store.store import Store
from tests.clipmaker import ClipCache
from tests.core.store_kit import open_set_up_store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Keep the user's real config, state, cache and logs out of reach of every test."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    # The kiosk (and every kiosk process a test starts) speaks English unless a test says not.
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    yield home
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def clip_cache(tmp_path_factory: pytest.TempPathFactory) -> ClipCache:
    """Clips made with ffmpeg once per session, copied into each test's own folder."""
    return ClipCache(tmp_path_factory.mktemp("clip-cache"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The state database of a kiosk that was set up, as a real SQLite file in `tmp_path`."""
    opened = open_set_up_store(tmp_path)
    yield opened
    opened.close()

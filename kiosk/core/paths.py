"""Where the kiosk keeps its files, from platformdirs (app name `kiosk`).

Tests move every location by setting the XDG_* variables. There is deliberately no command-line
flag that moves the state: a child could use it to get a fresh time budget.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "kiosk"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def config_file(override: Path | None = None) -> Path:
    """The parent's config: `user_config_dir/config.toml`, or the file given with --config."""
    if override is not None:
        return override.expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def data_dir(override: Path | None = None) -> Path:
    """Holds the state database."""
    return override if override is not None else Path(platformdirs.user_data_dir(APP_NAME))


def state_file(override: Path | None = None) -> Path:
    """The SQLite store: ledger, sessions, views, PIN and events."""
    return data_dir(override) / "kiosk.sqlite3"


def setup_markers() -> tuple[Path, ...]:
    """Where the setup marker is written once setup is done (see `setup_marks`): beside the
    config, and in a second folder apart from the state's on every OS, so that deleting the
    state's folder does not also delete the evidence that there was a state.

    On Linux the config folder (~/.config/kiosk) is already apart from the state's
    (~/.local/share/kiosk); the second copy goes to the state folder (~/.local/state/kiosk).
    On Windows and macOS platformdirs gives the config and the state one folder, so the second
    copy goes where that folder is not: on Windows the roaming AppData folder, since config
    and state live in the local one; on macOS ~/Library/Logs/kiosk, since config and state
    live in ~/Library/Application Support/kiosk. Not the cache folder on either: the OS and
    cleaning tools empty caches on their own.
    """
    if sys.platform == "win32":
        second = platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True)
    elif sys.platform == "darwin":
        second = platformdirs.user_log_dir(APP_NAME)
    else:
        second = platformdirs.user_state_dir(APP_NAME)
    return (
        Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.setup",
        Path(second) / "kiosk.setup",
    )


def instance_lock() -> Path:
    """The single-instance lock file, beside the state it protects."""
    return data_dir() / "kiosk.lock"


def log_dir(override: Path | None = None) -> Path:
    """The kiosk's log files."""
    return override if override is not None else Path(platformdirs.user_log_dir(APP_NAME))


def thumbnail_dir(override: Path | None = None) -> Path:
    """The thumbnail cache: `user_cache_dir/thumbnails`. A cache, so the OS or a parent may
    empty it at any time; nothing is ever written beside the clips themselves."""
    if override is not None:
        return override
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "thumbnails"


def demo_folder() -> Path:
    """The bundled demo clips, played when the parent has not chosen a folder."""
    return _REPO_ROOT / "assets" / "demo"

"""Where the kiosk keeps its files, from platformdirs (app name `kiosk`).

Tests move every location by setting the XDG_* variables. There is deliberately no command-line
flag that moves the state: a child could use it to get a fresh time budget.
"""

from __future__ import annotations

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


def setup_marker() -> Path:
    """Written once setup is done. Beside the config and apart from the state, so that losing
    the state file while this exists is seen as tampering, and the kiosk starts locked."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "kiosk.setup"


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

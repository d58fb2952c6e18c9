"""Config files for the config tests: written into a test's folder and read back as errors."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.config.load import read_config


def write_config(folder: Path, text: str) -> Path:
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    """Every error read from `path`, without the file name in front."""
    return [error.message for error in read_config(path)[1]]


def session_errors(folder: Path, line: str) -> list[str]:
    """The errors of a file whose [session] holds just `line`."""
    return messages(write_config(folder, f"[session]\n{line}\n"))

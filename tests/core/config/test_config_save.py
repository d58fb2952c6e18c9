"""Saving the config: what is written, that it reads back the same, and that it is atomic."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path

import pytest

from kiosk.core.config.load import Config, ConfigInvalid, load_config, save_config
from kiosk.core.hours import HoursRange

OLD_TEXT = "[session]\nminutes = 12\n"


def custom_config() -> Config:
    defaults = Config.defaults()
    return dataclasses.replace(
        defaults,
        library=dataclasses.replace(
            defaults.library, folder=Path("/data/kids"), order="sequential"
        ),
        session=dataclasses.replace(
            defaults.session,
            minutes=20,
            daily_limit_minutes=0,
            allowed_hours=(HoursRange.parse("07:00-12:00"), HoursRange.parse("20:00-06:30")),
            warn_at_seconds=(300, 10),
            chime=False,
        ),
        player=dataclasses.replace(defaults.player, after_clip="loop", volume=35),
    )


def test_a_saved_config_loads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_config(custom_config(), path)
    assert load_config(path) == custom_config()


def test_saving_the_defaults_loads_back_equal_without_pinning_the_demo_folder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nested" / "config.toml"
    save_config(Config.defaults(), path)
    assert load_config(path) == Config.defaults()
    assert "folder" not in tomllib.loads(path.read_text(encoding="utf-8"))["library"]


def test_the_saved_file_starts_with_the_version_and_holds_the_folder_as_given(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    save_config(custom_config(), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("config_version = 1\n")
    raw = tomllib.loads(text)
    assert list(raw) == ["config_version", "library", "session", "player", "ui"]
    assert raw["library"]["folder"] == "/data/kids"
    assert raw["session"]["allowed_hours"] == ["07:00-12:00", "20:00-06:30"]
    assert raw["session"]["warn_at_seconds"] == [300, 10]


def test_an_invalid_config_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OLD_TEXT, encoding="utf-8")
    defaults = Config.defaults()
    bad = dataclasses.replace(defaults, session=dataclasses.replace(defaults.session, minutes=45))
    with pytest.raises(ConfigInvalid, match=r"session\.minutes = 45 is out of range"):
        save_config(bad, path)
    assert path.read_text(encoding="utf-8") == OLD_TEXT
    assert sorted(os.listdir(tmp_path)) == ["config.toml"]


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OLD_TEXT, encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        save_config(custom_config(), path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == OLD_TEXT
    assert sorted(os.listdir(tmp_path)) == ["config.toml"]


def test_the_new_text_reaches_the_disk_before_it_replaces_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OLD_TEXT, encoding="utf-8")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: str, target: Path) -> None:
        events.append("replace")
        assert Path(source).parent == tmp_path
        assert Path(source).read_bytes() != OLD_TEXT.encode()
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    save_config(custom_config(), path)
    # The last fsync is the folder's, which makes the rename itself durable.
    assert events == ["fsync", "replace", "fsync"]
    assert load_config(path) == custom_config()


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "kiosk.toml"
    real.parent.mkdir()
    real.write_text(OLD_TEXT, encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_config(custom_config(), link)
    assert link.is_symlink()
    assert load_config(real) == custom_config()

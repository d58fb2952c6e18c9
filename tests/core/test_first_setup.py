"""First-run setup on real files and a real SQLite state file: the settings and the PIN are stored
together or not at all, and the folder check says what the chosen folder holds."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.config.load import Config, read_config
from kiosk.core.first_setup import FolderCheck, SetupFailed, check_clip_folder, finish_setup
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.store.store import Store
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import open_store, raw_connection, state_path

FAST = ScryptParams(n=2**4, r=1, p=1)  # setup's order of steps is tested here, not scrypt's cost
PIN = "73915846"
OTHER_PIN = "58204736"
PARENTS_OWN = b"# the parent's own file\n[player]\nvolume = 30\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(state_path(tmp_path), tmp_path / "config" / "kiosk.setup")
    yield store
    store.close()


@pytest.fixture
def guard(store: Store) -> PinGuard:
    return PinGuard(store.pin_records, FakeClock(), params=FAST)


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "config.toml"


def chosen(folder: Path, minutes: int = 12) -> Config:
    """The config a parent ends setup with: the defaults, their folder and their minutes."""
    defaults = Config.defaults()
    return dataclasses.replace(
        defaults,
        library=dataclasses.replace(defaults.library, folder=folder),
        session=dataclasses.replace(defaults.session, minutes=minutes),
    )


def files_in(folder: Path) -> list[str]:
    """Every file left in `folder`, temporary files of an atomic write included."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_finishing_stores_the_config_and_the_pin_and_gives_the_recovery_code(
    guard: PinGuard, config_path: Path, tmp_path: Path
) -> None:
    code = finish_setup(chosen(tmp_path / "Kids"), config_path, PIN, guard)
    config, errors = read_config(config_path)
    assert errors == []
    assert (config.library.folder, config.session.minutes) == (tmp_path / "Kids", 12)
    assert guard.attempt(PIN).ok
    assert guard.attempt_recovery(code.text).ok


@pytest.mark.parametrize("existing", [None, PARENTS_OWN])
def test_a_pin_that_cannot_be_stored_leaves_the_config_as_it_was(
    guard: PinGuard, config_path: Path, tmp_path: Path, existing: bytes | None
) -> None:
    if existing is not None:
        config_path.parent.mkdir()
        config_path.write_bytes(existing)
    guard.set_pin(OTHER_PIN)  # e.g. `kiosk pin set` ran meanwhile: setup may not replace it
    with pytest.raises(SetupFailed) as failed:
        finish_setup(chosen(tmp_path / "Kids"), config_path, PIN, guard)
    assert str(failed.value).startswith("The PIN could not be saved, so nothing was set up: ")
    if existing is None:
        assert files_in(config_path.parent) == []
    else:
        assert files_in(config_path.parent) == ["config.toml"]
        assert config_path.read_bytes() == existing
    assert guard.attempt(OTHER_PIN).ok


def test_a_state_file_that_refuses_the_pin_leaves_no_config_behind(
    store: Store, guard: PinGuard, config_path: Path, tmp_path: Path
) -> None:
    raw_connection(store).execute("PRAGMA query_only = ON")  # every write now fails
    with pytest.raises(SetupFailed, match=r"^The PIN could not be saved"):
        finish_setup(chosen(tmp_path / "Kids"), config_path, PIN, guard)
    raw_connection(store).execute("PRAGMA query_only = OFF")
    assert not guard.is_set()
    assert files_in(config_path.parent) == []


def test_a_pin_refused_through_a_linked_config_puts_back_the_linked_file(
    guard: PinGuard, tmp_path: Path
) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_bytes(PARENTS_OWN)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    guard.set_pin(OTHER_PIN)
    with pytest.raises(SetupFailed):
        finish_setup(chosen(tmp_path / "Kids"), link, PIN, guard)
    assert link.is_symlink() and real.read_bytes() == PARENTS_OWN


def test_a_config_that_cannot_be_saved_leaves_no_pin(guard: PinGuard, tmp_path: Path) -> None:
    blocked = tmp_path / "config"
    blocked.write_text("a file where the config folder should be")
    config_path = blocked / "config.toml"
    with pytest.raises(
        SetupFailed, match=f"^The settings could not be saved to {re.escape(str(config_path))}: "
    ):
        finish_setup(chosen(tmp_path / "Kids"), config_path, PIN, guard)
    assert not guard.is_set()


def test_a_config_the_schema_refuses_is_not_saved_and_leaves_no_pin(
    guard: PinGuard, config_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(SetupFailed, match=r"session\.minutes = 45 is out of range"):
        finish_setup(chosen(tmp_path / "Kids", minutes=45), config_path, PIN, guard)
    assert files_in(config_path.parent) == []
    assert not guard.is_set()


def test_a_config_that_cannot_be_read_is_not_replaced(
    guard: PinGuard, config_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It could not be put back if the PIN failed, so setup stops before touching it."""
    config_path.parent.mkdir()
    config_path.write_bytes(PARENTS_OWN)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # Patched rather than chmod-ed: root (as in many CI containers) reads any file regardless.
    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", refuse)
        with pytest.raises(SetupFailed, match=r"^The settings could not be saved to "):
            finish_setup(chosen(tmp_path / "Kids"), config_path, PIN, guard)
    assert config_path.read_bytes() == PARENTS_OWN
    assert not guard.is_set()


# --- the folder check ---------------------------------------------------------------------------


def test_a_folder_with_clips_gives_their_count(tmp_path: Path) -> None:
    folder = tmp_path / "Kids"
    (folder / "Show").mkdir(parents=True)
    for path in (folder / "a.mp4", folder / "Show" / "b.mp4"):
        path.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(64))  # starts like an MP4
    assert check_clip_folder(folder) == FolderCheck(folder, 2, None, usable=True)


def test_an_empty_folder_is_usable_with_the_scans_reason(tmp_path: Path) -> None:
    checked = check_clip_folder(tmp_path)
    assert checked.usable and checked.clip_count == 0
    assert checked.problem is not None and "is empty" in checked.problem


@pytest.mark.parametrize("make", ["missing", "file"])
def test_a_path_that_is_no_folder_is_not_usable(tmp_path: Path, make: str) -> None:
    path = tmp_path / "Kids"
    if make == "file":
        path.write_text("not a folder")
    checked = check_clip_folder(path)
    assert not checked.usable and checked.clip_count == 0
    expected = "does not exist" if make == "missing" else "is a file, not a folder"
    assert checked.problem is not None and expected in checked.problem

"""Approval holds for the file the parent approved, not for its name: another video saved under
an approved name waits as new, and choosing folders back and forth approves nothing that waits.
On real files (their bytes or their mtime changed), the real scan thread and a real store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.app.library_service import LibraryService
from kiosk.core.config.load import Config, LibrarySettings
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store
from tests.clipmaker import ClipCache
from tests.core.fake_clock import FakeClock
from tests.library_kit import GuiQueue


class Library:
    """The running kiosk's library with approval on, rescanned as the kiosk would."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.gui = GuiQueue()
        self.service = LibraryService(
            LibraryState(store, FakeClock()), self.settings(folder), self.gui.post
        )
        self.rescan()

    @staticmethod
    def settings(folder: Path) -> LibrarySettings:
        defaults = Config.defaults().library
        return LibrarySettings(**{**defaults.__dict__, "folder": folder, "require_approval": True})

    def rescan(self, folder: Path | None = None) -> None:
        self.service.rescan(None if folder is None else self.settings(folder))
        self.gui.run_until(lambda: self.service.scan is not None and not self.service.loading)

    def playing(self) -> list[str]:
        return [clip.path.name for clip in self.service.visible()]

    def waiting(self) -> list[str]:
        curation = self.service.curation
        assert curation is not None
        return [item.clip.path.name for item in curation.items if item.status == "pending"]


def test_another_video_under_an_approved_name_waits_as_new(
    store: Store, clip_cache: ClipCache, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "Penguins.mp4", "white", seconds=1)
    clip_cache.solid(folder / "Trains.mp4", "white", seconds=1)
    library = Library(store, folder)
    assert library.playing() == ["Penguins.mp4", "Trains.mp4"]  # the folder's review

    # Someone saves another video over one the parent approved.
    shutil.copyfile(
        clip_cache.solid(tmp_path / "other.mp4", "red", seconds=2), folder / "Trains.mp4"
    )
    library.rescan()
    assert library.playing() == ["Penguins.mp4"]
    assert library.waiting() == ["Trains.mp4"]

    library.service.approve([folder / "Trains.mp4"])
    assert library.playing() == ["Penguins.mp4", "Trains.mp4"]
    library.rescan()
    assert library.playing() == ["Penguins.mp4", "Trains.mp4"]


def test_a_file_written_again_waits_even_with_the_same_size(
    store: Store, clip_cache: ClipCache, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "Penguins.mp4", "white", seconds=1)
    library = Library(store, folder)
    assert library.playing() == ["Penguins.mp4"]

    info = os.stat(folder / "Penguins.mp4")
    os.utime(folder / "Penguins.mp4", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    library.rescan()
    assert library.playing() == []
    assert library.waiting() == ["Penguins.mp4"]


def test_choosing_folder_a_then_b_then_a_approves_nothing_that_waits(
    store: Store, clip_cache: ClipCache, tmp_path: Path
) -> None:
    a, b = tmp_path / "A", tmp_path / "B"
    for folder in (a, b):
        clip_cache.solid(folder / "reviewed.mp4", "white", seconds=1)
    library = Library(store, a)
    clip_cache.solid(a / "new in A.mp4", "red", seconds=1)
    library.rescan()
    assert library.waiting() == ["new in A.mp4"]

    library.rescan(b)  # B is chosen for the first time: its first scan is the review
    assert library.playing() == ["reviewed.mp4"]
    clip_cache.solid(b / "new in B.mp4", "red", seconds=1)
    library.rescan()
    assert library.waiting() == ["new in B.mp4"]

    library.rescan(a)
    assert library.playing() == ["reviewed.mp4"]
    assert library.waiting() == ["new in A.mp4"]
    library.rescan(b)
    assert library.playing() == ["reviewed.mp4"]
    assert library.waiting() == ["new in B.mp4"]

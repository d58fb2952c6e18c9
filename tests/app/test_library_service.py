"""The library service on a real folder, a real scan thread and a real SQLite store: clips reach
the feed while the scan runs, a rescan never pulls clips it has not reached yet, and new files
wait for approval until the whole scan is in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.app.library_service import LibraryService
from kiosk.core.clip import Clip
from kiosk.core.config.load import Config, LibrarySettings
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store
from kiosk.core.store.text import MARKER
from tests.clipmaker import ClipCache
from tests.core.fake_clock import FakeClock
from tests.core.store_kit import raw_connection
from tests.library_kit import GuiQueue, HeldProbe


@dataclass
class Heard:
    """Every call a feed would get, in order."""

    calls: list[tuple[str, list[str]]] = field(default_factory=list)

    def clips_added(self, clips: list[Clip]) -> None:
        self.calls.append(("added", [clip.title for clip in clips]))

    def clips_removed(self, clips: list[Clip]) -> None:
        self.calls.append(("removed", [clip.title for clip in clips]))

    def loading_finished(self) -> None:
        self.calls.append(("finished", []))

    def added(self) -> list[list[str]]:
        return [titles for kind, titles in self.calls if kind == "added"]


def settings(folder: Path, **changes: object) -> LibrarySettings:
    defaults = Config.defaults().library
    return LibrarySettings(**{**defaults.__dict__, "folder": folder, **changes})  # type: ignore[arg-type]


def two_shows(clip_cache: ClipCache, folder: Path) -> None:
    for show in ("A show", "B show"):
        for index in range(1, 10):
            clip_cache.solid(folder / show / f"{show[0]}{index}.mp4", "red", seconds=0.2)


def scanned(service: LibraryService, gui: GuiQueue) -> None:
    gui.run_until(lambda: service.scan is not None and not service.loading)


def scanned_two_shows(
    store: Store, tmp_path: Path, clip_cache: ClipCache, **changes: object
) -> tuple[LibraryService, GuiQueue, Path]:
    """A service that has scanned a folder of two shows of nine clips each."""
    folder = tmp_path / "clips"
    two_shows(clip_cache, folder)
    gui = GuiQueue()
    state = LibraryState(store, FakeClock())
    service = LibraryService(state, settings(folder, **changes), gui.post)
    service.rescan()
    scanned(service, gui)
    return service, gui, folder


def test_clips_reach_the_feed_while_the_scan_runs(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    folder = tmp_path / "clips"
    two_shows(clip_cache, folder)
    gui, heard = GuiQueue(), Heard()
    service = LibraryService(LibraryState(store, FakeClock()), settings(folder), gui.post)
    service.listeners.append(heard)

    service.rescan()
    scanned(service, gui)

    added = heard.added()
    assert len(added) >= 2  # the first ones came before the scan was over
    assert added[0][:8] == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
    assert [title for batch in added for title in batch] == [
        f"{show}{index}" for show in "AB" for index in range(1, 10)
    ]
    assert heard.calls[-1] == ("finished", [])
    assert not [call for call in heard.calls if call[0] == "removed"]


def test_a_rescan_removes_only_what_is_gone_and_only_once_it_is_complete(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    service, gui, folder = scanned_two_shows(store, tmp_path, clip_cache)
    heard = Heard()
    service.listeners.append(heard)

    (folder / "B show" / "B9.mp4").unlink()
    service.rescan()
    scanned(service, gui)

    assert heard.calls == [("removed", ["B9"]), ("finished", [])]
    assert len(service.visible()) == 17


def test_with_approval_on_nothing_shows_before_the_whole_scan_is_in(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    folder = tmp_path / "clips"
    two_shows(clip_cache, folder)
    gui, heard = GuiQueue(), Heard()
    state = LibraryState(store, FakeClock())
    service = LibraryService(state, settings(folder, require_approval=True), gui.post)
    service.listeners.append(heard)
    service.rescan()
    scanned(service, gui)
    assert len(heard.added()) == 1 and len(heard.added()[0]) == 18  # the chosen folder: approved

    clip_cache.solid(folder / "A show" / "A10.mp4", "red", seconds=0.2)
    heard.calls.clear()
    service.rescan()
    scanned(service, gui)
    assert heard.calls == [("finished", [])]  # A10 waits for the parent
    assert state.pending_paths() == {folder / "A show" / "A10.mp4"}

    service.approve([folder / "A show" / "A10.mp4"])
    assert heard.calls[-1] == ("added", ["A10"])


def test_a_folder_that_cannot_be_read_is_no_review(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    """An unplugged drive at the first start must not make every file on it "new" later."""
    folder = tmp_path / "usb"
    gui = GuiQueue()
    state = LibraryState(store, FakeClock())
    service = LibraryService(state, settings(folder, require_approval=True), gui.post)
    service.rescan()
    scanned(service, gui)
    assert service.visible() == [] and service.scan is not None and service.scan.problem

    two_shows(clip_cache, folder)  # the drive is plugged in
    service.rescan()
    scanned(service, gui)
    assert len(service.visible()) == 18
    assert state.pending_paths() == frozenset()


def test_a_waiting_feed_is_not_handed_only_clips_this_cycle_has_shown(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    """Resuming a series: the first batch holds only episodes already seen in this cycle, and a
    playlist given only those would start the cycle again from the first episode."""
    folder = tmp_path / "clips"
    two_shows(clip_cache, folder)
    state = LibraryState(store, FakeClock())
    memory = state.shuffle_memory()
    for index in range(1, 10):
        memory.mark_shown(str(folder / "A show" / f"A{index}.mp4"))
    gui, heard = GuiQueue(), Heard()
    service = LibraryService(state, settings(folder), gui.post)
    service.listeners.append(heard)

    service.rescan()
    scanned(service, gui)

    first = heard.added()[0]
    assert any(title.startswith("B") for title in first), first
    assert sorted(title for batch in heard.added() for title in batch) == sorted(
        f"{show}{index}" for show in "AB" for index in range(1, 10)
    )


def test_a_choice_made_while_a_rescan_runs_keeps_what_that_scan_already_brought(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    service, gui, folder = scanned_two_shows(store, tmp_path, clip_cache)
    heard = Heard()
    b1 = next(clip for clip in service.visible() if clip.title == "B1")
    clip_cache.solid(folder / "A show" / "A10.mp4", "red", seconds=0.2)
    service.listeners.append(heard)

    service.rescan()
    gui.run_until(lambda: any("A10" in batch for batch in heard.added()))
    service.set_clip_hidden(b1, True)  # the parent, while the rescan is still running
    scanned(service, gui)

    titles = [clip.title for clip in service.visible()]
    assert "A10" in titles and "B1" not in titles
    assert [call for call in heard.calls if call[0] == "removed"] == [("removed", ["B1"])]


def test_with_approval_on_a_state_file_that_cannot_record_new_files_keeps_them_hidden(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    service, gui, folder = scanned_two_shows(store, tmp_path, clip_cache, require_approval=True)
    clip_cache.solid(folder / "A show" / "A10.mp4", "red", seconds=0.2)
    raw_connection(store).execute("PRAGMA query_only = ON")  # writes now fail

    service.rescan()
    scanned(service, gui)

    titles = [clip.title for clip in service.visible()]
    assert len(titles) == 18 and "A10" not in titles


def test_a_file_name_that_is_not_utf8_plays_like_any_other(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    """Such a name (kept from an old Latin-1 system) reaches the store as text with lone
    surrogates; it must neither empty the library nor stop the loading from finishing."""
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "good.mp4", "red", seconds=0.2)
    odd = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9.mp4"))
    try:
        clip_cache.solid(odd, "red", seconds=0.2)
    except OSError:
        pytest.skip("this file system refuses names that are not valid UTF-8")
    gui, heard = GuiQueue(), Heard()
    state = LibraryState(store, FakeClock())
    service = LibraryService(state, settings(folder, require_approval=True), gui.post)
    service.listeners.append(heard)
    service.rescan()
    scanned(service, gui)

    assert [clip.path for clip in service.visible()] == [odd, folder / "good.mp4"]
    state.set_clip_hidden(service.visible()[0].key, True)
    assert state.hidden_clip_keys() == {str(odd)}


def test_choices_that_cannot_be_read_show_nothing_and_the_loading_still_ends(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    """A damaged row of the parent's hides: rather than play what they may have hidden, the
    feed gets nothing, and hears that the loading is over (so it shows "no clips")."""
    folder = tmp_path / "clips"
    two_shows(clip_cache, folder)
    with store.write():
        raw_connection(store).execute(
            "INSERT INTO hidden_clips (clip_key, hidden_at) VALUES (?, ?)",
            (MARKER + "!!not base64!!", "2026-11-26T09:00:00.000+00:00"),
        )
    gui, heard = GuiQueue(), Heard()
    service = LibraryService(LibraryState(store, FakeClock()), settings(folder), gui.post)
    service.listeners.append(heard)

    service.rescan()
    scanned(service, gui)

    assert service.visible() == []
    assert heard.calls[-1] == ("finished", [])


def test_a_new_folder_does_not_wait_behind_the_lengths_of_the_old_one(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    two_shows(clip_cache, old)
    clip_cache.solid(new / "one.mp4", "red", seconds=0.2)
    gui, probe = GuiQueue(), HeldProbe()
    auto = {"auto_segment_seconds": 15, "long_file_seconds": 30}
    service = LibraryService(
        LibraryState(store, FakeClock()), settings(old, **auto), gui.post, probe
    )
    service.rescan()
    gui.run_until(lambda: len(probe.asked) == 18)  # every old file waits for its length
    assert service.loading

    service.rescan(settings(new, **auto))
    assert probe.cancels == 1
    gui.run_until(lambda: len(probe.asked) == 19)
    probe.answer(18, 0.2)  # only the new folder's file is answered
    scanned(service, gui)
    assert [clip.title for clip in service.visible()] == ["One"]


def test_a_rescan_does_not_read_again_a_file_the_store_knows_unchanged(
    store: Store, tmp_path: Path, clip_cache: ClipCache
) -> None:
    service, gui, folder = scanned_two_shows(store, tmp_path, clip_cache)
    # Same size and mtime, but no video inside: only a scan that reads it could tell.
    known, changed = folder / "A show" / "A1.mp4", folder / "A show" / "A2.mp4"
    for path in (known, changed):
        info = path.stat()
        path.write_bytes(b"x" * info.st_size)
        stamp = info.st_mtime_ns if path == known else info.st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(info.st_atime_ns, stamp))

    service.rescan()
    scanned(service, gui)

    titles = {clip.title for clip in service.visible()}
    assert "A1" in titles  # kept unread: the player skips it if it fails to play
    assert "A2" not in titles  # changed, so read again, and it is no video

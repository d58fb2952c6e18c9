"""Routes to content the parent did not put in the library: a playlist or link file, a
clips.toml that names a file outside its folder, and a symlink out of the folder. The real scan,
curation and store decide; nothing that is not a video file in the clip folder (or one the
parent linked there) reaches the player."""

from __future__ import annotations

from pathlib import Path

from kiosk.app.library_service import LibraryService
from kiosk.core.config.load import Config, LibrarySettings
from kiosk.core.library.scan import scan_library
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store
from tests.clipmaker import ClipCache
from tests.core.fake_clock import FakeClock
from tests.library_kit import GuiQueue

PLAYLISTS = {
    "show.m3u": "#EXTM3U\n/home/someone/Videos/secret.mp4\n",
    "show.m3u8": "#EXTM3U\nhttps://example.com/live/index.m3u8\n",
    "site.url": "[InternetShortcut]\nURL=https://example.com/videos\n",
    "more.pls": "[playlist]\nFile1=https://example.com/a.mp4\n",
    "list.xspf": '<?xml version="1.0"?><playlist><trackList/></playlist>\n',
    "stream.strm": "https://example.com/a.mp4\n",
}


def test_playlist_and_link_files_never_reach_the_player(
    clip_cache: ClipCache, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "real.mp4", "red", seconds=1)
    for name, text in PLAYLISTS.items():
        (folder / name).write_text(text)
    # A playlist that wears a video's name: libvlc would follow it, so the scan reads the bytes.
    (folder / "live.mp4").write_text(PLAYLISTS["show.m3u8"])
    (folder / "live.mkv").write_text(PLAYLISTS["show.m3u"])
    scan = scan_library(folder)
    assert [clip.path.name for clip in scan.clips] == ["real.mp4"]
    reasons = {skipped.path.name: skipped.reason for skipped in scan.skipped}
    assert reasons == {
        **dict.fromkeys(PLAYLISTS, "not a video file type"),
        "live.mkv": "not a video: it holds text, such as a saved web page",
        "live.mp4": "not a video: it holds text, such as a saved web page",
    }


def test_a_clips_toml_never_plays_a_file_outside_its_own_folder(
    clip_cache: ClipCache, tmp_path: Path
) -> None:
    outside = clip_cache.solid(tmp_path / "private" / "secret.mp4", "red", seconds=1)
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "Show" / "fine.mp4", "green", seconds=1)
    (folder / "Show" / "clips.toml").write_text(
        "[[clip]]\nfile = '../../private/secret.mp4'\ntitle = 'Secret'\n"
        f"[[clip]]\nfile = '{outside}'\n"
    )
    scan = scan_library(folder)
    assert all(clip.path.resolve() != outside.resolve() for clip in scan.clips)
    # It names no file it may speak for, so its own folder is hidden until it is fixed.
    assert scan.clips == []
    assert all(problem.hides_folder for problem in scan.sidecar_problems)


def library(store: Store, folder: Path) -> tuple[LibraryService, GuiQueue]:
    gui = GuiQueue()
    defaults = Config.defaults().library
    settings = LibrarySettings(**{**defaults.__dict__, "folder": folder, "require_approval": True})
    service = LibraryService(LibraryState(store, FakeClock()), settings, gui.post)
    return service, gui


def scanned(service: LibraryService, gui: GuiQueue) -> list[str]:
    service.rescan()
    gui.run_until(lambda: service.scan is not None and not service.loading)
    return [clip.path.name for clip in service.visible()]


def test_a_link_out_of_the_folder_plays_only_as_a_file_the_parent_approved(
    store: Store, clip_cache: ClipCache, tmp_path: Path
) -> None:
    """Links are followed (a parent links a show from another drive), so only someone who can
    write in the clip folder adds one; with approval on, a new link waits like a new file, and
    a link turned to point at another video waits again."""
    cartoons = clip_cache.solid(tmp_path / "elsewhere" / "cartoons.mp4", "green", seconds=1)
    film = clip_cache.solid(tmp_path / "elsewhere" / "film.mp4", "red", seconds=2)
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "home.mp4", "white", seconds=1)
    (folder / "linked.mp4").symlink_to(cartoons)
    service, gui = library(store, folder)
    assert scanned(service, gui) == ["home.mp4", "linked.mp4"]  # the parent's first review

    (folder / "later.mp4").symlink_to(film)
    assert scanned(service, gui) == ["home.mp4", "linked.mp4"]
    (folder / "linked.mp4").unlink()
    (folder / "linked.mp4").symlink_to(film)
    assert scanned(service, gui) == ["home.mp4"]
    curation = service.curation
    assert curation is not None
    waiting = [item.clip.path.name for item in curation.items if item.status == "pending"]
    assert waiting == ["later.mp4", "linked.mp4"]

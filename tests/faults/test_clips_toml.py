"""A clips.toml that is broken in any way never lets a hidden file play, nor a whole episode that
should play as segments: the real library scan and curation, on a real store, decide what the
feed gets, and one case runs through the whole kiosk and its real feed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.library_service import LibraryService
from kiosk.core.clip import Clip
from kiosk.core.config.load import Config, LibrarySettings
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store
from tests.clipmaker import ClipCache
from tests.core.fake_clock import FakeClock
from tests.library_kit import GuiQueue
from tests.ui.kiosk_kit import Kiosk, start_feed

# What the parent meant, each time: Scary.mp4 never plays, and Episode.mp4 plays only as the
# segment from 0:01 to 0:02. Each case breaks that in one way.
MEANT = '[[clip]]\nfile = "Scary.mp4"\nhide = true\n\n[[clip]]\nfile = "Episode.mp4"\n'
BROKEN_SIDECARS = {
    "syntax error": MEANT + 'start = "0:01"\nend = "0:02"\ntitle = "The slide\n',
    "hide = ture": MEANT.replace("hide = true", "hide = ture") + "start = 1\nend = 2\n",
    "bad time": MEANT + 'start = "0:01"\nend = "0:O2"\n',
    'hide = "yes"': MEANT.replace("hide = true", 'hide = "yes"') + "start = 1\nend = 2\n",
    "hide = 1": MEANT.replace("hide = true", "hide = 1") + "start = 1\nend = 2\n",
    "unknown key": MEANT + "strat = 1\nend = 2\n",
}


def library(store: Store, folder: Path) -> list[Clip]:
    """What the running kiosk would hand its feed: the real scan thread, curation and store."""
    gui = GuiQueue()
    defaults = Config.defaults().library
    settings = LibrarySettings(**{**defaults.__dict__, "folder": folder})
    service = LibraryService(LibraryState(store, FakeClock()), settings, gui.post)
    service.rescan()
    gui.run_until(lambda: service.scan is not None and not service.loading)
    return service.visible()


@pytest.fixture
def show(clip_cache: ClipCache, tmp_path: Path) -> Path:
    """A clip folder with a show of three real clips, and another show beside it."""
    folder = tmp_path / "clips"
    for name in ("Episode.mp4", "Fine.mp4", "Scary.mp4"):
        clip_cache.solid(folder / "Penguins" / name, "red", seconds=3)
    clip_cache.solid(folder / "Other" / "Elsewhere.mp4", "blue", seconds=1)
    return folder


def assert_nothing_unmeant_plays(clips: list[Clip], folder: Path) -> None:
    names = [(clip.path.name, clip.start_seconds, clip.end_seconds) for clip in clips]
    assert all(name != "Scary.mp4" for name, _, _ in names), names
    assert ("Episode.mp4", None, None) not in names, names
    # A broken clips.toml speaks only for its own folder: the show beside it plays on.
    assert ("Elsewhere.mp4", None, None) in names, names


def test_the_file_as_the_parent_meant_it(store: Store, show: Path) -> None:
    (show / "Penguins" / "clips.toml").write_text(MEANT + "start = 1\nend = 2\n")
    names = [(clip.path.name, clip.start_seconds) for clip in library(store, show)]
    assert names == [("Elsewhere.mp4", None), ("Episode.mp4", 1.0), ("Fine.mp4", None)]


@pytest.mark.parametrize("text", BROKEN_SIDECARS.values(), ids=BROKEN_SIDECARS.keys())
def test_a_broken_clips_toml_plays_no_hidden_file_and_no_whole_episode(
    store: Store, show: Path, text: str
) -> None:
    (show / "Penguins" / "clips.toml").write_text(text)
    assert_nothing_unmeant_plays(library(store, show), show)


def test_a_clips_toml_that_is_not_utf8_plays_no_hidden_file(store: Store, show: Path) -> None:
    text = MEANT + 'start = 1\nend = 2\ntitle = "Caf\xe9"\n'
    (show / "Penguins" / "clips.toml").write_bytes(text.encode("latin-1"))
    assert_nothing_unmeant_plays(library(store, show), show)


def unreadable_folder(sidecar: Path) -> None:
    sidecar.mkdir()


def unreadable_dangling_link(sidecar: Path) -> None:
    sidecar.symlink_to(sidecar.parent / "the clips.toml that was moved away")


def unreadable_pipe(sidecar: Path) -> None:
    os.mkfifo(sidecar)  # reading it would wait for a writer for ever


@pytest.mark.parametrize(
    "make_unreadable",
    [unreadable_folder, unreadable_dangling_link, unreadable_pipe],
    ids=["a folder", "a dangling link", "a pipe"],
)
def test_a_clips_toml_that_cannot_be_read_hides_every_video_of_its_folder(
    store: Store, show: Path, make_unreadable: object
) -> None:
    """chmod 000 does not stop root, who runs CI: these are unreadable for root too."""
    make_unreadable(show / "Penguins" / "clips.toml")  # type: ignore[operator]
    clips = library(store, show)
    assert [clip.path.name for clip in clips] == ["Elsewhere.mp4"]


@pytest.fixture
def clip_folder(clip_cache: ClipCache, tmp_path: Path) -> Path:
    """The whole kiosk's folder: a red clip the parent hid with a clips.toml that has a typo,
    and a show of a green clip beside it."""
    folder = tmp_path / "clips"
    clip_cache.solid(folder / "1_red.mp4", "red", seconds=4)
    (folder / "clips.toml").write_text('[[clip]]\nfile = "1_red.mp4"\nhide = ture\n')
    clip_cache.solid(folder / "Show" / "2_green.mp4", "green", seconds=4)
    return folder


def test_the_real_feed_never_shows_a_file_hidden_by_a_clips_toml_with_a_typo(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    feed = start_feed(qtbot, kiosk, "green")
    # Not in the feed at all, so no swipe can reach it.
    assert [clip.path.name for clip in feed.playlist_clips()] == ["2_green.mp4"]

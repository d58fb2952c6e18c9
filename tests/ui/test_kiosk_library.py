"""The curated library in the whole kiosk: approval, the parent's hides, rescans, auto-clips and
the watch history, on a real store, real clips and real libvlc, with only the clock faked."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.app.library_actions import NOT_SAVED
from kiosk.ui.library.model import LibraryTile
from kiosk.ui.library.view import LibraryView
from tests.clipmaker import ClipCache
from tests.core.store_kit import raw_connection
from tests.ui.kiosk_kit import Kiosk, library_settled, start_feed
from tests.ui.pixels import centre_colour


def visible_titles(kiosk: Kiosk) -> list[str]:
    return [clip.title for clip in kiosk.host.library.visible()]


def feed_titles(kiosk: Kiosk) -> list[str]:
    feed = kiosk.host.feed
    assert feed is not None
    return [clip.title for clip in feed.playlist_clips()]


def test_new_files_wait_for_the_parents_approval_and_play_once_approved(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path, clip_cache: ClipCache
) -> None:
    kiosk: Kiosk = make_kiosk(library_extra="require_approval = true\n")  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    # Choosing the folder was the parent's review: what was in it then plays.
    assert visible_titles(kiosk) == ["1 red", "2 green", "3 blue"]

    new_clip = clip_cache.solid(clip_folder / "4_yellow.mp4", "yellow", seconds=4)
    kiosk.host.rescan_library()
    library_settled(qtbot, kiosk)
    assert kiosk.host.library.scan is not None and len(kiosk.host.library.scan.clips) == 4
    assert visible_titles(kiosk) == ["1 red", "2 green", "3 blue"]
    assert feed_titles(kiosk) == ["1 red", "2 green", "3 blue"]
    pending = [tile for tile in kiosk.host.library_actions.tiles() if tile.status == "pending"]
    assert [tile.clip.path for tile in pending] == [new_clip]

    kiosk.host.library_actions.approve([new_clip])
    assert feed_titles(kiosk) == ["1 red", "2 green", "3 blue", "4 yellow"]
    assert [event.kind for event in kiosk.services.store.events("library_approved")] == [
        "library_approved"
    ]


def test_a_clip_the_parent_hides_leaves_the_feed_at_once_and_stays_hidden(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    feed = kiosk.host.feed
    assert feed is not None
    red = next(clip for clip in kiosk.host.library.visible() if clip.title == "1 red")

    kiosk.host.library_actions.set_clip_hidden(red, True)
    qtbot.waitUntil(lambda: centre_colour(feed) == "green", timeout=10_000)
    assert feed_titles(kiosk) == ["2 green", "3 blue"]

    again: Kiosk = make_kiosk()  # type: ignore[operator]
    library_settled(qtbot, again)
    assert visible_titles(again) == ["2 green", "3 blue"]
    statuses = {tile.clip.title: tile.status for tile in again.host.library_actions.tiles()}
    assert statuses == {"1 red": "hidden", "2 green": "visible", "3 blue": "visible"}


def test_closing_the_parent_panel_rescans_the_folder(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path, clip_cache: ClipCache
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    clip_cache.solid(clip_folder / "4_yellow.mp4", "yellow", seconds=4)
    kiosk.flow.open_parent_access()
    kiosk.flow.parent_pad.accepted.emit()
    panel = kiosk.flow.panel
    assert panel is not None and kiosk.window.currentWidget() is panel
    assert feed_titles(kiosk) == ["1 red", "2 green", "3 blue"]

    panel.closed.emit()
    qtbot.waitUntil(lambda: feed_titles(kiosk) == ["1 red", "2 green", "3 blue", "4 yellow"])


def test_long_files_become_auto_clips_and_their_lengths_are_cached(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path, clip_cache: ClipCache
) -> None:
    clip_cache.solid(clip_folder / "Show" / "Long story.mp4", "blue", seconds=64)
    settings = "auto_segment_seconds = 16\nlong_file_seconds = 30\n"
    kiosk: Kiosk = make_kiosk(library_extra=settings)  # type: ignore[operator]
    library_settled(qtbot, kiosk)
    segments = [clip for clip in kiosk.host.library.visible() if clip.show == "Show"]
    assert [(clip.start_seconds, clip.end_seconds) for clip in segments] == [
        (0.0, 16.0),
        (16.0, 32.0),
        (32.0, 48.0),
        (48.0, 64.0),
    ]
    assert visible_titles(kiosk)[:3] == ["1 red", "2 green", "3 blue"]  # 4 s: too short to cut
    assert kiosk.host.worker.probed == 4

    again: Kiosk = make_kiosk(library_extra=settings)  # type: ignore[operator]
    library_settled(qtbot, again)
    assert again.host.library.visible() == kiosk.host.library.visible()
    # Every length came from the store: the worker was not even started.
    assert again.host.worker.probed == 0 and not again.host.worker.started


def test_each_clip_shown_is_saved_in_the_watch_history(make_kiosk: object, qtbot: QtBot) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    feed = kiosk.host.feed
    assert feed is not None
    kiosk.clock.advance(3)
    feed.step(+1)
    history = kiosk.services.watch_history
    qtbot.waitUntil(lambda: history.current is not None and history.current.title == "2 green")

    views = history.views()
    assert [(view.title, view.outcome) for view in views] == [("1 red", "skipped")]
    assert views[0].watched_seconds == 3.0


def test_the_flow_tells_the_feed_when_a_new_session_begins(
    make_kiosk: object, qtbot: QtBot
) -> None:
    """The wiring only: that the playlist's per-show cap then counts from zero again is tested
    in tests/core/test_playlist.py."""
    kiosk: Kiosk = make_kiosk(library_extra="max_per_show_per_session = 1\n")  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    feed = kiosk.host.feed
    assert feed is not None
    sessions: list[int] = []
    feed.start_session = lambda: sessions.append(1)  # type: ignore[method-assign]
    kiosk.flow.tick()
    assert sessions == []  # the same session

    kiosk.services.limits.end_session_now()
    kiosk.flow.tick()
    kiosk.services.limits.start_new_session_now()
    kiosk.flow.tick()
    assert sessions == [1]


def library_view(qtbot: QtBot, make_kiosk: object) -> tuple[Kiosk, LibraryView]:
    """A kiosk with its feed playing, and its library view on real actions, shown."""
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    start_feed(qtbot, kiosk)
    view = LibraryView(kiosk.host.library_actions)
    qtbot.addWidget(view)
    view.resize(540, 960)
    view.show()
    qtbot.waitExposed(view)
    return kiosk, view


def tile_of(view: LibraryView, title: str) -> LibraryTile:
    return next(tile for tile in view.tiles if tile.clip.title == title)


def test_the_library_view_hides_and_shows_a_clip_in_the_running_feed(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk, view = library_view(qtbot, make_kiosk)
    red = tile_of(view, "1 red").clip

    view.grid.clip_hidden_toggled.emit(red, True)
    assert tile_of(view, "1 red").status == "hidden"
    qtbot.waitUntil(lambda: feed_titles(kiosk) == ["2 green", "3 blue"])

    view.grid.clip_hidden_toggled.emit(red, False)
    assert tile_of(view, "1 red").status == "visible"
    qtbot.waitUntil(lambda: sorted(feed_titles(kiosk)) == ["1 red", "2 green", "3 blue"])
    kinds = [event.kind for event in kiosk.services.store.events() if "library" in event.kind]
    assert kinds == ["library_clip_hidden", "library_clip_shown"]


def test_a_choice_the_state_file_refuses_is_reported_and_changes_nothing(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk, view = library_view(qtbot, make_kiosk)
    red = tile_of(view, "1 red").clip
    kiosk.flow.stop()  # no ticks: the time rules would lock the kiosk on the broken store
    raw_connection(kiosk.services.store).execute("PRAGMA query_only = ON")

    view.grid.clip_hidden_toggled.emit(red, True)

    assert view.problem.isVisible() and view.problem.text() == NOT_SAVED
    assert tile_of(view, "1 red").status == "visible"
    assert feed_titles(kiosk) == ["1 red", "2 green", "3 blue"]


def test_a_long_file_replaced_by_a_shorter_one_is_measured_and_cut_again(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path, clip_cache: ClipCache
) -> None:
    long_file = clip_folder / "Show" / "Story.mp4"
    clip_cache.solid(long_file, "blue", seconds=64)
    settings = "auto_segment_seconds = 16\nlong_file_seconds = 30\n"
    kiosk: Kiosk = make_kiosk(library_extra=settings)  # type: ignore[operator]
    library_settled(qtbot, kiosk)
    assert len([clip for clip in kiosk.host.library.visible() if clip.show == "Show"]) == 4

    long_file.unlink()
    clip_cache.solid(long_file, "blue", seconds=40)  # a new file under the same name
    kiosk.host.rescan_library()
    library_settled(qtbot, kiosk)

    segments = [clip for clip in kiosk.host.library.visible() if clip.show == "Show"]
    assert [(clip.start_seconds, clip.end_seconds) for clip in segments] == [
        (0.0, 20.0),
        (20.0, 40.0),
    ]


def test_the_library_view_shows_a_clips_toml_problem_and_what_it_hides(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path
) -> None:
    (clip_folder / "clips.toml").write_text('[[clip]]\nfile = "2_green.mp4"\nhide = "yes"\n')
    kiosk, view = library_view(qtbot, make_kiosk)
    assert [tile.clip.title for tile in view.tiles] == ["1 red", "3 blue"]
    assert view.sidecar_notes.lines == [
        "Problems in clips.toml files",
        "clips.toml",
        'Line 3: hide = "yes" is not true or false: write hide = true to hide the file,'
        " or hide = false to play it.",
        "Hidden until it is fixed: 2_green.mp4.",
    ]

    (clip_folder / "clips.toml").write_text('[[clip]]\nfile = "2_green.mp4"\nhide = false\n')
    kiosk.host.rescan_library()
    library_settled(qtbot, kiosk)
    view.refresh()
    assert [tile.clip.title for tile in view.tiles] == ["1 red", "2 green", "3 blue"]
    assert not view.sidecar_notes.isVisible()

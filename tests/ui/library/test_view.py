"""The library page: tiles by show, hide/show/approve at once, thumbnails, preview, big libraries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.core.clip import Clip
from kiosk.core.library.scan import SidecarReport
from kiosk.core.library.sidecar.parse import SidecarProblem
from kiosk.ui.feed.painter import frame_box
from kiosk.ui.library.tiles import TileWidget
from kiosk.ui.library.view import READING, LibraryView
from kiosk.ui.parent.theme import apply_parent_theme
from tests.ui.parent_helpers import MemoryLibrary, write_png
from tests.ui.pixels import centre_colour, colour_at

ViewFactory = Callable[[MemoryLibrary], LibraryView]

SLIDE = Clip(Path("/clips/Penguins/slide.mp4"), "red", "Penguins")
SWIM = Clip(
    Path("/clips/Penguins/swim.mp4"), "Penguins swim under the ice for a long time", "Penguins"
)
STEAM = Clip(Path("/clips/Trains/steam.mp4"), "Steam train", "Trains")
LOOSE = Clip(Path("/clips/hello.mp4"), "Hello", None)
EPISODE = Path("/clips/Trains/episode 1.mp4")
PART_1 = Clip(EPISODE, "Part one", "Trains", 0.0, 60.0)
PART_2 = Clip(EPISODE, "Part two", "Trains", 60.0, 120.0)


@pytest.fixture
def make_view(qtbot: QtBot) -> Iterator[ViewFactory]:
    made: list[LibraryView] = []

    def make(library: MemoryLibrary) -> LibraryView:
        view = LibraryView(library)
        apply_parent_theme(view)  # the panel's look: sizes decide how many tiles fit
        qtbot.addWidget(view)
        made.append(view)
        view.resize(405, 720)
        view.show()
        qtbot.waitExposed(view)
        return view

    yield make
    for view in made:
        view.close()


def small_library(**kwargs: object) -> MemoryLibrary:
    clips = [(SLIDE, 65.4), (SWIM, 3723.0), (STEAM, None), (LOOSE, 9.0)]
    return MemoryLibrary(clips, **kwargs)  # type: ignore[arg-type]


def tile(view: LibraryView, clip: Clip) -> TileWidget:
    widget = view.grid.tile_widget(clip)
    assert widget is not None, f"no tile built for {clip.title}"
    return widget


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_tiles_are_grouped_by_show_with_title_and_duration(make_view: ViewFactory) -> None:
    view = make_view(small_library())
    assert view.grid.section_titles() == ["Penguins", "Trains", "Not in a show"]
    assert view.summary.text() == "4 clips in 2 shows"
    assert [tile(view, c).duration_text for c in (SLIDE, SWIM, STEAM)] == ["1:05", "1:02:03", ""]
    swim = tile(view, SWIM)
    assert swim.title_text == SWIM.title
    assert swim.title.text().endswith("\u2026")  # elided to fit the tile, whole in the tooltip
    assert swim.title.toolTip() == SWIM.title
    # Each show's tiles sit under its own heading, in library order.
    tops = {show: view.grid.header_widget(show).geometry().top() for show in ("Penguins", "Trains")}  # type: ignore[union-attr]
    loose_top = view.grid.header_widget(None).geometry().top()  # type: ignore[union-attr]
    assert tops["Penguins"] < tile(view, SLIDE).y() < tops["Trains"] < tile(view, STEAM).y()
    assert tile(view, STEAM).y() < loose_top < tile(view, LOOSE).y()
    assert not view.grid.header_widget(None).switch.isVisibleTo(view)  # type: ignore[union-attr]


def test_an_empty_library_says_so_in_one_sentence(make_view: ViewFactory) -> None:
    view = make_view(MemoryLibrary([]))
    assert view.empty.isVisible()
    assert view.empty.text().count(".") == 1
    assert not view.grid.isVisible()
    assert not view.summary.isVisible()


def test_while_the_folder_is_read_the_view_says_so_and_fills_in(
    qtbot: QtBot, make_view: ViewFactory
) -> None:
    library = MemoryLibrary([])
    library.is_loading = True
    view = make_view(library)
    assert view.empty.isVisible() and view.empty.text() == READING

    library.clips = [(SLIDE, 65.4)]
    library.is_loading = False
    qtbot.waitUntil(lambda: [tile.clip for tile in view.tiles] == [SLIDE], timeout=5000)
    assert not view.empty.isVisible()


def test_back_emits_closed(qtbot: QtBot, make_view: ViewFactory) -> None:
    view = make_view(small_library())
    with qtbot.waitSignal(view.closed, timeout=1000):
        click(qtbot, view.back_button)


def test_hiding_a_clip_calls_the_action_once_and_dims_it_at_once(
    qtbot: QtBot, make_view: ViewFactory
) -> None:
    library = small_library()
    view = make_view(library)
    slide = tile(view, SLIDE)
    assert slide.switch.isChecked() and not slide.dimmed
    click(qtbot, slide.switch)
    assert library.calls == [("set_clip_hidden", SLIDE, True)]
    slide = tile(view, SLIDE)
    assert slide.dimmed and not slide.switch.isChecked()
    assert slide.switch.text() == "Hidden"
    assert view.summary.text() == "4 clips in 2 shows \u00b7 1 hidden"
    click(qtbot, slide.switch)
    assert library.calls[1:] == [("set_clip_hidden", SLIDE, False)]
    assert not tile(view, SLIDE).dimmed


def test_hiding_a_show_hides_its_clips_and_says_why(qtbot: QtBot, make_view: ViewFactory) -> None:
    library = small_library()
    view = make_view(library)
    click(qtbot, view.grid.header_widget("Penguins").switch)  # type: ignore[union-attr]
    assert library.calls == [("set_show_hidden", "Penguins", True)]
    for clip in (SLIDE, SWIM):
        widget = tile(view, clip)
        assert widget.dimmed
        assert not widget.switch.isVisible()
        assert widget.note.isVisible() and widget.note.text() == "Hidden with its show"
    assert not tile(view, STEAM).dimmed
    assert view.grid.header_widget("Penguins").switch.text() == "Hidden"  # type: ignore[union-attr]
    click(qtbot, view.grid.header_widget("Penguins").switch)  # type: ignore[union-attr]
    assert library.calls[1:] == [("set_show_hidden", "Penguins", False)]
    assert tile(view, SLIDE).switch.isVisible() and not tile(view, SLIDE).dimmed
    assert not tile(view, SLIDE).note.isVisible()


def test_approving_one_new_clip(qtbot: QtBot, make_view: ViewFactory) -> None:
    library = small_library(pending=[STEAM.path])
    view = make_view(library)
    steam = tile(view, STEAM)
    assert steam.dimmed and steam.approve_button.isVisible() and not steam.switch.isVisible()
    assert view.summary.text() == "4 clips in 2 shows \u00b7 1 new to approve"
    click(qtbot, steam.approve_button)
    assert library.calls == [("approve", [STEAM.path])]
    steam = tile(view, STEAM)
    assert not steam.dimmed and not steam.approve_button.isVisible()
    assert steam.switch.isVisible() and steam.switch.isChecked()
    assert view.summary.text() == "4 clips in 2 shows"
    assert not view.grid.header_widget("Trains").approve_all.isVisible()  # type: ignore[union-attr]


def test_approve_all_new_approves_each_file_of_the_show_once(
    qtbot: QtBot, make_view: ViewFactory
) -> None:
    library = MemoryLibrary(
        [(STEAM, 30.0), (PART_1, 60.0), (PART_2, 60.0), (SLIDE, 5.0)],
        pending=[STEAM.path, EPISODE, SLIDE.path],
    )
    view = make_view(library)
    header = view.grid.header_widget("Trains")
    assert header is not None and header.approve_all.isVisible()
    assert header.counts.text() == "3 clips \u00b7 3 new"
    click(qtbot, header.approve_all)
    assert library.calls == [("approve", [STEAM.path, EPISODE])]
    assert not any(tile(view, clip).dimmed for clip in (STEAM, PART_1, PART_2))
    assert tile(view, SLIDE).dimmed  # another show: not approved
    assert not view.grid.header_widget("Trains").approve_all.isVisible()  # type: ignore[union-attr]


def test_thumbnails_appear_when_ready_and_none_keeps_the_placeholder(
    qtbot: QtBot, make_view: ViewFactory, tmp_path: Path
) -> None:
    library = small_library()
    view = make_view(library)
    qtbot.waitUntil(lambda: {SLIDE.key, STEAM.key} <= library.open_requests.keys(), timeout=5000)
    library.answer(SLIDE, write_png(tmp_path / "slide.png", "red"))
    library.answer(STEAM, None)
    slide, steam = tile(view, SLIDE), tile(view, STEAM)
    assert slide.has_picture and not steam.has_picture
    assert centre_colour(slide.picture) == "red"
    assert colour_at(steam.picture, 6, steam.picture.height() / 2) == "dark"  # the placeholder
    # A hidden clip's picture is dimmed.
    click(qtbot, slide.switch)
    assert centre_colour(tile(view, SLIDE).picture) != "red"
    # Neither is asked for again after a rescan; the new clip is.
    new = Clip(Path("/clips/Trains/new.mp4"), "New", "Trains")
    library.clips.append((new, 4.0))
    view.refresh()
    qtbot.waitUntil(lambda: new in library.requests, timeout=5000)
    assert library.requests.count(SLIDE) == 1 and library.requests.count(STEAM) == 1
    assert tile(view, SLIDE).has_picture


def test_hiding_the_view_cancels_the_thumbnails(qtbot: QtBot, make_view: ViewFactory) -> None:
    library = small_library()
    view = make_view(library)
    qtbot.waitUntil(lambda: bool(library.open_requests), timeout=5000)
    view.hide()
    assert library.cancels >= 1
    assert library.open_requests == {}


def test_the_preview_plays_the_clip_and_close_stops_it(
    qtbot: QtBot, make_view: ViewFactory
) -> None:
    library = small_library()
    view = make_view(library)
    player = library.player
    playing: list[bool] = []
    view.preview_playing_changed.connect(playing.append)
    click(qtbot, tile(view, SLIDE).picture)
    assert view.pages.currentWidget() is view.preview
    assert player.loads == [(SLIDE, False)]
    # Frames are asked for at the size they are shown, as in the feed.
    video = view.preview.video
    assert player.box == frame_box(video.size(), video.devicePixelRatioF())
    assert video.width() > 300 and video.height() > 300
    assert player.is_playing
    assert view.preview.title.text() == SLIDE.title
    # The fake paints a clip titled "red" red: the preview shows the player's frames.
    qtbot.waitUntil(lambda: centre_colour(view.preview.video) == "red", timeout=5000)
    click(qtbot, view.preview.play_button)
    assert not player.is_playing and view.preview.play_button.text() == "Play"
    click(qtbot, view.preview.play_button)
    assert player.is_playing
    click(qtbot, view.preview.close_button)
    assert player.calls[-1] == "stop" and player.clip is None
    assert "release" not in player.calls
    assert view.pages.currentWidget() is view.browse
    assert playing == [True, False, True, False]


def test_hiding_the_view_stops_the_preview(qtbot: QtBot, make_view: ViewFactory) -> None:
    library = small_library()
    view = make_view(library)
    click(qtbot, tile(view, STEAM).picture)
    assert library.player.is_playing
    view.hide()
    assert not library.player.is_playing and library.player.clip is None
    assert not view.is_previewing


def test_refresh_keeps_the_scroll_position(qtbot: QtBot, make_view: ViewFactory) -> None:
    clips = [(Clip(Path(f"/c/{n}.mp4"), f"Clip {n}", f"Show {n // 40}"), 10.0) for n in range(400)]
    library = MemoryLibrary(clips)
    view = make_view(library)
    bar = view.grid.verticalScrollBar()
    bar.setValue(3000)
    library.clips.append((Clip(Path("/c/new.mp4"), "New", "Show 0"), 1.0))
    view.refresh()
    assert bar.value() == 3000
    assert view.summary.text() == "401 clips in 10 shows"


def test_a_big_library_builds_and_asks_only_for_what_is_on_screen(
    qtbot: QtBot, make_view: ViewFactory, tmp_path: Path
) -> None:
    clips = [
        (Clip(Path(f"/c/{n}.mp4"), f"Clip {n}", f"Show {n // 200}"), float(n)) for n in range(2000)
    ]
    library = MemoryLibrary(clips)
    view = make_view(library)
    qtbot.waitUntil(lambda: bool(library.requests), timeout=5000)
    built = view.grid.built_tiles
    assert 0 < len(built) < 40
    assert len(view.grid.findChildren(TileWidget)) == len(built)
    assert {clip.key for clip in library.requests} == {w.tile.clip.key for w in built}  # type: ignore[union-attr]

    # Far down: the requests scrolled past are cancelled; only the new screen is asked for.
    first, last = clips[0][0], clips[-1][0]
    late_answer = library.open_requests[first.key]
    view.grid.scroll_to(last)
    qtbot.waitUntil(lambda: last.key in library.open_requests, timeout=5000)
    assert library.cancels == 1
    assert first.key not in library.open_requests
    assert len(library.open_requests) <= len(view.grid.built_tiles) < 40
    assert len(view.grid.findChildren(TileWidget)) < 60  # widgets are reused, not made anew
    # A picture that still arrives for a tile scrolled away is there when it comes back.
    late_answer(first, write_png(tmp_path / "first.png", "blue"))
    view.grid.verticalScrollBar().setValue(0)
    assert centre_colour(tile(view, first).picture) == "blue"


def test_a_thumbnail_that_arrives_after_the_view_is_gone_is_dropped(
    qtbot: QtBot, tmp_path: Path
) -> None:
    library = small_library()
    view = LibraryView(library)  # not the fixture's: this test deletes it
    view.resize(405, 720)
    view.show()
    qtbot.waitUntil(lambda: SLIDE.key in library.open_requests, timeout=5000)
    late_answer = library.open_requests[SLIDE.key]
    with qtbot.waitSignal(view.destroyed, timeout=1000):
        view.deleteLater()
    late_answer(SLIDE, write_png(tmp_path / "late.png", "red"))  # must not touch a deleted tile


def test_deleting_the_view_during_a_preview_stops_the_player(qtbot: QtBot) -> None:
    library = small_library()
    view = LibraryView(library)  # not the fixture's: this test deletes it
    view.resize(405, 720)
    view.show()
    qtbot.waitExposed(view)
    click(qtbot, tile(view, SLIDE).picture)
    assert library.player.is_playing
    with qtbot.waitSignal(view.destroyed, timeout=1000):
        view.deleteLater()
    assert library.player.clip is None and not library.player.is_playing
    library.player.show_frame()  # a frame still in flight must not reach a deleted widget


def penguin_report(problems: int = 1) -> SidecarReport:
    sidecar = Path("/clips/Penguins/clips.toml")
    return SidecarReport(
        "Penguins/clips.toml",
        tuple(
            SidecarProblem(sidecar, 4 + line, f"start = '1:3O' is not a time: number {line}")
            for line in range(problems)
        ),
        (Path("/clips/Penguins/Episode.mp4"),),
    )


def test_clips_toml_problems_show_at_the_top_each_in_one_sentence_with_its_line(
    make_view: ViewFactory,
) -> None:
    library = small_library()
    whole_file = SidecarProblem(
        Path("/clips/clips.toml"),
        None,
        "cannot be read (permission denied), so every video in this folder is hidden: make it"
        " a text file this user can read",
        hides_folder=True,
    )
    hidden = tuple(Path(f"/clips/{name}.mp4") for name in "abcdefg")
    library.reports = [penguin_report(), SidecarReport("clips.toml", (whole_file,), hidden)]
    view = make_view(library)
    notes = view.sidecar_notes
    assert notes.isVisible()
    assert notes.geometry().bottom() < view.grid.geometry().top()  # above the clips
    assert notes.lines == [
        "Problems in clips.toml files",
        "Penguins/clips.toml",
        "Line 4: start = '1:3O' is not a time: number 0.",
        "Hidden until it is fixed: Episode.mp4.",
        "clips.toml",
        "Cannot be read (permission denied), so every video in this folder is hidden: make it"
        " a text file this user can read.",
        "Hidden until it is fixed: a.mp4, b.mp4, c.mp4, d.mp4, e.mp4 and 2 more.",
    ]


def test_many_clips_toml_problems_show_the_first_few_and_point_to_kiosk_check(
    qtbot: QtBot, make_view: ViewFactory
) -> None:
    library = small_library()
    view = make_view(library)
    assert not view.sidecar_notes.isVisible()

    library.reports = [penguin_report(problems=9)]
    view.refresh()
    lines = view.sidecar_notes.lines
    assert [line for line in lines if line.startswith("Line ")] == [
        f"Line {4 + n}: start = '1:3O' is not a time: number {n}." for n in range(6)
    ]
    assert lines[-1] == "3 more problems are listed by: kiosk check"

    library.reports = []  # the parent fixed the file, and the folder was read again
    view.refresh()
    assert not view.sidecar_notes.isVisible() and view.sidecar_notes.lines == []

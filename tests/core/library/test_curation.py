"""Curation: which clips the feed plays and how the library view shows each one, from a scan,
the parent's choices, approvals and measured durations; and how long files are cut."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.core.config.load import LibrarySettings
from kiosk.core.library.curation import Curation, auto_clips, curate

ROOT = Path("/videos")
SETTINGS = LibrarySettings(
    folder=ROOT,
    order="shuffle",
    auto_segment_seconds=0,
    long_file_seconds=180,
    require_approval=False,
    max_per_show_per_session=0,
)
CUTTING = replace(SETTINGS, auto_segment_seconds=60)


def clip(name: str, show: str | None = None) -> Clip:
    folder = ROOT if show is None else ROOT / show
    return Clip(folder / f"{name}.mp4", name, show)


def run(
    clips: list[Clip],
    settings: LibrarySettings = SETTINGS,
    *,
    described: frozenset[Path] = frozenset(),
    hidden_clips: frozenset[str] = frozenset(),
    hidden_shows: frozenset[str] = frozenset(),
    pending: frozenset[Path] = frozenset(),
    durations: Mapping[Path, float] | None = None,
) -> Curation:
    return curate(
        clips,
        settings,
        described=described,
        hidden_clips=hidden_clips,
        hidden_shows=hidden_shows,
        pending=pending,
        durations=durations or {},
    )


def statuses(curation: Curation) -> dict[str, str]:
    return {item.clip.title: item.status for item in curation.items}


# Statuses.


def test_everything_is_visible_with_no_choices() -> None:
    clips = [clip("a"), clip("b", "Show"), clip("c", "Show")]
    curation = run(clips)
    assert curation.visible == clips
    assert [item.auto for item in curation.items] == [False, False, False]
    assert curation.awaiting_duration == ()


def test_each_choice_gives_its_status_and_leaves_the_feed() -> None:
    clips = [clip("plain"), clip("hidden"), clip("new"), clip("loud", "Loud"), clip("ok", "Calm")]
    curation = run(
        clips,
        hidden_clips=frozenset({str(ROOT / "hidden.mp4")}),
        hidden_shows=frozenset({"Loud"}),
        pending=frozenset({ROOT / "new.mp4"}),
    )
    assert statuses(curation) == {
        "plain": "visible",
        "hidden": "hidden",
        "new": "pending",
        "loud": "show_hidden",
        "ok": "visible",
    }
    assert [c.title for c in curation.visible] == ["plain", "ok"]


def test_pending_comes_before_a_hidden_show_which_comes_before_a_hidden_clip() -> None:
    both = clip("both", "Loud")
    everything = clip("all", "Loud")
    curation = run(
        [both, everything],
        hidden_clips=frozenset({both.key, everything.key}),
        hidden_shows=frozenset({"Loud"}),
        pending=frozenset({everything.path}),
    )
    assert statuses(curation) == {"both": "show_hidden", "all": "pending"}


def test_a_hidden_show_hides_every_clip_of_it_segments_too() -> None:
    long = clip("long", "Loud")
    segment = Clip(ROOT / "Loud" / "film.mp4", "Slide", "Loud", 90.0, 135.0)
    curation = run(
        [long, segment, clip("top")],
        CUTTING,
        hidden_shows=frozenset({"Loud"}),
        durations={long.path: 300.0, ROOT / "top.mp4": 30.0},
    )
    assert [i.status for i in curation.items if i.clip.show == "Loud"] == ["show_hidden"] * 6
    assert [c.title for c in curation.visible] == ["top"]


def test_clips_at_the_top_are_not_a_show_that_can_be_hidden() -> None:
    curation = run([clip("top")], hidden_shows=frozenset({"", "None"}))
    assert statuses(curation) == {"top": "visible"}


def test_a_segment_is_hidden_by_its_own_key() -> None:
    first = Clip(ROOT / "film.mp4", "One", None, 0.0, 30.0)
    second = Clip(ROOT / "film.mp4", "Two", None, 30.0, 60.0)
    curation = run([first, second], hidden_clips=frozenset({second.key}))
    assert statuses(curation) == {"One": "visible", "Two": "hidden"}


def test_shows_and_items_keep_library_order() -> None:
    clips = [clip("a"), clip("b", "Zebra"), clip("c", "Apple"), clip("d", "Zebra")]
    curation = run(clips, hidden_shows=frozenset({"Apple"}))
    assert curation.shows == (None, "Zebra", "Apple")
    assert [(item.clip.title, item.status) for item in curation.items] == [
        ("a", "visible"),
        ("b", "visible"),
        ("c", "show_hidden"),
        ("d", "visible"),
    ]
    assert [c.title for c in curation.visible] == ["a", "b", "d"]


def test_the_same_clip_twice_is_listed_once() -> None:
    curation = run([clip("a"), clip("a"), clip("b")])
    assert [c.title for c in curation.visible] == ["a", "b"]


# Cutting long files.


def test_600_seconds_in_60_is_ten_clips_of_60() -> None:
    parts = auto_clips(clip("Episode 01", "Penguins"), 600.0, 60)
    assert [(p.start_seconds, p.end_seconds) for p in parts] == [
        (60.0 * n, 60.0 * (n + 1)) for n in range(10)
    ]
    assert parts[1].title == "Episode 01 (part 2 of 10)"
    assert {p.show for p in parts} == {"Penguins"}
    assert {p.path for p in parts} == {ROOT / "Penguins" / "Episode 01.mp4"}
    assert len({p.key for p in parts}) == 10


def test_610_seconds_in_60_is_ten_equal_clips_of_61() -> None:
    parts = auto_clips(clip("e"), 610.0, 60)
    assert len(parts) == 10
    assert [(p.start_seconds, p.end_seconds) for p in parts] == [
        (61.0 * n, 61.0 * (n + 1)) for n in range(10)
    ]


def test_an_uneven_split_still_covers_the_whole_file_without_gaps() -> None:
    parts = auto_clips(clip("e"), 1000.0, 140)  # 7 parts of 142.857... s
    assert len(parts) == 7 and parts[0].start_seconds == 0.0 and parts[-1].end_seconds == 1000.0
    assert all(a.end_seconds == b.start_seconds for a, b in itertools.pairwise(parts))
    assert parts[1].start_seconds == 142.857  # bounds to the millisecond, for short, stable keys
    assert parts[1].title == "e (part 2 of 7)"


@pytest.mark.parametrize(
    ("duration", "segment"), [(200.0, 600), (89.0, 60), (0.0, 60), (float("nan"), 60), (600.0, 0)]
)
def test_one_segment_or_no_usable_numbers_give_the_clip_back_whole(
    duration: float, segment: int
) -> None:
    whole = clip("e")
    assert auto_clips(whole, duration, segment) == [whole]


def test_a_long_file_is_cut_when_auto_clips_are_on() -> None:
    long = clip("Episode 01")
    curation = run(
        [long, clip("short")], CUTTING, durations={long.path: 300.0, ROOT / "short.mp4": 40.0}
    )
    assert [c.title for c in curation.visible] == [
        *(f"Episode 01 (part {n} of 5)" for n in range(1, 6)),
        "short",
    ]
    assert [item.auto for item in curation.items] == [True] * 5 + [False]


def test_a_file_of_exactly_the_long_file_length_is_not_cut() -> None:
    exact = clip("exact")
    curation = run([exact], CUTTING, durations={exact.path: 180.0})
    assert curation.visible == [exact]
    longer = run([exact], CUTTING, durations={exact.path: 180.5})
    assert len(longer.visible) == 3


def test_files_the_parent_described_are_never_cut() -> None:
    described = clip("described")
    segment = Clip(ROOT / "film.mp4", "Slide", None, 90.0, 135.0)
    curation = run(
        [described, segment],
        CUTTING,
        described=frozenset({described.path, segment.path}),
        durations={described.path: 3000.0, segment.path: 3000.0},
    )
    assert curation.visible == [described, segment]
    assert curation.awaiting_duration == ()


def test_a_segment_is_never_cut_even_when_its_file_is_not_described() -> None:
    segment = Clip(ROOT / "film.mp4", "Slide", None, 90.0, 135.0)
    curation = run([segment], CUTTING, durations={segment.path: 3000.0})
    assert curation.visible == [segment]


def test_a_file_of_unknown_length_waits_until_it_is_measured() -> None:
    unknown, known = clip("unknown"), clip("known")
    curation = run([unknown, known, unknown], CUTTING, durations={known.path: 20.0})
    assert curation.awaiting_duration == (unknown.path,)
    assert [item.clip for item in curation.items] == [known]
    measured = run([unknown, known], CUTTING, durations={known.path: 20.0, unknown.path: 240.0})
    assert measured.awaiting_duration == ()
    assert len(measured.visible) == 5


def test_with_auto_clips_off_nothing_waits_and_long_files_play_whole() -> None:
    long = clip("long")
    curation = run([long], SETTINGS, durations={long.path: 5000.0})
    assert curation.visible == [long] and curation.awaiting_duration == ()
    assert run([long]).visible == [long]


@pytest.mark.parametrize("measured", [0.0, -1.0, float("nan"), float("inf")])
def test_a_file_libvlc_could_not_measure_plays_whole(measured: float) -> None:
    odd = clip("odd")
    curation = run([odd], CUTTING, durations={odd.path: measured})
    assert curation.visible == [odd] and curation.awaiting_duration == ()


def test_hiding_a_whole_file_also_hides_the_clips_cut_from_it() -> None:
    """A parent who hid a film before turning auto-clips on must not see it come back in parts."""
    film = clip("film")
    curation = run(
        [film], CUTTING, hidden_clips=frozenset({film.key}), durations={film.path: 600.0}
    )
    assert len(curation.items) == 10 and curation.visible == []
    assert {item.status for item in curation.items} == {"hidden"}


def test_one_cut_part_can_be_hidden_alone() -> None:
    film = clip("film")
    parts = auto_clips(film, 600.0, 60)
    curation = run(
        [film], CUTTING, hidden_clips=frozenset({parts[3].key}), durations={film.path: 600.0}
    )
    assert curation.visible == parts[:3] + parts[4:]


def test_a_pending_file_is_pending_in_every_part() -> None:
    film = clip("film")
    curation = run([film], CUTTING, pending=frozenset({film.path}), durations={film.path: 600.0})
    assert {item.status for item in curation.items} == {"pending"}
    assert curation.visible == []

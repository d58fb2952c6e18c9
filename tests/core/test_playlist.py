"""Feed order: sequential and shuffle, the history cursor, and dropping broken clips."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.clip import Clip
from kiosk.core.playlist import EmptyPlaylistError, Order, Playlist

# No deadline: the machine is shared, and a slow example is not a failure.
PROPERTY = settings(deadline=None, max_examples=200)


def clips(count: int) -> list[Clip]:
    return [Clip(Path(f"/clips/{i}.mp4"), f"Clip {i}") for i in range(count)]


def titles(items: Sequence[Clip | None]) -> list[str | None]:
    return [None if clip is None else clip.title for clip in items]


def test_sequential_plays_in_the_given_order_and_wraps() -> None:
    playlist = Playlist(clips(3), "sequential")
    seen = [playlist.current] + [playlist.advance() for _ in range(4)]
    assert titles(seen) == ["Clip 0", "Clip 1", "Clip 2", "Clip 0", "Clip 1"]


def test_back_shows_what_was_seen_then_forward_replays_it_then_continues() -> None:
    playlist = Playlist(clips(20), "shuffle", random.Random(7))
    seen = [playlist.current] + [playlist.advance() for _ in range(4)]
    back = [playlist.back() for _ in range(5)]
    assert back == [*seen[-2::-1], None]
    assert playlist.current == seen[0]
    forward = [playlist.advance() for _ in range(4)]
    assert forward == seen[1:]
    new = playlist.advance()
    assert new not in seen


def test_peek_decides_the_upcoming_clips_once() -> None:
    playlist = Playlist(clips(10), "shuffle", random.Random(1))
    assert playlist.peek(-1) is None
    assert playlist.peek(0) == playlist.current
    upcoming = [playlist.peek(1), playlist.peek(2)]
    assert [playlist.peek(1), playlist.peek(2)] == upcoming
    assert [playlist.advance(), playlist.advance()] == upcoming
    assert playlist.peek(-1) == upcoming[0]


def test_two_clips_in_shuffle_always_alternate() -> None:
    for seed in range(50):
        playlist = Playlist(clips(2), "shuffle", random.Random(seed))
        seen = [playlist.current] + [playlist.advance() for _ in range(9)]
        assert all(a != b for a, b in itertools.pairwise(seen)), seed


@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_one_clip_just_repeats(order: Order) -> None:
    (only,) = clips(1)
    playlist = Playlist([only], order, random.Random(0))
    assert [playlist.current, playlist.advance(), playlist.advance()] == [only] * 3
    assert playlist.back() == only


def test_an_empty_playlist_says_so() -> None:
    playlist = Playlist([], "shuffle", random.Random(0))
    assert (len(playlist), playlist.is_empty) == (0, True)
    assert playlist.peek(1) is None
    assert playlist.back() is None
    with pytest.raises(EmptyPlaylistError):
        _ = playlist.current
    with pytest.raises(EmptyPlaylistError):
        playlist.advance()


def test_clips_with_the_same_key_count_once() -> None:
    first, second = clips(2)
    twin = Clip(first.path, "Another title")
    playlist = Playlist([first, second, twin], "sequential")
    assert (len(playlist), playlist.clips) == (2, (first, second))


def test_a_bad_order_or_history_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="order 'random' is not one of shuffle, sequential"):
        Playlist(clips(2), "random")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="history_limit 0"):
        Playlist(clips(2), history_limit=0)


def test_dropping_the_current_clip_makes_the_next_one_current() -> None:
    playlist = Playlist(clips(4), "sequential")
    playlist.advance()
    playlist.peek(1)
    playlist.drop(playlist.current)
    assert titles([playlist.current, playlist.peek(-1)]) == ["Clip 2", "Clip 0"]
    assert titles([playlist.advance(), playlist.advance(), playlist.advance()]) == [
        "Clip 3",
        "Clip 0",
        "Clip 2",
    ]
    assert len(playlist) == 3


def test_dropping_a_clip_from_the_history_keeps_the_cursor_on_the_same_clip() -> None:
    playlist = Playlist(clips(5), "sequential")
    for _ in range(3):
        playlist.advance()
    playlist.drop(clips(5)[1])
    assert playlist.current.title == "Clip 3"
    assert titles([playlist.back(), playlist.back(), playlist.back()]) == [
        "Clip 2",
        "Clip 0",
        None,
    ]


def test_dropping_leaves_no_clip_twice_in_a_row_in_the_history() -> None:
    a, b, c = clips(3)
    playlist = Playlist([a, b, c], "sequential")
    playlist.advance()
    playlist.advance()
    playlist.advance()  # history: a, b, c, a
    playlist.drop(b)
    playlist.drop(c)
    assert (playlist.current, playlist.back(), playlist.back()) == (a, None, None)


def test_dropping_every_clip_empties_the_playlist_and_unknown_clips_are_ignored() -> None:
    playlist = Playlist(clips(2), "shuffle", random.Random(3))
    playlist.drop(Clip(Path("/elsewhere.mp4"), "Not here"))
    assert len(playlist) == 2
    for clip in clips(2):
        playlist.drop(clip)
    assert playlist.is_empty
    assert playlist.peek(0) is None
    with pytest.raises(EmptyPlaylistError):
        _ = playlist.current


def test_the_history_is_bounded() -> None:
    playlist = Playlist(clips(10), "sequential", history_limit=5)
    for _ in range(20):
        playlist.advance()
    steps_back = 0
    while playlist.back() is not None:
        steps_back += 1
    assert steps_back == 4


@PROPERTY
@given(count=st.integers(1, 12), seed=st.integers(0, 2**32), steps=st.integers(0, 60))
def test_shuffle_deals_every_clip_before_any_repeats(count: int, seed: int, steps: int) -> None:
    playlist = Playlist(clips(count), "shuffle", random.Random(seed))
    seen = [playlist.current] + [playlist.advance() for _ in range(steps)]
    for start in range(0, len(seen), count):
        cycle = seen[start : start + count]
        assert len(set(cycle)) == len(cycle), "a clip repeated before all were shown"
        if start and count > 1:
            assert cycle[0] != seen[start - 1], (
                "a new cycle opened with the clip that closed the last"
            )


OPS = st.lists(st.sampled_from(["advance", "back", "peek+", "peek-"]), max_size=60)


@PROPERTY
@given(count=st.integers(1, 8), seed=st.integers(0, 2**32), ops=OPS)
@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_the_cursor_matches_a_simple_model_of_history(
    order: Order, count: int, seed: int, ops: list[str]
) -> None:
    playlist = Playlist(clips(count), order, random.Random(seed))
    history, position = [playlist.current], 0
    for op in ops:
        if op == "advance":
            upcoming = playlist.peek(1)
            assert playlist.advance() == upcoming
            position += 1
            if position == len(history):
                history.append(upcoming)
            assert upcoming == history[position], "going forward again must replay the history"
        elif op == "back":
            expected = history[position - 1] if position else None
            assert playlist.back() == expected
            position = max(position - 1, 0)
        elif op == "peek+":
            playlist.peek(1)
        else:
            assert playlist.peek(-1) == (history[position - 1] if position else None)
        assert playlist.current == history[position]


PICKS = st.lists(st.integers(0, 7), min_size=60, max_size=60)


def pick_alive(alive: set[Clip], pick: int) -> Clip:
    return sorted(alive, key=lambda clip: clip.title)[pick % len(alive)]


@PROPERTY
@given(
    count=st.integers(1, 8),
    seed=st.integers(0, 2**32),
    ops=st.lists(st.sampled_from(["advance", "back", "peek+", "peek-", "drop"]), max_size=60),
    picks=PICKS,
)
@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_dropping_keeps_the_cursor_valid(
    order: Order, count: int, seed: int, ops: list[str], picks: list[int]
) -> None:
    playlist = Playlist(clips(count), order, random.Random(seed))
    alive = set(clips(count))
    for op, pick in zip(ops, picks, strict=False):
        if op == "drop":
            victim = pick_alive(alive, pick)
            playlist.drop(victim)
            alive.discard(victim)
            if not alive:
                assert playlist.is_empty
                assert playlist.peek(1) is None
                return
        elif op == "advance":
            upcoming = playlist.peek(1)
            assert playlist.advance() == upcoming
        elif op == "back":
            before = playlist.peek(-1)
            assert playlist.back() == before
        else:
            playlist.peek(1 if op == "peek+" else -1)
        assert len(playlist) == len(alive)
        assert playlist.current in alive
        assert playlist.peek(-1) in alive | {None}
        assert all(playlist.peek(k) in alive for k in (1, 2))


@PROPERTY
@given(
    count=st.integers(1, 8),
    seed=st.integers(0, 2**32),
    ops=st.lists(st.sampled_from(["advance", "advance", "peek+", "drop"]), max_size=80),
    picks=PICKS,
)
def test_shuffle_deals_every_remaining_clip_before_any_repeats_despite_drops(
    count: int, seed: int, ops: list[str], picks: list[int]
) -> None:
    playlist = Playlist(clips(count), "shuffle", random.Random(seed))
    alive = set(clips(count))
    cycle: set[Clip] = set()

    def reached(clip: Clip) -> None:
        nonlocal cycle
        # A repeat opens a new cycle: the one before must hold every clip still playable.
        if clip in cycle:
            assert alive <= cycle, "a clip repeated before every remaining clip was shown"
            cycle = set()
        cycle.add(clip)

    reached(playlist.current)
    for op, pick in zip(ops, picks, strict=False):
        if op == "drop":
            victim = pick_alive(alive, pick)
            was_current = playlist.current == victim
            playlist.drop(victim)
            alive.discard(victim)
            if not alive:
                return
            if was_current:
                reached(playlist.current)
        elif op == "advance":
            reached(playlist.advance())
        else:
            playlist.peek(1)

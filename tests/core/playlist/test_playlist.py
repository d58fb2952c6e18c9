"""Feed order, rule by rule: sequential and shuffle, the history cursor, dropping broken clips,
the cycle remembered across sessions, spreading shows, the per-show cap, clips added late, and
clips removed from the library. The properties over random libraries are in
test_playlist_properties.py."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.core.playlist.memory import InMemoryShuffleMemory
from kiosk.core.playlist.playlist import EmptyPlaylistError, Order, Playlist


def clips(count: int) -> list[Clip]:
    return [Clip(Path(f"/clips/{i}.mp4"), f"Clip {i}") for i in range(count)]


def show(name: str | None, count: int) -> list[Clip]:
    """`count` clips of one show; None is the top level of the clip folder."""
    folder = name or "top"
    return [Clip(Path(f"/clips/{folder}/{i}.mp4"), f"{folder} {i}", name) for i in range(count)]


def keys(items: Sequence[Clip]) -> set[str]:
    return {clip.key for clip in items}


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


@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_looking_far_ahead_never_decides_a_clip_twice_in_one_cycle(order: Order) -> None:
    library = clips(6)
    for seed in range(30):
        playlist = Playlist(library, order, random.Random(seed))
        ahead = [playlist.peek(offset) for offset in range(6)]
        assert set(ahead) == set(library), seed


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
    with pytest.raises(ValueError, match="max_per_show -1"):
        Playlist(clips(2), max_per_show=-1)


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


# --- The cycle, remembered across sessions -------------------------------------------------


def test_a_clip_counts_as_shown_when_it_becomes_current_not_when_peeked_or_replayed() -> None:
    memory = InMemoryShuffleMemory()
    library = clips(5)
    playlist = Playlist(library, "sequential", memory=memory)
    assert memory.seen_keys() == keys(library[:1])
    playlist.peek(1)
    playlist.peek(2)
    assert memory.seen_keys() == keys(library[:1])
    playlist.advance()
    assert memory.seen_keys() == keys(library[:2])
    memory.start_new_cycle()  # so a replay that marked anything would show here
    playlist.back()
    playlist.advance()
    assert memory.seen_keys() == set()


def test_a_clip_peeked_but_never_shown_is_still_to_come_next_session() -> None:
    memory = InMemoryShuffleMemory()
    library = clips(6)
    first = Playlist(library, "shuffle", random.Random(1), memory=memory)
    peeked = first.peek(1)
    assert peeked is not None and peeked.key not in memory.seen_keys()
    second = Playlist(library, "shuffle", random.Random(2), memory=memory)
    rest = [second.current] + [second.advance() for _ in range(4)]
    assert peeked in rest
    assert {first.current, *rest} == set(library)


def test_shuffle_carries_its_cycle_over_to_the_next_session() -> None:
    memory = InMemoryShuffleMemory()
    library = clips(8)
    first = Playlist(library, "shuffle", random.Random(3), memory=memory)
    morning = [first.current, first.advance(), first.advance()]
    second = Playlist(library, "shuffle", random.Random(3), memory=memory)
    afternoon = [second.current] + [second.advance() for _ in range(4)]
    assert set(morning + afternoon) == set(library)
    opener = second.advance()
    assert opener != afternoon[-1]
    assert memory.seen_keys() == {opener.key}, "the full cycle is forgotten when the next opens"


def test_a_library_seen_in_full_starts_a_new_cycle_at_once() -> None:
    library = clips(3)
    memory = InMemoryShuffleMemory(keys(library))
    playlist = Playlist(library, "sequential", memory=memory)
    assert playlist.current == library[0]
    assert memory.seen_keys() == {library[0].key}


def test_remembered_clips_that_are_gone_or_hidden_do_not_hold_up_the_cycle() -> None:
    shown, unseen = clips(2)
    memory = InMemoryShuffleMemory({shown.key, "/clips/deleted.mp4"})
    playlist = Playlist([shown, unseen], "shuffle", random.Random(0), memory=memory)
    assert playlist.current == unseen
    assert playlist.advance() == shown
    assert memory.seen_keys() == {shown.key}


def test_sequential_resumes_the_series_where_the_child_left_it() -> None:
    memory = InMemoryShuffleMemory()
    library = clips(5)
    first = Playlist(library, "sequential", memory=memory)
    first.advance()
    first.advance()
    second = Playlist(library, "sequential", memory=memory)
    assert titles([second.current, second.advance(), second.advance()]) == [
        "Clip 3",
        "Clip 4",
        "Clip 0",
    ]
    assert memory.seen_keys() == {library[0].key}, "a full pass starts a new cycle"


# --- Spreading shows -------------------------------------------------------------------------


@pytest.mark.parametrize("other", ["b", None])
def test_shuffle_takes_turns_between_shows_while_both_have_clips_left(other: str | None) -> None:
    library = show("a", 4) + show(other, 4)
    for seed in range(30):
        playlist = Playlist(library, "shuffle", random.Random(seed))
        cycle = [playlist.current] + [playlist.advance() for _ in range(7)]
        assert set(cycle) == set(library), seed
        assert all(x.show != y.show for x, y in itertools.pairwise(cycle)), seed


def test_shuffle_spreads_a_big_show_over_the_whole_cycle() -> None:
    # 8 clips of one show and 4 of others need at least 3 back-to-back pairs. Choosing each
    # show equally often uses up the small shows first and averages 5; choosing in proportion
    # to the clips left averages under 4.
    library = show("big", 8) + show("b", 2) + show("c", 2)
    pairs = 0
    for seed in range(200):
        playlist = Playlist(library, "shuffle", random.Random(seed))
        cycle = [playlist.current] + [playlist.advance() for _ in range(11)]
        pairs += sum(x.show == y.show for x, y in itertools.pairwise(cycle))
    assert pairs / 200 < 4.4


# --- The per-show cap --------------------------------------------------------------------------


def test_the_cap_skips_a_show_that_had_its_share_while_others_have_clips_allowed() -> None:
    playlist = Playlist(show("x", 3) + show("y", 3) + show("z", 1), "sequential", max_per_show=2)
    seen = [playlist.current] + [playlist.advance() for _ in range(6)]
    # Then every show with clips left is capped: the least played goes on, in order.
    assert titles(seen) == ["x 0", "x 1", "y 0", "y 1", "z 0", "x 2", "y 2"]


def test_once_every_show_left_is_capped_the_one_played_least_goes_on() -> None:
    playlist = Playlist(show("x", 4) + show("y", 3), "sequential", max_per_show=1)
    seen = [playlist.current] + [playlist.advance() for _ in range(6)]
    # After "y 1" the order alone would give "y 2"; after "x 2" it would give "x 3".
    assert titles(seen) == ["x 0", "y 0", "y 1", "x 1", "x 2", "y 2", "x 3"]


def test_top_level_clips_are_not_capped() -> None:
    playlist = Playlist(show("x", 3) + show(None, 3), "sequential", max_per_show=1)
    seen = [playlist.current] + [playlist.advance() for _ in range(4)]
    assert titles(seen) == ["x 0", "top 0", "top 1", "top 2", "x 1"]


def test_a_new_session_lets_a_capped_show_play_again() -> None:
    library = show("x", 3) + show(None, 3)
    playlist = Playlist(library, "sequential", max_per_show=1)
    playlist.start_session()
    assert playlist.advance().title == "x 1"
    playlist = Playlist(library, "sequential", max_per_show=1)
    assert playlist.advance().title == "top 0"


def test_the_cap_holds_in_shuffle_and_counts_the_clips_decided_ahead() -> None:
    library = show("x", 5) + show(None, 5)
    for seed in range(30):
        playlist = Playlist(library, "shuffle", random.Random(seed), max_per_show=2)
        decided = [playlist.peek(offset) for offset in range(7)]
        assert sum(clip is not None and clip.show == "x" for clip in decided) == 2, seed


# --- Clips that arrive while the library scan runs ----------------------------------------------


def test_an_empty_playlist_gets_a_current_clip_from_the_first_clips_added() -> None:
    memory = InMemoryShuffleMemory()
    playlist = Playlist([], "shuffle", random.Random(0), memory=memory)
    playlist.add([])
    with pytest.raises(EmptyPlaylistError):
        _ = playlist.current
    library = clips(3)
    playlist.add(library[:2])
    assert playlist.current in library[:2]
    assert memory.seen_keys() == {playlist.current.key}
    playlist.add(library[1:])
    assert playlist.clips == tuple(library), "a clip already here is not added twice"


def episodes(*numbers: int) -> list[Clip]:
    return [Clip(Path(f"/clips/Show/Episode {n}.mp4"), f"Episode {n}", "Show") for n in numbers]


def test_sequential_plays_an_episode_found_late_in_its_place() -> None:
    playlist = Playlist(episodes(1, 2, 10, 11), "sequential")
    playlist.add(episodes(3, 12))
    assert titles(playlist.clips) == titles(episodes(1, 2, 3, 10, 11, 12))
    seen = [playlist.current] + [playlist.advance() for _ in range(6)]
    assert titles(seen) == titles(episodes(1, 2, 3, 10, 11, 12, 1))


def test_sequential_puts_an_episode_found_late_before_the_one_already_decided_after_it() -> None:
    memory = InMemoryShuffleMemory()
    playlist = Playlist(episodes(1, 2, 4, 5), "sequential", memory=memory)
    assert playlist.peek(1) == episodes(2)[0]
    playlist.add(episodes(6))
    assert playlist.peek(1) == episodes(2)[0], "a clip decided ahead stands if still next"
    assert titles([playlist.advance(), playlist.peek(1), playlist.peek(2)]) == [
        "Episode 2",
        "Episode 4",
        "Episode 5",
    ]
    playlist.add(episodes(3))
    seen = [playlist.advance() for _ in range(5)]
    assert titles(seen) == titles(episodes(3, 4, 5, 6, 1))
    assert memory.seen_keys() == {episodes(1)[0].key}, "one cycle went by, with each once"


def test_sequential_plays_the_parts_of_a_file_in_order_whatever_order_they_arrive_in() -> None:
    path = Path("/clips/Show/Long film.mp4")
    parts = [
        Clip(path, f"Part {i}", "Show", start, start + 60) for i, start in enumerate([0, 60, 120])
    ]
    whole = Clip(Path("/clips/Show/Short.mp4"), "Short", "Show")
    playlist = Playlist([whole], "sequential")
    playlist.add([parts[2], parts[0]])
    playlist.add([parts[1]])
    assert playlist.clips == (*parts, whole)


@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_added_clips_come_before_a_new_cycle_that_was_decided_too_soon(order: Order) -> None:
    first, *rest = clips(4)
    memory = InMemoryShuffleMemory()
    playlist = Playlist([first], order, random.Random(0), memory=memory)
    assert playlist.peek(1) == first, "with one clip, the next cycle opens with it again"
    playlist.add(rest)
    following = [playlist.advance() for _ in range(3)]
    assert set(following) == set(rest)
    assert memory.seen_keys() == keys([first, *rest]), "the first cycle went on"


@pytest.mark.parametrize("order", ["shuffle", "sequential"])
def test_a_new_cycle_decided_ahead_stands_if_the_added_clips_were_seen_in_this_one(
    order: Order,
) -> None:
    # b comes after a in natural order, so in "sequential" a stays next after c as well.
    a, b, c = clips(3)
    memory = InMemoryShuffleMemory({b.key})
    playlist = Playlist([a, c], order, random.Random(0), memory=memory)
    first = playlist.current
    playlist.advance()
    assert playlist.peek(1) == first
    playlist.add([b])
    assert playlist.advance() == first
    assert memory.seen_keys() == {first.key}


def test_in_sequential_a_clip_added_next_in_order_opens_the_new_cycle_decided_ahead() -> None:
    a, b, c = clips(3)
    memory = InMemoryShuffleMemory({c.key})
    playlist = Playlist([a, b], "sequential", memory=memory)
    playlist.advance()
    assert playlist.peek(1) == a
    playlist.add([c])
    assert [playlist.advance(), playlist.advance()] == [c, a]
    assert memory.seen_keys() == {c.key, a.key}


# --- Broken clips ------------------------------------------------------------------------------


def test_a_dropped_clip_is_not_marked_and_the_clip_that_replaces_it_is() -> None:
    memory = InMemoryShuffleMemory()
    library = clips(4)
    playlist = Playlist(library, "sequential", memory=memory)
    playlist.drop(library[1])  # decided by nothing yet
    playlist.peek(1)
    playlist.drop(library[2])  # decided ahead, never shown
    assert memory.seen_keys() == {library[0].key}
    playlist.drop(library[0])  # the current clip: the next one is on screen now
    assert playlist.current == library[3]
    assert memory.seen_keys() == keys([library[0], library[3]])


def test_a_dropped_clip_stays_out_when_the_scan_offers_it_again() -> None:
    library = clips(3)
    playlist = Playlist(library, "sequential")
    playlist.drop(library[1])
    playlist.add(library)
    assert playlist.clips == (library[0], library[2])


# --- Clips that leave the library --------------------------------------------------------------


def test_a_removed_clip_comes_back_when_added_again_unlike_a_dropped_one() -> None:
    library = clips(4)
    playlist = Playlist(library, "sequential")
    playlist.remove([library[1].key, library[2].key])
    playlist.drop(library[3])
    assert playlist.clips == (library[0],)
    playlist.add(library)
    assert playlist.clips == tuple(library[:3])
    assert titles([playlist.advance(), playlist.advance()]) == ["Clip 1", "Clip 2"]


def test_removing_the_current_clip_moves_on_and_leaves_no_clip_twice_in_a_row() -> None:
    memory = InMemoryShuffleMemory()
    a, b, c, d = clips(4)
    playlist = Playlist([a, b, c, d], "sequential", memory=memory)
    for _ in range(4):
        playlist.advance()  # history: a, b, c, d, a
    playlist.back()
    playlist.back()  # on c
    playlist.peek(3)  # decides b, after the a shown last
    playlist.remove([c.key, d.key, "/clips/not-here.mp4"])
    assert playlist.current == a
    assert (playlist.back(), playlist.back(), playlist.back()) == (b, a, None)
    assert [playlist.advance(), playlist.advance(), playlist.advance()] == [b, a, b]
    assert memory.seen_keys() == keys([a, b])


def test_in_sequential_the_clips_decided_after_a_removed_one_are_decided_again() -> None:
    first, second, third, fourth = episodes(1, 2, 3, 4)
    playlist = Playlist([first, third, fourth], "sequential")
    playlist.advance()
    playlist.advance()
    playlist.add([second])
    assert [playlist.peek(1), playlist.peek(2)] == [second, third]  # then a new cycle
    playlist.remove([second.key])
    assert playlist.advance() == first, "the new cycle starts the series again"


def test_remove_refuses_a_single_key_that_it_would_read_letter_by_letter() -> None:
    playlist = Playlist(clips(2), "sequential")
    with pytest.raises(TypeError, match="takes keys"):
        playlist.remove(clips(2)[1].key)
    assert len(playlist) == 2


class CountingClip(Clip):
    """A clip that counts how often its key is read: each pass over the playlist reads it."""

    reads = 0

    @property
    def key(self) -> str:
        CountingClip.reads += 1
        return super().key


def test_hiding_half_of_a_big_library_is_one_pass_not_one_pass_per_clip() -> None:
    count = 10_000
    library = [
        CountingClip(Path(f"/clips/{show}/{i}.mp4"), f"{show} {i}", show)
        for show in ("hidden", "kept")
        for i in range(count // 2)
    ]
    hidden, kept = library[: count // 2], library[count // 2 :]
    playlist = Playlist(library, "sequential")
    playlist.advance()
    playlist.peek(1)
    CountingClip.reads = 0
    playlist.remove(clip.key for clip in hidden)
    # A pass over the playlist reads each key about once; a pass per removed clip would read
    # 5,000 times as many (50 million).
    assert CountingClip.reads < 10 * count
    assert playlist.clips == tuple(kept)
    assert playlist.current == kept[0]
    playlist.add(hidden)
    assert playlist.clips == tuple(library)

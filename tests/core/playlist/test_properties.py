"""Feed order properties over random libraries, checked from outside the playlist.

A `Kiosk` drives playlists the way the app does: swipes, peeks, broken clips, clips found late
by the scan, clips hidden and shown again, new sessions and restarts, all on one
`ShuffleMemory`. A `Referee` watches every clip that newly comes on screen and keeps its own
account of the cycle and of the clips each show played this session, so the rules are checked
without trusting the playlist's bookkeeping.
"sequential" is also checked against natural order while clips arrive and leave in any order.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.clip import Clip
from kiosk.core.names import NameKey, natural_key
from kiosk.core.playlist.memory import InMemoryShuffleMemory
from kiosk.core.playlist.playlist import Order, Playlist

# No deadline: the machine is shared, and a slow example is not a failure.
PROPERTY = settings(deadline=None, max_examples=200)
SESSIONS = settings(deadline=None, max_examples=200)


def clips(count: int) -> list[Clip]:
    return [Clip(Path(f"/clips/{i}.mp4"), f"Clip {i}") for i in range(count)]


# --- One playlist, one session: the deck and the cursor ------------------------------------


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


CURSOR_OPS = st.lists(st.sampled_from(["advance", "back", "peek+", "peek-"]), max_size=60)


@PROPERTY
@given(count=st.integers(1, 8), seed=st.integers(0, 2**32), ops=CURSOR_OPS)
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


# --- Sessions and restarts on one memory -------------------------------------------------------


#: The furthest the kiosk peeks ahead. A clip is decided at most this many shows before it is
#: shown, which bounds how far back the referee must look for what the playlist knew then.
LOOKAHEAD = 2


@st.composite
def libraries(draw: st.DrawFn) -> list[Clip]:
    """A few shows of a few clips each, and maybe some clips at the top level (show None)."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    library = [
        Clip(Path(f"/clips/s{show}/{i}.mp4"), f"s{show} {i}", f"s{show}")
        for show, size in enumerate(sizes)
        for i in range(size)
    ]
    top = draw(st.integers(0, 3))
    library += [Clip(Path(f"/clips/{i}.mp4"), f"top {i}") for i in range(top)]
    return library


# Mostly swipes forward, as a child does; the rest now and then.
OP_NAMES = ["advance"] * 10 + ["back", "back", "peek1", "peek2"]
OP_NAMES += ["drop", "remove", "add", "session", "restart"]
OPS = st.lists(
    st.tuples(st.sampled_from(OP_NAMES), st.integers(0, 2**16)), min_size=10, max_size=80
)
ORDER = st.sampled_from(["shuffle", "sequential"])


class RecordingMemory(InMemoryShuffleMemory):
    """Remembers like the in-memory one, and keeps every mark for the referee, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []

    def mark_shown(self, key: str) -> None:
        super().mark_shown(key)
        self.marks.append(key)


@dataclass
class Shown:
    """A clip newly on screen, with what the referee knew just before it came."""

    clip: Clip
    previous: Clip | None  # the clip shown before it by the same playlist
    visible: frozenset[str]
    cycle_before: frozenset[str]
    played_before: Counter[str | None]
    # No clip was added or dropped and no session began since the playlist may have decided
    # this clip, so the referee's view now is the one the playlist had then.
    settled: bool

    @property
    def repeat(self) -> bool:
        return self.clip.key in self.cycle_before

    def eligible(self, library: dict[str, Clip]) -> list[Clip]:
        """The clips the playlist could choose from, before the cap and the spreading."""
        if self.repeat:
            excluded = {self.previous.key} if self.previous is not None else set()
            return [library[key] for key in self.visible - excluded] or [self.clip]
        return [library[key] for key in self.visible - self.cycle_before]


def allowed_shows(
    eligible: Iterable[Clip], played: Counter[str | None], cap: int
) -> set[str | None]:
    """The rule as the issue states it, written independently of the playlist's code."""
    shows = {clip.show for clip in eligible}
    if cap == 0:
        return shows
    under = {show for show in shows if show is None or played[show] < cap}
    if under:
        return under
    least = min(played[show] for show in shows)
    return {show for show in shows if played[show] == least}


@dataclass
class Referee:
    """Keeps its own account of the cycle and of each show's clips this session."""

    cycle: set[str] = field(default_factory=set)
    played: Counter[str | None] = field(default_factory=Counter)
    shown: list[Shown] = field(default_factory=list)
    epochs: list[int] = field(default_factory=list)
    epoch: int = 0
    instance_first_show: int = 0
    instance_epoch: int = 0

    def disturbance(self) -> None:
        """Clips were added or dropped, or a session began: decisions made before may differ."""
        self.epoch += 1

    def new_instance(self) -> None:
        self.epoch += 1
        self.instance_first_show = len(self.shown)
        self.instance_epoch = self.epoch
        self.played = Counter()

    def new_session(self) -> None:
        self.epoch += 1
        self.played = Counter()

    def saw(self, clip: Clip, visible: frozenset[str]) -> None:
        index = len(self.shown)
        window_start = index - LOOKAHEAD
        if window_start >= self.instance_first_show:
            settled = self.epochs[window_start] == self.epoch
        else:
            settled = self.instance_epoch == self.epoch
        previous = self.shown[-1].clip if index > self.instance_first_show else None
        record = Shown(
            clip, previous, visible, frozenset(self.cycle), Counter(self.played), settled
        )
        self.shown.append(record)
        self.epochs.append(self.epoch)
        if record.repeat:
            self.cycle = set()
        self.cycle.add(clip.key)
        self.played[clip.show] += 1


class Kiosk:
    """Playlists on one memory, driven by a list of (operation, number) pairs."""

    def __init__(self, library: list[Clip], order: Order, seed: int, cap: int) -> None:
        self.library = {clip.key: clip for clip in library}
        self.order: Order = order
        self.seed = seed
        self.cap = cap
        self.memory = RecordingMemory()
        self.referee = Referee()
        self.restart(seed)

    def restart(self, pick: int) -> None:
        """A new playlist, as after a restart: the scan has found some clips so far."""
        rng = random.Random(pick)
        share = (pick % 5) / 4  # from nothing found yet to the whole library
        found = [clip for clip in self.library.values() if rng.random() < share]
        self.referee.new_instance()
        self.playlist = Playlist(
            found,
            self.order,
            random.Random(self.seed + pick),
            memory=self.memory,
            max_per_show=self.cap,
        )
        # Whether the model below knows where the cursor is (a drop moves things around).
        self.position = self.furthest = 0
        self.tracked = bool(found)
        self.after(expect_mark=bool(found))

    def run(self, ops: list[tuple[str, int]]) -> None:
        for name, pick in ops:
            self.step(name, pick)

    def step(self, name: str, pick: int) -> None:
        playlist = self.playlist
        if name == "restart":
            self.restart(pick)
        elif name == "session":
            self.referee.new_session()
            playlist.start_session()
            self.after(expect_mark=False)
        elif name == "add":
            missing = [clip for clip in self.library.values() if clip.key not in self.visible()]
            chunk = random.Random(pick).sample(missing, min(len(missing), pick % 3 + 1))
            self.referee.disturbance()
            was_empty = playlist.is_empty
            # The chunk may hold clips dropped as broken (they stay out) or removed (they return).
            playlist.add(chunk)
            started = was_empty and not playlist.is_empty
            if started:
                self.position = self.furthest = 0
                self.tracked = True
            self.after(expect_mark=started)
        elif playlist.is_empty:
            return
        elif name == "drop":
            victim = playlist.clips[pick % len(playlist.clips)]
            self.referee.disturbance()
            playlist.drop(victim)
            self.tracked = False
            self.after(expect_mark=None)
        elif name == "remove":
            hidden = random.Random(pick).sample(playlist.clips, min(len(playlist), pick % 3 + 1))
            self.referee.disturbance()
            playlist.remove(clip.key for clip in hidden)
            self.tracked = False
            self.after(expect_mark=None)
        elif name == "advance":
            playlist.advance()
            self.position += 1
            new = self.position > self.furthest
            self.furthest = max(self.furthest, self.position)
            self.after(expect_mark=new)
        elif name == "back":
            if playlist.back() is not None:
                self.position -= 1
            self.after(expect_mark=False)
        else:
            playlist.peek(int(name[-1]))
            self.after(expect_mark=False)

    def visible(self) -> frozenset[str]:
        return frozenset(clip.key for clip in self.playlist.clips)

    def after(self, *, expect_mark: bool | None) -> None:
        """Hand newly marked clips to the referee; each must be the clip now on screen."""
        new_marks = self.memory.marks[len(self.referee.shown) :]
        assert len(new_marks) <= 1, "one step put more than one clip on screen"
        if self.tracked and expect_mark is not None:
            assert bool(new_marks) == expect_mark, "a clip is marked exactly when first shown"
        for key in new_marks:
            assert key == self.playlist.current.key, "the clip marked is not the one on screen"
            self.referee.saw(self.library[key], self.visible())


def drive(
    library: list[Clip], order: Order, seed: int, cap: int, ops: list[tuple[str, int]]
) -> Kiosk:
    kiosk = Kiosk(library, order, seed, cap)
    kiosk.run(ops)
    return kiosk


@SESSIONS
@given(library=libraries(), order=ORDER, seed=st.integers(0, 2**32), cap=st.integers(0, 3), ops=OPS)
def test_no_clip_repeats_before_every_visible_clip_was_shown_across_sessions(
    library: list[Clip], order: Order, seed: int, cap: int, ops: list[tuple[str, int]]
) -> None:
    kiosk = drive(library, order, seed, cap, ops)
    for shown in kiosk.referee.shown:
        if shown.repeat:
            unseen = shown.visible - shown.cycle_before
            assert not unseen, f"{shown.clip.title} came back before {sorted(unseen)} were shown"


@SESSIONS
@given(library=libraries(), seed=st.integers(0, 2**32), cap=st.integers(0, 3), ops=OPS)
def test_no_show_plays_twice_in_a_row_while_another_show_had_a_clip_to_offer(
    library: list[Clip], seed: int, cap: int, ops: list[tuple[str, int]]
) -> None:
    kiosk = drive(library, "shuffle", seed, cap, ops)
    for shown in kiosk.referee.shown:
        if not shown.settled or shown.previous is None:
            continue
        if shown.clip.show == shown.previous.show:
            offered = allowed_shows(shown.eligible(kiosk.library), shown.played_before, cap)
            assert offered <= {shown.clip.show}, (
                f"{shown.clip.title} again while {offered} had clips"
            )


@SESSIONS
@given(library=libraries(), order=ORDER, seed=st.integers(0, 2**32), cap=st.integers(1, 3), ops=OPS)
def test_the_cap_holds_while_another_show_has_clips_allowed(
    library: list[Clip], order: Order, seed: int, cap: int, ops: list[tuple[str, int]]
) -> None:
    kiosk = drive(library, order, seed, cap, ops)
    for shown in kiosk.referee.shown:
        show = shown.clip.show
        if not shown.settled or show is None or shown.played_before[show] < cap:
            continue
        offered = allowed_shows(shown.eligible(kiosk.library), shown.played_before, cap)
        assert show in offered, f"{shown.clip.title} over the cap while {offered} were allowed"


PROBE_OPS = st.lists(
    st.tuples(st.sampled_from([*OP_NAMES, "probe", "probe"]), st.integers(0, 2**16)),
    min_size=10,
    max_size=60,
)


@SESSIONS
@given(
    library=libraries(),
    order=ORDER,
    seed=st.integers(0, 2**32),
    cap=st.integers(0, 3),
    ops=PROBE_OPS,
)
def test_swiping_back_then_forward_replays_the_same_clips_and_marks_nothing(
    library: list[Clip], order: Order, seed: int, cap: int, ops: list[tuple[str, int]]
) -> None:
    kiosk = Kiosk(library, order, seed, cap)
    for name, pick in ops:
        if name != "probe":
            kiosk.step(name, pick)
            continue
        playlist = kiosk.playlist
        if playlist.is_empty:
            continue
        start, marks = playlist.current, len(kiosk.memory.marks)
        went_back = []
        for _ in range(pick % 5 + 1):
            clip = playlist.back()
            if clip is None:
                break
            went_back.append(clip)
        forward = [playlist.advance() for _ in went_back]
        assert forward == [*went_back[-2::-1], start][: len(went_back)]
        assert playlist.current == start
        assert len(kiosk.memory.marks) == marks, "replaying the history marked a clip as new"


# --- Sequential: natural order while clips arrive and leave ------------------------------------


def natural(clip: Clip) -> tuple[tuple[NameKey, ...], float]:
    """The order the scan gives, as the feature states it: path in natural order, then start."""
    return natural_key(clip.path), clip.start_seconds or 0


@st.composite
def series(draw: st.DrawFn) -> list[Clip]:
    """Numbered episodes of a few shows and at the top level ("Ep 9" comes before "Ep 10"),
    some of them long files cut into parts, in natural order."""
    episodes = draw(st.sets(st.tuples(st.integers(0, 3), st.integers(1, 20)), min_size=1))
    library = []
    for show, number in sorted(episodes):
        folder, name = ("", None) if show == 3 else (f"Show {show}/", f"Show {show}")
        path = Path(f"/clips/{folder}Ep {number}.mp4")
        starts = draw(st.sets(st.integers(0, 3600), max_size=3))
        if not starts:
            library.append(Clip(path, f"{folder}Ep {number}", name))
        for start in starts:
            library.append(Clip(path, f"{folder}Ep {number} at {start}", name, start, start + 60))
    return sorted(library, key=natural)


def next_in_natural_order(library: list[Clip], previous: Clip, seen: set[str]) -> Clip:
    """The first clip after `previous`, wrapping, that this cycle has not shown; once every
    clip was shown, a new cycle opens with the clip right after `previous`."""
    start = library.index(previous) + 1
    following = library[start:] + library[:start]
    return next((clip for clip in following if clip.key not in seen), following[0])


ARRIVALS = st.lists(
    st.tuples(
        st.sampled_from(["advance", "advance", "peek", "add", "add", "remove"]),
        st.integers(0, 2**16),
    ),
    max_size=40,
)


@PROPERTY
@given(library=series(), data=st.data(), ops=ARRIVALS)
def test_sequential_keeps_natural_order_whatever_order_clips_arrive_and_leave_in(
    library: list[Clip], data: st.DataObject, ops: list[tuple[str, int]]
) -> None:
    # The scan hands over what it found first in natural order; the rest arrives in any order,
    # between swipes and peeks, and some clips leave (hidden) and come back later.
    found_first = data.draw(st.lists(st.booleans(), min_size=len(library), max_size=len(library)))
    given_first = [clip for clip, first in zip(library, found_first, strict=True) if first]
    late = data.draw(st.permutations([clip for clip in library if clip not in given_first]))
    memory = InMemoryShuffleMemory()
    playlist = Playlist(given_first, "sequential", memory=memory)
    visible = set(given_first)

    def in_order() -> list[Clip]:
        ordered = [clip for clip in library if clip in visible]
        assert list(playlist.clips) == ordered
        return ordered

    def advance() -> Clip:
        previous, seen = playlist.current, memory.seen_keys()
        shown = playlist.advance()
        assert shown == next_in_natural_order(in_order(), previous, seen)
        return shown

    for name, number in [*ops, ("add", -1)]:  # at the end, whatever has not arrived yet
        if name == "add":
            size = len(late) if number < 0 else number % 3 + 1
            chunk, late = late[:size], late[size:]
            seen, was_empty = memory.seen_keys(), playlist.is_empty
            playlist.add(chunk)
            visible |= set(chunk)
            ordered = in_order()
            if was_empty and ordered:
                unseen = [clip for clip in ordered if clip.key not in seen]
                assert playlist.current == (unseen or ordered)[0]
        elif name == "remove" and visible:
            leaving = random.Random(number).sample(in_order(), min(len(visible), number % 3 + 1))
            playlist.remove(clip.key for clip in leaving)
            visible -= set(leaving)
            late += leaving
            in_order()
        elif playlist.is_empty:
            continue
        elif name == "peek":
            playlist.peek(number % 3 + 1)
        elif name == "advance":
            advance()

    # Everything has arrived: from the next cycle on, a full pass plays each clip once, in
    # natural order (starting where the series was left).
    shown, openers = [], []
    for index in range(2 * len(library)):
        shown.append(advance())
        if memory.seen_keys() == {shown[-1].key}:
            openers.append(index)
    full_pass = shown[openers[0] : openers[0] + len(library)]
    first = library.index(full_pass[0])
    assert full_pass == library[first:] + library[:first]

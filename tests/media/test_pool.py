"""The player pool: three players rotate through previous / current / next, reloading only one."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.core.playlist.playlist import Playlist
from kiosk.media.pool import PlayerPool, Role
from tests.ui.fake_player import FakePlayer


def clip(name: str) -> Clip:
    return Clip(Path(f"/clips/{name}.mp4"), name)


A, B, C, D, E = (clip(name) for name in "ABCDE")


@pytest.fixture
def players() -> list[FakePlayer]:
    return [FakePlayer(name) for name in ("p0", "p1", "p2")]


@pytest.fixture
def pool(players: list[FakePlayer]) -> PlayerPool:
    return PlayerPool(players)


def holders(pool: PlayerPool) -> dict[Role, str | None]:
    return {role: pool.clip(role) and pool.clip(role).title for role in Role}  # type: ignore[union-attr]


def total_loads(players: list[FakePlayer]) -> int:
    return sum(len(player.loads) for player in players)


def test_the_pool_imports_neither_qt_nor_libvlc() -> None:
    # A fresh interpreter: this test process may have loaded both for other tests.
    probe = "import sys, kiosk.media.pool; print(sorted({'PySide6', 'vlc'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("count", [0, 2, 4])
def test_it_takes_exactly_three_players(count: int) -> None:
    with pytest.raises(ValueError, match="exactly 3"):
        PlayerPool([FakePlayer() for _ in range(count)])


def test_the_same_player_twice_is_refused() -> None:
    player = FakePlayer()
    with pytest.raises(ValueError, match="distinct"):
        PlayerPool([player, player, FakePlayer()])


def test_first_arrangement_plays_the_current_and_preloads_the_neighbours(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.arrange(A, B, C)
    assert holders(pool) == {Role.PREVIOUS: "A", Role.CURRENT: "B", Role.NEXT: "C"}
    assert pool.current.clip == B
    loads = {player.loads[0] for player in players}
    assert loads == {(A, True), (B, False), (C, True)}
    pool.play_current()
    assert pool.current.is_playing
    assert not pool.player(Role.NEXT).is_playing
    assert not pool.player(Role.PREVIOUS).is_playing


def test_moving_on_rotates_roles_and_reloads_only_the_player_that_fell_off(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.arrange(A, B, C)
    pool.play_current()
    old_previous, old_current, old_next = (pool.player(role) for role in Role)
    loads_before = total_loads(players)

    pool.arrange(B, C, D)

    assert pool.player(Role.CURRENT) is old_next
    assert pool.player(Role.PREVIOUS) is old_current
    assert pool.player(Role.NEXT) is old_previous
    assert total_loads(players) == loads_before + 1
    assert old_previous.loads[-1] == (D, True)
    # The clip that was playing is now a silent neighbour.
    assert old_current.calls[-1] == "pause"
    assert not old_current.is_playing


def test_moving_back_rotates_the_other_way(pool: PlayerPool, players: list[FakePlayer]) -> None:
    pool.arrange(B, C, D)
    old_previous, old_current, old_next = (pool.player(role) for role in Role)
    loads_before = total_loads(players)

    pool.arrange(A, B, C)

    assert pool.current is old_previous
    assert pool.player(Role.NEXT) is old_current
    assert pool.player(Role.PREVIOUS) is old_next
    assert old_next.loads[-1] == (A, True)
    assert total_loads(players) == loads_before + 1


def test_a_preloaded_neighbour_resumes_and_a_clip_seen_before_starts_over(
    pool: PlayerPool,
) -> None:
    pool.arrange(A, B, C)
    pool.play_current()
    pool.arrange(B, C, D)
    pool.play_current()
    # C was preloaded on its first frame: resuming it shows that frame moving on.
    assert pool.current.calls[-1] == "play"

    pool.arrange(A, B, C)
    pool.play_current()
    # B played before it became a neighbour: back on screen, it starts over.
    assert pool.current.clip == B
    assert pool.current.calls[-1] == "restart"
    pool.pause_current()
    pool.play_current()
    # A pause on screen is resumed, not restarted.
    assert pool.current.calls[-2:] == ["pause", "play"]


def test_a_three_clip_loop_needs_no_reload_at_all(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.arrange(C, A, B)
    loads_before = total_loads(players)
    for previous, current, following in [(A, B, C), (B, C, A), (C, A, B), (A, B, C)]:
        pool.arrange(previous, current, following)
        pool.play_current()
    assert total_loads(players) == loads_before


def test_a_clip_wanted_twice_is_held_twice_and_the_playing_one_stays_current(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.arrange(None, A, A)
    pool.play_current()
    playing = pool.current
    assert pool.clip(Role.NEXT) == A
    assert pool.player(Role.NEXT) is not playing

    pool.arrange(None, A, A)
    assert pool.current is playing
    assert playing.is_playing
    assert total_loads(players) == 2


def test_an_empty_role_stops_its_player(pool: PlayerPool, players: list[FakePlayer]) -> None:
    pool.arrange(A, B, C)
    spare = pool.player(Role.PREVIOUS)
    pool.arrange(None, B, C)
    assert pool.clip(Role.PREVIOUS) is None
    assert spare.clip is None
    assert spare.calls[-1] == "stop"


def test_dropping_a_broken_neighbour_replaces_only_that_one(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.arrange(A, B, C)
    broken_holder = pool.player(Role.NEXT)
    loads_before = total_loads(players)

    assert pool.drop(C) == [Role.NEXT]
    assert broken_holder.calls[-1] == "stop"
    assert pool.clip(Role.NEXT) is None

    pool.arrange(A, B, D)
    assert pool.player(Role.NEXT) is broken_holder
    assert broken_holder.loads[-1] == (D, True)
    assert total_loads(players) == loads_before + 1


def test_dropping_the_broken_current_promotes_the_preloaded_next(pool: PlayerPool) -> None:
    pool.arrange(A, B, C)
    pool.play_current()
    next_player = pool.player(Role.NEXT)
    pool.drop(B)
    pool.arrange(A, C, D)
    assert pool.current is next_player
    pool.play_current()
    assert next_player.calls[-1] == "play"


def test_stop_all_empties_every_role(pool: PlayerPool, players: list[FakePlayer]) -> None:
    pool.arrange(A, B, C)
    pool.stop_all()
    assert all(pool.clip(role) is None for role in Role)
    assert all(player.clip is None for player in players)
    pool.play_current()
    assert not any(player.is_playing for player in players)


def test_frame_box_and_volume_reach_every_player(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    pool.set_frame_box(360, 640)
    pool.set_volume(40)
    assert {player.box for player in players} == {(360, 640)}
    assert {player.volume for player in players} == {40}


def test_a_long_walk_through_a_playlist_never_loads_more_than_one_clip_per_move(
    pool: PlayerPool, players: list[FakePlayer]
) -> None:
    playlist = Playlist([clip(f"c{index}") for index in range(7)], "shuffle", random.Random(3))
    pool.arrange(playlist.peek(-1), playlist.current, playlist.peek(1))
    rng = random.Random(5)
    for _ in range(200):
        loads_before = total_loads(players)
        if rng.random() < 0.7:
            playlist.advance()
        else:
            playlist.back()
        pool.arrange(playlist.peek(-1), playlist.current, playlist.peek(1))
        pool.play_current()
        assert total_loads(players) - loads_before <= 1
        assert pool.current.clip == playlist.current
        assert pool.player(Role.NEXT).clip == playlist.peek(1)
        assert pool.player(Role.PREVIOUS).clip == playlist.peek(-1)
        assert [player for player in players if player.is_playing] == [pool.current]
    assert set(pool.players) == set(players)

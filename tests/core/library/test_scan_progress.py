"""The scan hands its clips over while it walks (`on_clips`): each clip once, final, in the
order of the finished scan, and the first ones long before the walk is over."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path

import pytest

from kiosk.core.clip import Clip
from kiosk.core.library import walk as library_walk
from kiosk.core.library.scan import scan_library

MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41" + bytes(100)


def put(path: Path, data: bytes = MP4) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_batches_together_are_the_scans_clips_in_order_each_final(tmp_path: Path) -> None:
    for index in range(1, 4):
        put(tmp_path / "A show" / f"Episode {index}.mp4")
    (tmp_path / "A show" / "clips.toml").write_text(
        "[[clip]]\nfile = 'Episode 1.mp4'\nhide = true\n"
        "[[clip]]\nfile = 'Episode 2.mp4'\nstart = 10\nend = 20\n"
        "[[clip]]\nfile = 'Episode 2.mp4'\nstart = 30\nend = 40\n"
        "[[clip]]\nfile = 'Episode 3.mp4'\ntitle = 'The last one'\n"
    )
    for index in range(600):
        put(tmp_path / f"Show {index % 7}" / f"Clip {index}.mp4")
    batches: list[list[Clip]] = []
    stamps: dict[Path, tuple[int, int]] = {}

    def on_clips(batch: list[Clip], batch_stamps: Mapping[Path, tuple[int, int]]) -> None:
        batches.append(batch)
        assert set(batch_stamps) == {clip.path for clip in batch}
        stamps.update(batch_stamps)

    scan = scan_library(tmp_path, on_clips=on_clips, known={})

    assert stamps == {clip.path: scan.stamps[clip.path] for clip in scan.clips}
    some = scan.clips[-1].path
    assert stamps[some] == (some.stat().st_size, some.stat().st_mtime_ns)
    assert len(scan.clips) == 603
    assert [clip for batch in batches for clip in batch] == scan.clips
    assert all(batches)
    # The first folder's clips.toml was applied before its clips were handed over.
    assert batches[0] == [
        Clip(tmp_path / "A show" / "Episode 2.mp4", "Episode 2 (0:10\u20130:20)", "A show", 10, 20),
        Clip(tmp_path / "A show" / "Episode 2.mp4", "Episode 2 (0:30\u20130:40)", "A show", 30, 40),
        Clip(tmp_path / "A show" / "Episode 3.mp4", "The last one", "A show"),
    ]


def test_the_first_batch_comes_while_later_folders_are_still_unvisited(tmp_path: Path) -> None:
    put(tmp_path / "A" / "first.mp4")
    put(tmp_path / "B" / "second.mp4")
    (tmp_path / "Z").mkdir()
    late = tmp_path / "Z" / "written by the first batch.mp4"

    def on_clips(batch: list[Clip], _stamps: object) -> None:
        # Z is listed only when the walk enters it: a clip put there now is found only if this
        # call came before the walk got that far.
        if not late.exists():
            put(late)

    scan = scan_library(tmp_path, on_clips=on_clips)

    assert [clip.path for clip in scan.clips] == [
        tmp_path / "A" / "first.mp4",
        tmp_path / "B" / "second.mp4",
        late,
    ]


def test_a_folder_of_many_clips_is_handed_over_in_bounded_batches(tmp_path: Path) -> None:
    for index in range(700):
        put(tmp_path / f"{index:03d}.mp4")
    sizes: list[int] = []

    scan = scan_library(tmp_path, on_clips=lambda batch, _stamps: sizes.append(len(batch)))

    # One folder, so no folder ends before the walk does: only the clip count can split it.
    assert sum(sizes) == len(scan.clips) == 700
    assert sizes[0] < 700
    assert max(sizes) <= 256
    assert len(sizes) >= 3


def test_batches_also_go_out_as_scanning_time_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(200):
        put(tmp_path / f"{index:03d}.mp4")
    seconds = itertools.count()
    # A clock that moves a whole second each time it is read: every look at it finds a batch due.
    monkeypatch.setattr(library_walk, "monotonic", lambda: float(next(seconds)))
    sizes: list[int] = []

    scan_library(tmp_path, on_clips=lambda batch, _stamps: sizes.append(len(batch)))

    assert sum(sizes) == 200
    # Without the clock, 200 clips in one folder are one small first batch and the rest.
    assert len(sizes) > 2
    assert max(sizes) < 100


def test_without_on_clips_the_scan_is_the_same(tmp_path: Path) -> None:
    put(tmp_path / "Show" / "one.mp4")
    put(tmp_path / "two.mp4")
    put(tmp_path / "notes.txt", b"hello")
    batches: list[list[Clip]] = []

    told = scan_library(tmp_path, on_clips=lambda batch, _stamps: batches.append(batch))

    assert scan_library(tmp_path) == told
    assert [clip for batch in batches for clip in batch] == told.clips


@pytest.mark.parametrize("make", ["missing", "empty", "nothing-playable"])
def test_a_scan_without_clips_never_calls_on_clips(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "clips"
    if make != "missing":
        folder.mkdir()
    if make == "nothing-playable":
        put(folder / "readme.txt", b"hello")
    batches: list[list[Clip]] = []

    scan = scan_library(folder, on_clips=lambda batch, _stamps: batches.append(batch))

    assert scan.problem is not None
    assert batches == []

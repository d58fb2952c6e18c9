"""The thumbnail cache: where a clip's picture lives, what makes it a different picture, the
moment of the clip it is taken at, and the bounds that keep a years-long kiosk's disk free."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kiosk.core import paths
from kiosk.core.clip import Clip
from kiosk.core.library.thumbnail_cache import ThumbnailCache, frame_time, needs_file_duration

REPO = Path(__file__).resolve().parents[3]
DAY = 24 * 3600
PNG = b"\x89PNG\r\n\x1a\n" + b"picture" * 10
CLIP = Clip(Path("/videos/Show/Episode 1.mp4"), "Episode 1")
SEGMENT = Clip(CLIP.path, "Penguins", start_seconds=90.0, end_seconds=135.0)
# What the cache has always named the thumbnail of /videos/Ép 1.mp4 (100 bytes, mtime 5 ns).
PINNED_NAME = "14fb02c8bda1236e283e6ba19dce9413.png"


def clip_number(index: int) -> Clip:
    return Clip(Path(f"/videos/clip{index}.mp4"), f"clip {index}")


def age(path: Path, days: float) -> None:
    """Make a file look last used `days` ago."""
    when = time.time() - days * DAY
    os.utime(path, (when, when))


def test_the_folder_is_under_the_user_cache_dir(isolated_dirs: Path) -> None:
    expected = isolated_dirs / "cache" / "kiosk" / "thumbnails"
    assert paths.thumbnail_dir() == expected
    assert ThumbnailCache().folder == expected
    assert paths.thumbnail_dir(Path("/elsewhere")) == Path("/elsewhere")


def test_nothing_is_cached_at_first(tmp_path: Path) -> None:
    assert ThumbnailCache(tmp_path).cached(CLIP, 100, 5) is None


def test_a_stored_thumbnail_is_found_with_its_bytes(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path / "thumbs")
    stored = cache.store(CLIP, 100, 5, PNG)
    assert stored.parent == tmp_path / "thumbs"
    assert stored.suffix == ".png"
    assert cache.cached(CLIP, 100, 5) == stored
    assert stored.read_bytes() == PNG
    assert sorted(p.name for p in stored.parent.iterdir()) == [stored.name]  # no temp file left


def test_another_cache_on_the_same_folder_finds_it(tmp_path: Path) -> None:
    stored = ThumbnailCache(tmp_path).store(SEGMENT, 100, 5, PNG)
    assert ThumbnailCache(tmp_path).cached(SEGMENT, 100, 5) == stored


@pytest.mark.parametrize(
    ("clip", "size", "mtime_ns"),
    [
        (CLIP, 101, 5),  # the file grew
        (CLIP, 100, 6),  # the file was rewritten
        (SEGMENT, 100, 5),  # a segment of the file
        (Clip(CLIP.path, "x", start_seconds=90.0, end_seconds=136.0), 100, 5),
        (Clip(CLIP.path, "x", start_seconds=90.0), 100, 5),
        (Clip(Path("/videos/Show/Episode 2.mp4"), "Episode 1"), 100, 5),
    ],
)
def test_a_different_file_version_or_segment_is_a_different_thumbnail(
    clip: Clip, size: int, mtime_ns: int, tmp_path: Path
) -> None:
    cache = ThumbnailCache(tmp_path)
    cache.store(CLIP, 100, 5, PNG)
    assert cache.path_for(clip, size, mtime_ns) != cache.path_for(CLIP, 100, 5)
    assert cache.cached(clip, size, mtime_ns) is None


def test_the_title_does_not_matter(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    renamed = Clip(CLIP.path, "A better title", show="Show")
    assert cache.path_for(renamed, 100, 5) == cache.path_for(CLIP, 100, 5)


def test_a_new_variant_makes_new_thumbnails(tmp_path: Path) -> None:
    ThumbnailCache(tmp_path, variant="320x320").store(CLIP, 100, 5, PNG)
    assert ThumbnailCache(tmp_path, variant="480x480").cached(CLIP, 100, 5) is None


def test_a_file_whose_name_is_not_utf8_gets_a_thumbnail_of_its_own(tmp_path: Path) -> None:
    """Linux allows any bytes in a name; Python hands such a name over with lone surrogates."""
    videos = tmp_path / "videos"
    videos.mkdir()
    names = [b"bad\xff.mp4", b"bad\xfe.mp4"]
    try:
        files = [videos / os.fsdecode(name) for name in names]
        for file in files:
            file.write_bytes(b"not really a video")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not valid UTF-8")
    assert sorted(os.listdir(os.fsencode(videos))) == sorted(names)
    cache = ThumbnailCache(tmp_path / "thumbs")
    stamps = [(file.stat().st_size, file.stat().st_mtime_ns) for file in files]
    clips = [Clip(file, "bad") for file in files]
    stored = [cache.store(clip, *stamp, PNG) for clip, stamp in zip(clips, stamps, strict=True)]
    assert stored[0] != stored[1]
    assert [cache.cached(clip, *stamp) for clip, stamp in zip(clips, stamps, strict=True)] == stored


def test_valid_names_keep_the_thumbnail_names_they_always_had(tmp_path: Path) -> None:
    # Pinned, so that a change of how the key is hashed cannot quietly orphan every cached
    # thumbnail of a kiosk that is updated.
    name = ThumbnailCache(tmp_path).path_for(Clip(Path("/videos/Ép 1.mp4"), "x"), 100, 5).name
    assert name == PINNED_NAME


def test_an_empty_file_is_not_a_thumbnail(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path)
    cache.path_for(CLIP, 100, 5).write_bytes(b"")
    assert cache.cached(CLIP, 100, 5) is None


def test_beyond_its_file_bound_the_least_recently_used_go_first(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path, max_files=5)
    stored = [cache.store(clip_number(index), 100, 5, PNG) for index in range(5)]
    for index, path in enumerate(stored):
        age(path, 10 - index)  # clip 0 is the oldest
    assert cache.cached(clip_number(0), 100, 5) is not None  # a view showed it: used today
    newest = cache.store(clip_number(5), 100, 5, PNG)
    # Six is over the bound: it prunes to 80% of it, dropping the two least recently used.
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == sorted(p.name for p in (stored[0], stored[3], stored[4], newest))
    assert cache.cached(clip_number(1), 100, 5) is None
    assert cache.cached(clip_number(2), 100, 5) is None


def test_beyond_its_byte_bound_the_oldest_go(tmp_path: Path) -> None:
    cache = ThumbnailCache(tmp_path, max_bytes=1000)
    picture = b"p" * 300
    stored = []
    for index in range(4):
        stored.append(cache.store(clip_number(index), 100, 5, picture))
        age(stored[-1], 10 - index)
    # 1200 bytes is over 1000: down to 800 at most, so the two oldest went.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in stored[2:])


def test_a_cache_that_starts_over_its_bound_is_pruned_on_the_first_store(tmp_path: Path) -> None:
    big = ThumbnailCache(tmp_path, max_files=100)
    for index in range(20):
        age(big.store(clip_number(index), 100, 5, PNG), 30 - index)
    small = ThumbnailCache(tmp_path, max_files=10)
    small.store(clip_number(99), 100, 5, PNG)
    assert len(list(tmp_path.iterdir())) == 8
    assert small.cached(clip_number(99), 100, 5) is not None


def test_pruning_leaves_other_files_alone_and_clears_stale_temporary_files(
    tmp_path: Path,
) -> None:
    cache = ThumbnailCache(tmp_path, max_files=1)
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not ours")
    age(stranger, 100)
    thumbnail_name = cache.path_for(CLIP, 1, 1).name
    stale = tmp_path / f".{thumbnail_name}.abc123.tmp"
    fresh = tmp_path / f".{thumbnail_name}.def456.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    age(stale, 1)
    removed = cache.prune()
    assert removed == 1
    assert not stale.exists()
    assert fresh.exists()  # perhaps another write in progress
    assert stranger.exists()


def test_a_missing_folder_prunes_to_nothing(tmp_path: Path) -> None:
    assert ThumbnailCache(tmp_path / "never made").prune() == 0


def test_a_cache_needs_room() -> None:
    with pytest.raises(ValueError, match="room"):
        ThumbnailCache(max_files=0)


@pytest.mark.parametrize(
    ("clip", "file_seconds", "expected"),
    [
        (Clip(Path("a.mp4"), "a"), 10.0, 1.0),  # 10% into the whole file
        (Clip(Path("a.mp4"), "a", start_seconds=2.0, end_seconds=4.0), None, 2.2),
        (Clip(Path("a.mp4"), "a", start_seconds=2.0, end_seconds=4.0), 6.0, 2.2),
        (Clip(Path("a.mp4"), "a", start_seconds=4.0), 6.0, 4.2),  # from start to the file's end
        (Clip(Path("a.mp4"), "a", end_seconds=5.0), None, 0.5),
        (Clip(Path("a.mp4"), "a", start_seconds=2.0, end_seconds=60.0), 12.0, 3.0),  # past end
        (Clip(Path("a.mp4"), "a"), None, None),  # the file's length is unknown
        (Clip(Path("a.mp4"), "a", start_seconds=30.0), 12.0, None),  # starts past the end
        (Clip(Path("a.mp4"), "a", start_seconds=4.0, end_seconds=4.0), None, None),
    ],
)
def test_the_thumbnail_is_taken_a_tenth_into_the_clip_or_segment(
    clip: Clip, file_seconds: float | None, expected: float | None
) -> None:
    found = frame_time(clip, file_seconds)
    assert found == (pytest.approx(expected) if expected is not None else None)


def test_only_a_clip_without_an_end_needs_the_files_length() -> None:
    assert needs_file_duration(Clip(Path("a.mp4"), "a"))
    assert needs_file_duration(Clip(Path("a.mp4"), "a", start_seconds=3.0))
    assert not needs_file_duration(Clip(Path("a.mp4"), "a", end_seconds=3.0))

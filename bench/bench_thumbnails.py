"""Thumbnails per second from the media worker, against libvlc's duration probe alone on the
same files in the same run.

Method. ffmpeg makes one clip of moving content (testsrc2, 1080x1920, 30 fps, 10 s, H.264 with
a key frame every 2 s, and an AAC tone), copied to N files (20) in a library folder: each copy is
a different path, so a different thumbnail, while the page cache serves every copy alike. One
`VlcEngine(["--aout=adummy"])` serves the whole run; one thumbnail is made and thrown away first,
since the first open in a new libvlc instance is the slowest. Then, for each run, with a fresh
cache folder:

- probe alone, the peer: a `MediaWorker` asked `request_duration` for every file. That is
  libvlc's parser, the floor for anything that opens the file.
- thumbnails, cold: a new `MediaWorker` asked `request_thumbnail` for every file with an empty
  cache: stat, probe (a whole file's 10 % needs its length), play from 1.0 s muted with
  `:no-audio` to the first picture (decoded past the key frame at 0 s), the 180x320 picture to
  PNG with Qt's writer (`QImage`, on the worker thread), and an atomic write.
- thumbnails, warm: a third `MediaWorker` asked again: every answer is a cache hit.

Each is timed from the first request to the last result handed over (to a queue standing in for
the GUI thread), with the process's CPU time over the same span. The order of probe and cold
rotates between runs. The worker runs at nice +10, as in the app.

    .venv/bin/python bench/bench_thumbnails.py           # 20 files, 5 runs
    .venv/bin/python bench/bench_thumbnails.py --quick   # CI smoke
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clip import Clip
from kiosk.core.library.thumbnail_cache import ThumbnailCache
from kiosk.media.vlc.engine import VlcEngine
from kiosk.media.worker import MediaWorker

FPS = 30
PATIENCE_S = 300.0


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu_seconds: float
    failures: int


def make_library(folder: Path, files: int, seconds: float, size: str) -> list[Path]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise SystemExit("ffmpeg is not installed: it makes the clips")
    master = folder / "master.mp4"
    subprocess.run(
        [
            *(ffmpeg, "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", f"testsrc2=s={size}:r={FPS}:d={seconds}"),
            *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            *("-g", str(2 * FPS), "-c:a", "aac", "-shortest", str(master)),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    library = folder / "library"
    library.mkdir()
    paths = []
    for index in range(files):
        path = library / f"clip {index:03d}.mp4"
        shutil.copyfile(master, path)
        paths.append(path)
    return paths


def timed(ask: Callable[[Callable[[object], None]], None], expected: int) -> Timing:
    """Time `ask` (which makes its requests, each calling the given `done` with its result)
    until `expected` results came back through the queue that stands in for the GUI thread."""
    inbox: queue.Queue[object] = queue.Queue()
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    ask(inbox.put)
    results = [inbox.get(timeout=PATIENCE_S) for _ in range(expected)]
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    return Timing(wall, cpu, sum(result is None for result in results))


def worker_for(engine: VlcEngine, cache: ThumbnailCache) -> MediaWorker:
    # Results are handed over on the worker thread itself: the queue they go into is the
    # hand-over, and nothing of Qt is involved.
    return MediaWorker(engine, lambda fn: fn(), cache=cache)


def probe_all(engine: VlcEngine, cache: ThumbnailCache, files: list[Path]) -> Timing:
    worker = worker_for(engine, cache)

    def ask(done: Callable[[object], None]) -> None:
        for path in files:
            worker.request_duration(path, lambda _path, seconds: done(seconds))

    try:
        return timed(ask, len(files))
    finally:
        worker.close()


def thumbnails_all(
    engine: VlcEngine, cache: ThumbnailCache, files: list[Path]
) -> tuple[Timing, int, int]:
    worker = worker_for(engine, cache)

    def ask(done: Callable[[object], None]) -> None:
        for path in files:
            worker.request_thumbnail(Clip(path, path.stem), lambda _clip, png: done(png))

    try:
        timing = timed(ask, len(files))
        return timing, worker.made, worker.cache_hits
    finally:
        worker.close()


def per_file_ms(timings: list[Timing], files: int) -> tuple[float, float]:
    wall = statistics.median(t.seconds for t in timings) / files * 1000
    cpu = statistics.median(t.cpu_seconds for t in timings) / files * 1000
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20, help="files in the library (20)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (5)")
    parser.add_argument("--seconds", type=float, default=10.0, help="clip length in s (10)")
    parser.add_argument("--size", default="1080x1920", help="clip size (1080x1920)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 3 files, 1 run, small")
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.runs, args.seconds, args.size = 3, 1, 2.0, "360x640"
    if args.files < 1 or args.runs < 1:
        parser.error("--files and --runs must be 1 or more")

    engine = VlcEngine(["--aout=adummy"])
    probes: list[Timing] = []
    colds: list[Timing] = []
    warms: list[Timing] = []
    png_sizes: list[int] = []
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-thumbnails-") as tmp:
            root = Path(tmp)
            files = make_library(root, args.files, args.seconds, args.size)
            thumbnails_all(engine, ThumbnailCache(root / "warm-up"), files[:1])
            for run in range(args.runs):
                cache = ThumbnailCache(root / f"cache-{run}")
                if run % 2 == 0:
                    probes.append(probe_all(engine, cache, files))
                cold, made, _hits = thumbnails_all(engine, cache, files)
                if run % 2 == 1:
                    probes.append(probe_all(engine, cache, files))
                warm, made_again, hits = thumbnails_all(engine, cache, files)
                if cold.failures or made != len(files) or made_again or hits != len(files):
                    raise SystemExit(f"run {run}: made {made}, then {made_again} and {hits} hits")
                colds.append(cold)
                warms.append(warm)
                png_sizes += [path.stat().st_size for path in cache.folder.glob("*.png")]
            versions = engine.version
    finally:
        engine.release()

    probe_ms, probe_cpu = per_file_ms(probes, args.files)
    cold_ms, cold_cpu = per_file_ms(colds, args.files)
    warm_ms, warm_cpu = per_file_ms(warms, args.files)
    print(
        f"Thumbnails: {args.files} copies of a {args.size} {FPS} fps H.264 testsrc2 clip, "
        f"{args.seconds:g} s, median of {args.runs} run(s);\n"
        f"  libvlc {versions}, {os.cpu_count()} CPUs"
    )
    print(f"  {'':22}{'ms per file':>12}{'CPU ms per file':>17}{'per second':>12}")
    for name, wall, cpu in (
        ("probe alone (peer)", probe_ms, probe_cpu),
        ("thumbnails, cold", cold_ms, cold_cpu),
        ("thumbnails, warm", warm_ms, warm_cpu),
    ):
        print(f"  {name:22}{wall:12.1f}{cpu:17.1f}{1000 / wall:12.1f}")
    print(f"  a cold thumbnail costs {cold_ms / probe_ms:.1f}x a probe alone (wall time)")
    print(f"  PNG size: median {statistics.median(png_sizes) / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Library scan benchmark: `scan_library` against `find DIR -type f` on the same tree, same run.

It builds a temporary tree of small files with an MP4-like header (so every file passes the
content sniff and becomes a clip) in show folders of about 100 files each, then times each
contender several times, interleaved so that a noisy neighbour hurts both alike, and prints the
medians and their ratio. A bare `os.scandir` walk is timed too: it is the floor for any Python
scan, so the gap between it and `scan_library` is the cost of sniffing, titles and sorting.

`scan_library` runs three ways: as `kiosk check` runs it, reading the first bytes of every video
file; as the kiosk's scan at its first start, which also takes each file's size and mtime (one
stat) for the store; and as the kiosk's scan at every later start, which first reads from a real
state file (SQLite, as the kiosk keeps it) the size and mtime of each file a scan already read,
and opens none of those that are unchanged. Its time includes that read from the store. With
the files in the page cache, opening one costs about what a stat does. So two of them run again
with the files' data dropped from the cache first (posix_fadvise DONTNEED, which needs no root;
the eviction's few ms are in their time): then every first-bytes read is a read of the disk, as
after a reboot or on a USB stick just plugged in, while names, sizes and mtimes stay cached (a
truly cold start pays for those as well, and reads fewer disk blocks for them than for data).

    .venv/bin/python bench/bench_scan.py                      # 10,000 files, 7 runs
    .venv/bin/python bench/bench_scan.py --files 500 --runs 1 # CI smoke
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.clock import SystemClock
from kiosk.core.library.scan import scan_library
from kiosk.core.library.state import LibraryState
from kiosk.core.store.store import Store

# An "ftyp" box as an encoder writes it at the start of an MP4: 32 bytes.
MP4_HEADER = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
FILES_PER_SHOW = 100


def build_tree(root: Path, files: int) -> None:
    shows = max(1, round(files / FILES_PER_SHOW))
    for index in range(files):
        show = root / f"Show {index % shows + 1:03d}"
        if index < shows:
            show.mkdir()
        (show / f"{index // shows + 1:02d} - Episode {index}.mp4").write_bytes(MP4_HEADER)


def walk_only(root: Path) -> int:
    """Count files with os.scandir alone: no sniff, no titles, no order."""
    count, pending = 0, [str(root)]
    while pending:
        with os.scandir(pending.pop()) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    count += 1
    return count


def find_files(find: str, root: Path) -> int:
    result = subprocess.run([find, str(root), "-type", "f"], capture_output=True, check=True)
    return result.stdout.count(b"\n")


def evicted(files: list[Path], scan: Callable[[Path], int], root: Path) -> int:
    """`scan(root)` right after the files' data left the page cache. The eviction is timed too,
    alike for every contender that has it (a few ms for 10,000 files)."""
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return scan(root)


def remembered(root: Path, tmp: Path) -> LibraryState:
    """A state file that knows every file of `root`, as the kiosk's first scan leaves it."""
    store = Store.open(tmp / "kiosk.sqlite3", set_up=False)
    state = LibraryState(store, SystemClock())
    first = scan_library(root, known={})  # as the kiosk's first start: it takes the stamps
    if len(first.stamps) != len({clip.path for clip in first.clips}):
        raise SystemExit("the first scan took no stamps: the store would know no file")
    state.note_files(root, first.stamps, require_approval=False)
    return state


def clock(action: Callable[[], int]) -> tuple[float, float, int]:
    """Wall time and CPU time (this process and its children: find is a child) of `action`."""
    start, cpu = time.perf_counter(), cpu_seconds()
    found = action()
    return time.perf_counter() - start, cpu_seconds() - cpu, found


def cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="files in the tree (10000)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (7)")
    args = parser.parse_args(argv)
    if args.files < 1 or args.runs < 1:
        parser.error("--files and --runs must be 1 or more")
    find = shutil.which("find")
    if find is None:
        parser.error("the peer, find, is not installed")

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-scan-") as tmp:
        root = Path(tmp) / "Kids"
        root.mkdir()
        build_tree(root, args.files)
        state = remembered(root, Path(tmp))
        contenders: dict[str, Callable[[Path], int]] = {
            f"find {'{DIR}'} -type f": lambda root: find_files(find, root),
            "os.scandir walk only": walk_only,
            "scan_library (kiosk check)": lambda root: len(scan_library(root).clips),
            "kiosk's scan, first start": lambda root: len(scan_library(root, known={}).clips),
            "kiosk's scan, files known": lambda root: len(
                scan_library(root, known=state.known_files()).clips
            ),
        }
        files = sorted(root.rglob("*.mp4"))
        # The same scans with the files' contents out of the page cache, as after a reboot or
        # on a drive just plugged in (their names and sizes stay cached: see the docstring).
        for name in ("scan_library (kiosk check)", "kiosk's scan, files known"):
            scan = contenders[name]
            contenders[f"{name}, data cold"] = lambda root, scan=scan: evicted(files, scan, root)
        times: dict[str, list[float]] = {name: [] for name in contenders}
        cpu_times: dict[str, list[float]] = {name: [] for name in contenders}
        # One untimed round first, so every contender meets a warm page cache.
        for run in range(args.runs + 1):
            # The cold rows leave the data out of the cache: bring it back for the warm ones.
            for path in files:
                path.read_bytes()
            for name, contender in contenders.items():
                seconds, cpu, found = clock(lambda contender=contender: contender(root))
                if found != args.files:
                    print(f"{name} found {found} files, not {args.files}", file=sys.stderr)
                    return 1
                if run:
                    times[name].append(seconds)
                    cpu_times[name].append(cpu)

    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu_medians = {name: statistics.median(values) for name, values in cpu_times.items()}
    peer, cpu_peer = medians[next(iter(contenders))], cpu_medians[next(iter(contenders))]
    print(f"Library scan of {args.files:,} files in {max(1, round(args.files / 100))} folders,")
    print(
        f"median of {args.runs} run(s); {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} CPUs; CPU time counts the process and find, its child, and moves "
        "less with the load of other processes"
    )
    print(f"  {'':<40} {'wall':>8} {'':>12} {'CPU':>8}")
    for name, median in medians.items():
        cpu = cpu_medians[name]
        print(
            f"  {name:<40} {median * 1000:6.1f} ms {median / peer:6.2f}x find"
            f" {cpu * 1000:6.1f} ms {cpu / cpu_peer:6.2f}x find"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

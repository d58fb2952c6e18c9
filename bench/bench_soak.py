"""Soak: the resident memory (RSS) and thread count of the real feed over 2,000 swipes.

Method. The rig in `feed_rig.py`, as in `bench_swipe.py`: a `FeedWidget` on a `PlayerPool` of
three real `VlcPlayer`s from one `VlcEngine(["--aout=adummy"])`, with `GuiThread`, on Qt's
offscreen platform, over distinct portrait H.264 clips made with ffmpeg, in sequential order.
Each swipe is a real key press: Key_Down, except every 8th, which is Key_Up (back through the
history, the pool's other path). The slide is landed at once with `press_began()`, as a finger
touching down mid-slide does. Then the soak waits until the new clip is on screen
(`clip_changed`) and every neighbour holds its first frame, and swipes again at once: every
swipe reloads one player, which is where a leak would show. The clips are 360x640 and the feed
540x960, so libvlc scales every picture, as it does for most clips on most screens. VmRSS and
Threads are read from /proc/self/status before the first swipe and every 20 swipes.

The first 100 swipes are a warm-up: by then every frame buffer, libvlc pool and allocator arena
has its working size. The level after warm-up is the sample at its end; the goals are that the
samples from there on show no rising trend, and that their peak stays within 1.2 times that
level. The trend is a Theil-Sen slope (the median of the slopes between every two samples),
because single samples are noisy; it counts as rising only if the Mann-Kendall test finds it (z
above 1.645, one-sided 95 %; no correction for ties, which makes it stricter) and it would add
more than 5 % of the level, or more than 5 threads, per 1,000 swipes.

`--plot PATH` draws the RSS against the swipes.

    .venv/bin/python bench/bench_soak.py              # 2,000 swipes, 5 to 10 min
    .venv/bin/python bench/bench_soak.py --quick      # CI smoke
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import tempfile
from pathlib import Path

from feed_rig import BENCH_WATCHDOG_S, FeedRig, make_clips, parse_size, versions
from PySide6.QtCore import Qt

#: Every Nth swipe goes back instead of forward.
BACK_EVERY = 8
#: RSS grows if its trend would add this fraction of the peer per 1,000 swipes.
RSS_GROWTH_LIMIT = 0.05
#: Threads grow if their trend would add this many per 1,000 swipes.
THREAD_GROWTH_LIMIT = 5
#: A Mann-Kendall z above this is a rising trend (one-sided, 95 %).
RISING_Z = 1.645
#: After the warm-up, the peak may be this many times the level at its end.
PEAK_LIMIT = 1.2


def proc_status() -> tuple[int, int]:
    """(VmRSS in KiB, thread count) of this process."""
    rss = threads = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss, threads


def trend(points: list[tuple[int, int]]) -> float:
    """Theil-Sen slope of (swipes, value): robust to a few wild samples; 0 for one point."""
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.combinations(points, 2)]
    return statistics.median(slopes) if slopes else 0.0


def rising_z(values: list[int]) -> float:
    """Mann-Kendall z of a series in time order: above 1.645, it rises (one-sided 95 %)."""
    count = len(values)
    score = sum((b > a) - (b < a) for a, b in itertools.combinations(values, 2))
    variance = count * (count - 1) * (2 * count + 5) / 18
    if score == 0 or variance == 0:
        return 0.0
    return (score - (1 if score > 0 else -1)) / math.sqrt(variance)


def grows(values: list[int], per_thousand: float, limit: float) -> bool:
    """A rise that is both real (Mann-Kendall) and big (the trend beyond `limit`)."""
    return rising_z(values) > RISING_Z and per_thousand > limit


def swipe(rig: FeedRig, index: int) -> None:
    key = Qt.Key.Key_Up if index % BACK_EVERY == BACK_EVERY - 1 else Qt.Key.Key_Down
    clip, _started, _frames = rig.step(key)
    # A finger that touches down mid-slide lands the slide at once; the soak does the same, so
    # that 2,000 swipes take minutes, not the 220 ms slide each.
    rig.feed.press_began()
    rig.pump.until(lambda: rig.landed_at(clip) is not None, "the new clip")
    rig.wait_ready(0.0)


def report(samples: list[tuple[int, int, int]], warm_up: int, header: list[str]) -> bool:
    """Print the samples and the verdicts; return whether the memory goals hold."""
    print("\n".join(header))
    print(f"  {'swipes':>7} {'RSS MiB':>9} {'threads':>8}")
    for swipes, rss, threads in samples:
        print(f"  {swipes:7d} {rss / 1024:9.1f} {threads:8d}")
    settled = [sample for sample in samples if sample[0] >= warm_up]
    start, level, end = samples[0], settled[0], samples[-1]
    rss_trend = trend([(s, rss) for s, rss, _ in settled]) * 1000  # KiB per 1,000 swipes
    thread_trend = trend([(s, threads) for s, _, threads in settled]) * 1000
    rss_grows = grows([rss for _, rss, _ in settled], rss_trend, RSS_GROWTH_LIMIT * level[1])
    threads_grow = grows([t for _, _, t in settled], thread_trend, THREAD_GROWTH_LIMIT)
    low, high = min(rss for _, rss, _ in settled), max(rss for _, rss, _ in settled)
    peak_ratio = high / level[1]
    print(
        f"  RSS MiB: start {start[1] / 1024:.1f}, after the {warm_up}-swipe warm-up (level) "
        f"{level[1] / 1024:.1f}, end {end[1] / 1024:.1f}; after warm-up the band is "
        f"{low / 1024:.0f}-{high / 1024:.0f} and the peak {peak_ratio:.2f}x the level "
        f"(goal <= {PEAK_LIMIT:g}x); trend {rss_trend / 1024:+.1f} MiB per 1,000 swipes, "
        f"Mann-Kendall z {rising_z([r for _, r, _ in settled]):+.2f} -> "
        f"{'GROWS' if rss_grows else 'flat'}"
    )
    print(
        f"  threads: start {start[2]}, level {level[2]}, end {end[2]}, max "
        f"{max(s[2] for s in settled)}; trend {thread_trend:+.1f} per 1,000 swipes, "
        f"Mann-Kendall z {rising_z([t for _, _, t in settled]):+.2f} -> "
        f"{'GROWS' if threads_grow else 'flat'}"
    )
    met = not rss_grows and not threads_grow and peak_ratio <= PEAK_LIMIT
    print(f"  memory goals: {'met' if met else 'NOT met'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--swipes", type=int, default=2000, help="after the warm-up (2000)")
    parser.add_argument("--warmup", type=int, default=100, help="warm-up swipes (100)")
    parser.add_argument("--every", type=int, default=20, help="sample every N swipes (20)")
    parser.add_argument("--clips", type=int, default=6, help="distinct clips, 3 or more (6)")
    parser.add_argument("--seconds", type=float, default=4.0, help="clip length in s (4)")
    parser.add_argument("--clip-size", type=parse_size, default=(360, 640), help="360x640")
    parser.add_argument("--size", type=parse_size, default=(540, 960), help="feed, 540x960")
    parser.add_argument(
        "--watchdog", type=float, default=BENCH_WATCHDOG_S, help="first-frame watchdog, s"
    )
    parser.add_argument("--plot", type=Path, help="write the RSS against swipes here (PNG)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 30 small swipes")
    args = parser.parse_args(argv)
    if args.quick:
        args.swipes, args.warmup, args.every, args.clips, args.seconds = 20, 10, 5, 3, 2.0
        args.clip_size, args.size = (360, 640), (360, 640)
    if args.every < 1 or args.swipes < 2 * args.every or args.clips < 3:
        parser.error("--swipes must be at least twice --every, and --clips 3 or more")
    if args.warmup < 0 or args.warmup % args.every:
        parser.error("--warmup must be a multiple of --every")

    total = args.warmup + args.swipes
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-soak-") as tmp:
        clips = make_clips(Path(tmp), args.clips, args.seconds, args.clip_size)
        rig = FeedRig(clips, args.size, watchdog_s=args.watchdog)
        rig.show()
        try:
            rig.wait_ready(0.0)
            samples = [(0, *proc_status())]
            for index in range(total):
                swipe(rig, index)
                if (index + 1) % args.every == 0:
                    samples.append((index + 1, *proc_status()))
            what = (
                f"{total} swipes (1 in {BACK_EVERY} back) over {args.clips} clips "
                f"{args.clip_size[0]}x{args.clip_size[1]}, feed {args.size[0]}x{args.size[1]}"
            )
            header = [f"Soak: {what} offscreen, sampled every {args.every}; {versions(rig.engine)}"]
        finally:
            rig.close()
    report(samples, args.warmup, header)
    if args.plot:
        from plots import rss_chart

        level = next(rss for swipes, rss, _ in samples if swipes >= args.warmup) / 1024
        rss_chart(
            args.plot,
            f"Soak: {what}",
            [swipes for swipes, _, _ in samples],
            [rss / 1024 for _, rss, _ in samples],
            args.warmup,
            level * PEAK_LIMIT,
        )
        print(f"  chart: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

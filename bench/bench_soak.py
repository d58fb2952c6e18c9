"""Soak: the resident memory (RSS) and thread count of the real feed over 1,000 swipes.

Method. The rig in `feed_rig.py`, as in `bench_swipe.py`: a `FeedWidget` on a `PlayerPool` of three real
`VlcPlayer`s from one `VlcEngine(["--aout=adummy"])`, with `GuiThread`, on Qt's offscreen
platform, over distinct portrait H.264 clips made with ffmpeg, in sequential order. Each swipe
is a real key press: Key_Down, except every 8th, which is Key_Up (back through the history, the
pool's other path). The slide is landed at once with `press_began()`, as a finger touching
down mid-slide does. Then the soak waits until the new clip is on screen (`clip_changed`) and
every neighbour holds its first frame, and swipes again at once: every swipe reloads one player,
which is where a leak would show. The clips are 540x960, like the bundled demo clips, and the
feed is 1080x1920, as on a portrait full-HD screen. VmRSS and Threads are read from /proc/self/status
before the first swipe and every 50 swipes.

The peer is the sample after the first 50 swipes: by then every frame buffer, libvlc pool and
cache has its working size, so growth beyond it is what a leak looks like. The report gives the
end-to-peer ratio, the band of the samples from the peer on, and their trend as a Theil-Sen
slope (the median of the slopes between every two samples), because single samples are noisy:
the allocator keeps and returns 1080x1920 frame buffers in big steps, and watchdog timers come
and go as threads. Something "grows" only if its trend is both real and big: the Mann-Kendall
test finds a rising trend (z above 1.645, one-sided 95 %; no correction for ties, which makes it
stricter), and the trend would add more than 5 % of the peer's RSS, or more than 5 threads,
per 1,000 swipes.

    .venv/bin/python bench/bench_soak.py              # 1,000 swipes
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


def verdict(values: list[int], per_thousand: float, limit: float) -> str:
    z = rising_z(values)
    grows = z > RISING_Z and per_thousand > limit
    return f"Mann-Kendall z {z:+.2f} -> {'GROWS' if grows else 'flat'}"


def swipe(rig: FeedRig, index: int) -> None:
    key = Qt.Key.Key_Up if index % BACK_EVERY == BACK_EVERY - 1 else Qt.Key.Key_Down
    clip, _started, _frames = rig.step(key)
    # A finger that touches down mid-slide lands the slide at once; the soak does the same, so
    # that 1,000 swipes take minutes, not the 220 ms slide each.
    rig.feed.press_began()
    rig.pump.until(lambda: rig.landed_at(clip) is not None, "the new clip")
    rig.wait_ready(0.0)


def report(samples: list[tuple[int, int, int]], header: list[str]) -> None:
    print("\n".join(header))
    print(f"  {'swipes':>7} {'RSS MiB':>9} {'threads':>8}")
    for swipes, rss, threads in samples:
        print(f"  {swipes:7d} {rss / 1024:9.1f} {threads:8d}")
    start, peer, end = samples[0], samples[1], samples[-1]
    settled = samples[1:]
    rss_trend = trend([(s, rss) for s, rss, _ in settled]) * 1000  # KiB per 1,000 swipes
    thread_trend = trend([(s, threads) for s, _, threads in settled]) * 1000
    rss_verdict = verdict([rss for _, rss, _ in settled], rss_trend, RSS_GROWTH_LIMIT * peer[1])
    thread_verdict = verdict([t for _, _, t in settled], thread_trend, THREAD_GROWTH_LIMIT)
    low, high = min(rss for _, rss, _ in settled), max(rss for _, rss, _ in settled)
    print(
        f"  RSS MiB: start {start[1] / 1024:.1f}, after {peer[0]} (peer) {peer[1] / 1024:.1f}, "
        f"end {end[1] / 1024:.1f}, max {max(s[1] for s in samples) / 1024:.1f}, band from the "
        f"peer on {low / 1024:.0f}-{high / 1024:.0f}; end/peer {end[1] / peer[1]:.3f}x; trend "
        f"{rss_trend / 1024:+.1f} MiB per 1,000 swipes, {rss_verdict}"
    )
    print(
        f"  threads: start {start[2]}, after {peer[0]} (peer) {peer[2]}, end {end[2]}, "
        f"max {max(s[2] for s in samples)}; end/peer {end[2] / peer[2]:.2f}x; trend "
        f"{thread_trend:+.1f} per 1,000 swipes, {thread_verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--swipes", type=int, default=1000, help="swipes in all (1000)")
    parser.add_argument("--every", type=int, default=50, help="sample every N swipes (50)")
    parser.add_argument("--clips", type=int, default=6, help="distinct clips, 3 or more (6)")
    parser.add_argument("--seconds", type=float, default=4.0, help="clip length in s (4)")
    parser.add_argument("--clip-size", type=parse_size, default=(540, 960), help="540x960")
    parser.add_argument("--size", type=parse_size, default=(1080, 1920), help="feed, 1080x1920")
    parser.add_argument(
        "--watchdog", type=float, default=BENCH_WATCHDOG_S, help="first-frame watchdog, s"
    )
    parser.add_argument("--quick", action="store_true", help="CI smoke: 20 small swipes")
    args = parser.parse_args(argv)
    if args.quick:
        args.swipes, args.every, args.clips, args.seconds = 20, 5, 3, 2.0
        args.clip_size = args.size = (360, 640)
    if args.every < 1 or args.swipes < 2 * args.every or args.clips < 3:
        parser.error("--swipes must be at least twice --every, and --clips 3 or more")

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-soak-") as tmp:
        clips = make_clips(Path(tmp), args.clips, args.seconds, args.clip_size)
        rig = FeedRig(clips, args.size, watchdog_s=args.watchdog)
        rig.show()
        try:
            rig.wait_ready(0.0)
            samples = [(0, *proc_status())]
            for index in range(args.swipes):
                swipe(rig, index)
                if (index + 1) % args.every == 0:
                    samples.append((index + 1, *proc_status()))
            header = [
                f"Soak: {args.swipes} swipes (1 in {BACK_EVERY} back) over {args.clips} clips "
                f"{args.clip_size[0]}x{args.clip_size[1]}, feed {args.size[0]}x{args.size[1]} "
                f"offscreen, sampled every {args.every}; {versions(rig.engine)}",
            ]
        finally:
            rig.close()
    report(samples, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())

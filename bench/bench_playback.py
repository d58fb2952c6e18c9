"""Playback CPU for a 1080x1920 30 fps clip on a real X screen: the kiosk against libvlc decoding
alone, libvlc's own X11 output and mpv, in the same run; then pinned to one core.

Method. ffmpeg makes a clip of moving content (testsrc2, 1080x1920, 30 fps, 10 s, H.264 with an
AAC tone). A private Xvfb screen of the clip's size serves the whole run (with two or more CPUs
it is pinned to the second one, so the pinned profile below leaves the first to the player).
Each contender plays the clip once from start to end in a fresh subprocess of its own, so they
never share the CPU; the order rotates from run to run so that a noisy neighbour hurts each
alike, and the medians of several runs are compared. The contenders (`playback_contenders.py`):

- decode alone, the peer: a bare libvlc player with `--vout=vdummy`: it decodes and drops.
- libvlc X11: libvlc's own output into a bare X window (`set_xwindow`), `--vout=xcb_x11`:
  software conversion and MIT-SHM puts, the way the kiosk's frames reach the screen.
- libvlc GL: the same with `--vout=gl`, libvlc's first choice where GL works; on Xvfb that is
  Mesa's software GL (llvmpipe), so it shows what a GL path costs without a GPU.
- mpv --vo=x11: mpv's plain X11 output, where mpv is installed (Debian: mpv); no frame counts.
- player, no paint: one kiosk `VlcPlayer` rendering into its buffer, no widget. It splits the
  kiosk's extra cost into the callback path and Qt's painting.
- kiosk: the real `FeedWidget` on three `VlcPlayer`s (the rig in `feed_rig.py`) in a 1080x1920
  window, painting every frame, from `show()` until the clip has played out.

The cost is the contender's CPU time (all threads) per second of video: 0.30 is 30 % of one
core. The X server's CPU over the same window is shown beside it, since putting pictures on a
screen costs the server too; the goal compares the contender's own CPU, as the issue did.
Frames: libvlc's displayed and lost pictures for the bare players (its displayed count misses
about 28 pictures a run, see docs/PERFORMANCE.md); for the kiosk, the distinct frames painted,
"lost" as the expected frames minus those, and "late" as painted frames that came more than
1.5 frame periods after the one before. Memory: the contender's resident memory as the clip
ends (VmRSS) and its peak (VmHWM, or mpv's ru_maxrss, which has no "as it ends"); for the kiosk
that is three players at the window's size, the clip playing and its two neighbours held.

The slow-PC profile: decode alone, libvlc X11 and the kiosk again, each under `taskset -c 0`.

`--baseline DIR` adds one more contender, "kiosk @ baseline": the same feed from the kiosk
package of another checkout (e.g. `git worktree add /tmp/base main`), in the same rotation and
the pinned profile, so a change is measured against what it changes under the same load.
`--offscreen` runs the old mode instead: Qt's offscreen platform, no X server, no native peers.
`--plot PATH` writes a bar chart of the CPU per contender.

    .venv/bin/python bench/bench_playback.py           # ~8 min: 5 runs of each, then pinned
    .venv/bin/python bench/bench_playback.py --quick   # CI smoke
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import playback_contenders
from playback_contenders import FPS, PATIENCE_S
from xserver import xvfb

#: The subprocess roles, and their names in the report.
CONTENDERS = {
    "decode": "decode alone",
    "native": "libvlc X11",
    "native_gl": "libvlc GL",
    "mpv": "mpv --vo=x11",
    "player": "player, no paint",
    "kiosk": "kiosk",
    "baseline": "kiosk @ baseline",
}
PINNED = ("decode", "native", "kiosk")
#: Names the checkout whose kiosk package the baseline contender imports.
BASELINE_TREE = "KIOSK_BENCH_BASELINE"


def ffmpeg(*args: str) -> None:
    program = shutil.which("ffmpeg")
    if program is None:
        raise SystemExit("ffmpeg is not installed: it makes the test clip")
    command = [program, "-hide_banner", "-loglevel", "error", "-y", *args]
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL)


def make_clips(folder: Path, seconds: float, size: str) -> list[Path]:
    """The clip under test, then two short solid-colour neighbours of the same size."""
    main = folder / "01_testsrc2.mp4"
    ffmpeg(
        *("-f", "lavfi", "-i", f"testsrc2=s={size}:r={FPS}:d={seconds}"),
        *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
        *("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", str(FPS)),
        *("-c:a", "aac", "-b:a", "96k", "-shortest", str(main)),
    )
    neighbours = []
    for index, colour in enumerate(("teal", "orange"), start=2):
        out = folder / f"{index:02d}_{colour}.mp4"
        ffmpeg(
            *("-f", "lavfi", "-i", f"color=c={colour}:s={size}:r={FPS}:d=1"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)),
        )
        neighbours.append(out)
    return [main, *neighbours]


def run_child(
    contender: str, clips: list[Path], args: argparse.Namespace, env: dict[str, str], pin: bool
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", contender, "--size", args.size]
    command += ["--seconds", str(args.seconds), *map(str, clips)]
    if args.offscreen:
        command.append("--offscreen")
    if pin:
        command = ["taskset", "-c", "0", *command]
    if contender == "baseline":
        env = {**env, BASELINE_TREE: str(args.baseline)}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=PATIENCE_S * 2, env=env
    )
    if result.returncode != 0:
        raise SystemExit(f"the {contender} run failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def child(args: argparse.Namespace) -> dict[str, Any]:
    width, _, height = args.size.partition("x")
    size = (int(width), int(height))
    platform = "offscreen" if args.offscreen else "xcb"
    clip = args.clips[0]
    if args.child == "decode":
        return playback_contenders.run_decode(clip)
    if args.child == "native":
        return playback_contenders.run_native(clip, size, "xcb_x11")
    if args.child == "native_gl":
        return playback_contenders.run_native(clip, size, "gl")
    if args.child == "mpv":
        return playback_contenders.run_mpv(clip, size)
    if args.child == "player":
        return playback_contenders.run_player(clip, size, platform)
    # The baseline is the kiosk contender on another checkout's package (see main()).
    return playback_contenders.run_kiosk(args.clips, size, args.seconds, platform)


def run_all(
    contenders: list[str],
    clips: list[Path],
    args: argparse.Namespace,
    env: dict[str, str],
    pin: bool,
) -> dict[str, list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {CONTENDERS[name]: [] for name in contenders}
    for run in range(args.runs):
        shift = run % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            runs[CONTENDERS[contender]].append(run_child(contender, clips, args, env, pin))
    return runs


def report(runs: dict[str, list[dict[str, Any]]], seconds: float, title: str) -> dict[str, float]:
    """Print one table; return the median CPU per video second of each contender."""
    expected = round(seconds * FPS)
    print(title)
    print(
        f"  {'':<17} {'CPU/video s':>11} {'(min-max)':>13} {'X server':>9} {'wall s':>7} "
        f"{'shown':>6} {'painted':>8} {'lost':>5} {'late':>5} {'RSS MiB':>8} {'peak':>5}  of {expected} frames"
    )
    medians = {}
    for name, results in runs.items():
        shares = [result["cpu"] / seconds for result in results]
        medians[name] = statistics.median(shares)
        server = statistics.median(result["server_cpu"] / seconds for result in results)

        def median_of(key: str, results: list[dict[str, Any]] = results) -> str:
            values = [result[key] for result in results if key in result]
            return f"{statistics.median(values):.0f}" if values else "-"

        print(
            f"  {name:<17} {medians[name]:11.3f} {f'({min(shares):.2f}-{max(shares):.2f})':>13} "
            f"{server:9.3f} {statistics.median(r['wall'] for r in results):7.2f} "
            f"{median_of('shown'):>6} {median_of('painted'):>8} {median_of('lost'):>5} "
            f"{median_of('late'):>5} {median_of('rss'):>8} {median_of('peak_rss'):>5}"
        )
    peer = medians["decode alone"]
    for name, median in medians.items():
        if name != "decode alone":
            print(f"  {name} / decode alone: {median / peer:.2f}x CPU")
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each contender (5)")
    parser.add_argument("--seconds", type=float, default=10.0, help="clip length in s (10)")
    parser.add_argument("--size", default="1080x1920", help="clip, window and screen (1080x1920)")
    parser.add_argument("--offscreen", action="store_true", help="Qt offscreen, no X server")
    parser.add_argument("--no-pinned", action="store_true", help="skip the one-core profile")
    parser.add_argument("--plot", type=Path, help="write a bar chart of the CPU here (PNG)")
    parser.add_argument("--baseline", type=Path, help="a checkout to run as one more contender")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1 run of a 2 s clip")
    parser.add_argument("--child", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("clips", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if args.child == "baseline":
            sys.path.insert(0, os.environ[BASELINE_TREE])  # before feed_rig puts this one in
        print(json.dumps(child(args)))
        return 0
    if args.baseline is not None and not (args.baseline / "kiosk" / "__init__.py").is_file():
        parser.error(f"--baseline {args.baseline} holds no kiosk package: give a checkout")
    if args.quick:
        args.runs, args.seconds, args.size = 1, 2.0, "360x640"
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    width, _, height = args.size.partition("x")
    contenders = ["decode", "player", "kiosk"]
    pinned_contenders = list(PINNED)
    if args.baseline is not None:
        contenders.append("baseline")
        pinned_contenders.append("baseline")
    if not args.offscreen:
        contenders[1:1] = ["native", "native_gl", *(["mpv"] if shutil.which("mpv") else [])]
    cpus = os.cpu_count() or 1

    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-bench-playback-"))
        clips = make_clips(Path(tmp), args.seconds, args.size)
        env = dict(os.environ)
        if not args.offscreen:
            server_cpus = "1" if cpus > 1 else None
            server = stack.enter_context(xvfb((int(width), int(height)), cpus=server_cpus))
            env |= {"DISPLAY": server.display, "KIOSK_BENCH_XSERVER_PID": str(server.pid)}
        runs = run_all(contenders, clips, args, env, pin=False)
        pinned = {} if args.no_pinned else run_all(pinned_contenders, clips, args, env, pin=True)
    where = "offscreen" if args.offscreen else f"on Xvfb {args.size}"
    what = f"{args.size} {FPS} fps H.264 testsrc2, {args.seconds:g} s, {where}"
    medians = report(
        runs,
        args.seconds,
        f"Playback CPU: {what}, median of {args.runs} run(s) each, order rotated, one process "
        f"per run;\n  {runs['kiosk'][0]['versions']}, {cpus} CPUs",
    )
    pinned_medians = {}
    if pinned:
        pinned_medians = report(
            pinned, args.seconds, "Pinned to one core (taskset -c 0), X server on another:"
        )
    if args.plot:
        from plots import cpu_chart

        cpu_chart(args.plot, f"Playback CPU, {what}", medians, pinned_medians)
        print(f"  chart: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Playback CPU for a 1080x1920 30 fps clip: the kiosk's path against libvlc decoding alone.

Method. ffmpeg makes a clip of moving content (testsrc2, 1080x1920, 30 fps, 10 s, H.264 with an
AAC tone). Each contender plays it once from start to end in a fresh subprocess of its own, so
they never share the CPU; the order of the contenders rotates from run to run so that a noisy
neighbour hurts each alike, and the medians of several runs are compared.

- decode alone, the peer: `vlc.Instance(["--vout=vdummy", "--aout=adummy"])` and a media player
  on the file, from `play()` to `MediaPlayerEndReached`. libvlc decodes and drops each picture.
- kiosk: the real `FeedWidget` on a `PlayerPool` of three `VlcPlayer`s from
  `VlcEngine(["--aout=adummy"])`, with `GuiThread`, on Qt's offscreen platform at 1080x1920 (the
  rig in `feed_rig.py`). Every frame goes through libvlc's video callbacks into the double
  buffer, converted to RV32, is handed to the GUI thread and painted. It runs from `show()` to
  the feed's `last_clip_finished` (the clip plays out under `finish_current_clip`, so nothing
  follows), and waits with no polling timer.
  The next clip is preloaded, as always in the feed; the neighbours are short solid-colour clips,
  so their preload costs a few cheap frames.
- player, no paint: one `VlcPlayer` of the same engine setup rendering into its buffer and
  posting its repaints to the GUI thread, with no widget; from `load` + `play()` to `on_end`.
  It splits the kiosk's extra cost into the callback path (conversion to RV32 at the shown
  size, the Python callbacks, the hand-off) and Qt's painting.

The cost is the process's CPU time (all threads, `time.process_time`) over the run, per second of
video: 0.30 means 30 % of one core. Frames: libvlc's count of displayed and lost pictures for the
peer; for the kiosk, the pictures libvlc handed to the buffer (`frames_shown`) and the distinct
frames painted (a paint is stamped by wrapping the player's `frame()`), against the expected
fps x seconds. A "late" frame is a painted frame that came more than 1.5 frame periods after the
one before it.

    .venv/bin/python bench/bench_playback.py           # 5 runs of each, 10 s clip
    .venv/bin/python bench/bench_playback.py --quick   # CI smoke
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FPS = 30
LATE_PERIODS = 1.5
#: The subprocess roles, and their names in the report.
CONTENDERS = {"decode": "decode alone", "player": "player, no paint", "kiosk": "kiosk"}
PATIENCE_S = 60.0


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


# --- the two contenders, each run in a subprocess of its own --------------------------------


def run_decode(clip: Path) -> dict[str, Any]:
    import vlc

    instance = vlc.Instance(["--quiet", "--vout=vdummy", "--aout=adummy"])
    player = instance.media_player_new()
    media = instance.media_new_path(str(clip))
    player.set_media(media)
    done = threading.Event()
    events = player.event_manager()
    for kind in (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError):
        events.event_attach(kind, lambda event: done.set())
    cpu, wall = time.process_time(), time.perf_counter()
    player.play()
    if not done.wait(PATIENCE_S):
        raise SystemExit("libvlc did not reach the end of the clip")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stats = vlc.MediaStats()
    media.get_stats(stats)
    player.stop()
    events.event_detach(vlc.EventType.MediaPlayerEndReached)
    events.event_detach(vlc.EventType.MediaPlayerEncounteredError)
    media.release()
    player.release()
    instance.release()
    return {
        "cpu": cpu,
        "wall": wall,
        "shown": stats.displayed_pictures,
        "lost": stats.lost_pictures,
        "painted": -1,
        "late": -1,
    }


def run_kiosk(clips: list[Path], size: tuple[int, int]) -> dict[str, Any]:
    import PySide6
    from feed_rig import FeedRig
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.core.clip import Clip

    rig = FeedRig([Clip(path, path.stem) for path in clips], size, after_clip="next")
    main = rig.playlist.current
    finished: list[float] = []
    rig.feed.last_clip_finished.connect(lambda: finished.append(time.perf_counter()))
    rig.feed.finish_current_clip()  # play this clip out, then stop: the run's end is its end
    # Wait with no polling timer at all: nothing but the feed may cost CPU in this window.
    loop = QEventLoop()
    rig.feed.last_clip_finished.connect(loop.quit)
    QTimer.singleShot(int(PATIENCE_S * 1000), loop.quit)
    cpu, wall = time.process_time(), time.perf_counter()
    rig.feed.show()
    loop.exec()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if not finished:
        raise SystemExit(f"the clip did not play to its end within {PATIENCE_S:g} s")
    shown = next(player.frames_shown for _, player in rig.pool if player.clip == main)
    frames: dict[int, float] = {}  # each distinct frame of the clip, when it was first painted
    for paint in rig.probe.paints:
        number = paint.drawn.get(main)
        if number is not None and number not in frames:
            frames[number] = paint.time
    times = sorted(frames.values())
    late = sum(b - a > LATE_PERIODS / FPS for a, b in itertools.pairwise(times))
    versions = f"libvlc {rig.engine.version.split()[0]}, PySide6 {PySide6.__version__}"
    rig.close()
    return {
        **{"cpu": cpu, "wall": wall, "shown": shown, "lost": -1},
        **{"painted": len(frames), "late": late, "versions": versions},
    }


def run_player(clip: Path, size: tuple[int, int]) -> dict[str, Any]:
    from feed_rig import BENCH_WATCHDOG_S
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app.gui_thread import GuiThread
    from kiosk.core.clip import Clip
    from kiosk.media.interface import PlayerListener
    from kiosk.media.vlc.engine import VlcEngine

    app = QApplication.instance() or QApplication([])  # noqa: F841 - lives through the run
    gui_thread = GuiThread()
    engine = VlcEngine(["--aout=adummy"], first_frame_timeout=BENCH_WATCHDOG_S)
    player = engine.new_player(gui_thread.post)
    player.set_frame_box(*size)
    loop, ended = QEventLoop(), []
    player.listener = PlayerListener(on_end=lambda: (ended.append(True), loop.quit()))
    QTimer.singleShot(int(PATIENCE_S * 1000), loop.quit)
    cpu, wall = time.process_time(), time.perf_counter()
    player.load(Clip(clip, clip.stem), preload=False)
    player.play()
    loop.exec()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if not ended:
        raise SystemExit(f"the clip did not play to its end within {PATIENCE_S:g} s")
    shown = player.frames_shown
    engine.release()
    gui_thread.close()
    return {"cpu": cpu, "wall": wall, "shown": shown, "lost": -1, "painted": -1, "late": -1}


# --- the parent: makes the clip, alternates the runs, reports ---------------------------------


def run_child(contender: str, clips: list[Path], size: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", contender, "--size", size]
    result = subprocess.run(
        [*command, *map(str, clips)], capture_output=True, text=True, timeout=PATIENCE_S * 2
    )
    if result.returncode != 0:
        raise SystemExit(f"the {contender} run failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def report(runs: dict[str, list[dict[str, Any]]], seconds: float, header: str) -> None:
    expected = round(seconds * FPS)
    print(header)
    print(
        f"  {'':<16} {'CPU/video s':>12} {'(min-max)':>13} {'wall s':>7} "
        f"{'shown':>6} {'painted':>8} {'lost':>5} {'late':>5}  of {expected} frames"
    )
    medians = {}
    for name, results in runs.items():
        shares = [result["cpu"] / seconds for result in results]
        medians[name] = statistics.median(shares)

        def median_of(key: str, results: list[dict[str, Any]] = results) -> str:
            value = statistics.median(result[key] for result in results)
            return "-" if value < 0 else f"{value:.0f}"

        print(
            f"  {name:<16} {medians[name]:12.3f} {f'({min(shares):.2f}-{max(shares):.2f})':>13} "
            f"{statistics.median(r['wall'] for r in results):7.2f} {median_of('shown'):>6} "
            f"{median_of('painted'):>8} {median_of('lost'):>5} {median_of('late'):>5}"
        )
    peer = medians["decode alone"]
    for name in ("player, no paint", "kiosk"):
        print(f"  {name} / decode alone: {medians[name] / peer:.2f}x CPU")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each contender (5)")
    parser.add_argument("--seconds", type=float, default=10.0, help="clip length in s (10)")
    parser.add_argument("--size", default="1080x1920", help="clip and feed size (1080x1920)")
    parser.add_argument("--quick", action="store_true", help="CI smoke: 1 run of a 2 s clip")
    parser.add_argument("--child", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("clips", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    if args.child == "decode":
        print(json.dumps(run_decode(args.clips[0])))
        return 0
    if args.child == "kiosk":
        print(json.dumps(run_kiosk(args.clips, (int(width), int(height)))))
        return 0
    if args.child == "player":
        print(json.dumps(run_player(args.clips[0], (int(width), int(height)))))
        return 0
    if args.quick:
        args.runs, args.seconds, args.size = 1, 2.0, "360x640"
    if args.runs < 1:
        parser.error("--runs must be 1 or more")

    with tempfile.TemporaryDirectory(prefix="kiosk-bench-playback-") as tmp:
        clips = make_clips(Path(tmp), args.seconds, args.size)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENDERS.values()}
        for run in range(args.runs):
            order = list(CONTENDERS)
            for contender in order[run % len(order) :] + order[: run % len(order)]:
                runs[CONTENDERS[contender]].append(run_child(contender, clips, args.size))
    header = (
        f"Playback CPU: {args.size} {FPS} fps H.264 testsrc2, {args.seconds:g} s, "
        f"median of {args.runs} run(s) each, order rotated, one process per run;\n"
        f"  {runs['kiosk'][0]['versions']}, {os.cpu_count()} CPUs"
    )
    report(runs, args.seconds, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The contenders of `bench_playback.py`, each run in a subprocess of its own: libvlc decoding
alone, libvlc's own X11 output, mpv, one kiosk player with no widget, and the kiosk's feed.

Each `run_*` plays the clip once from start to end and returns what it cost: its own CPU time
(`time.process_time`, all threads), the X server's CPU time over the same window (read from
/proc; 0 offscreen), the wall time, and what it can say about frames. Nothing polls while a
contender plays: each waits on an event that its player sets at the end.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from xserver import Screen, cpu_seconds

FPS = 30
LATE_PERIODS = 1.5
PATIENCE_S = 60.0


class Meter:
    """CPU of this process and of the X server, and wall time, from `start` to `stop`."""

    def __init__(self) -> None:
        server = os.environ.get("KIOSK_BENCH_XSERVER_PID")
        self._server = int(server) if server else None
        self.cpu = self.server_cpu = self.wall = 0.0

    def _server_cpu(self) -> float:
        return cpu_seconds(self._server) if self._server is not None else 0.0

    def start(self) -> None:
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        self.server_cpu = self._server_cpu()

    def stop(self) -> dict[str, float]:
        return {
            "cpu": time.process_time() - self.cpu,
            "server_cpu": self._server_cpu() - self.server_cpu,
            "wall": time.perf_counter() - self.wall,
            "rss": memory_mib("VmRSS"),
            "peak_rss": memory_mib("VmHWM"),
        }


def memory_mib(field: str) -> float:
    """A memory field of /proc/self/status (VmRSS now, VmHWM the most so far), in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _play_libvlc_to_end(args: list[str], clip: Path, window: int | None) -> dict[str, Any]:
    """A bare libvlc media player from `play()` to `MediaPlayerEndReached`."""
    import vlc

    instance = vlc.Instance(["--quiet", "--aout=adummy", "--no-video-title-show", *args])
    player = instance.media_player_new()
    if window is not None:
        player.set_xwindow(window)
    media = instance.media_new_path(str(clip))
    player.set_media(media)
    done = threading.Event()
    events = player.event_manager()
    kinds = (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError)
    for kind in kinds:
        events.event_attach(kind, lambda event: done.set())
    meter = Meter()
    meter.start()
    player.play()
    if not done.wait(PATIENCE_S):
        raise SystemExit("libvlc did not reach the end of the clip")
    cost = meter.stop()
    stats = vlc.MediaStats()
    media.get_stats(stats)
    player.stop()
    for kind in kinds:
        events.event_detach(kind)
    media.release()
    player.release()
    instance.release()
    return {**cost, "shown": stats.displayed_pictures, "lost": stats.lost_pictures}


def run_decode(clip: Path) -> dict[str, Any]:
    """The floor: libvlc decodes every picture and drops it (`--vout=vdummy`)."""
    return _play_libvlc_to_end(["--vout=vdummy"], clip, None)


def run_native(clip: Path, size: tuple[int, int], output: str) -> dict[str, Any]:
    """libvlc's own output into a bare X window (`set_xwindow`). `xcb_x11` converts each
    picture in software and puts it with MIT-SHM, as the kiosk's frames reach the screen;
    `gl` (libvlc's first choice where GL works) converts on the GPU, here Mesa's llvmpipe."""
    screen = Screen(os.environ["DISPLAY"])
    try:
        return _play_libvlc_to_end([f"--vout={output}"], clip, screen.new_window(*size))
    finally:
        screen.close()


def run_mpv(clip: Path, size: tuple[int, int]) -> dict[str, Any]:
    """mpv with its plain X11 output (`--vo=x11`), measured from outside with `wait4`'s usage,
    so its own start-up is in the count."""
    program = shutil.which("mpv")
    if program is None:
        raise SystemExit("mpv is not installed")
    command = [program, "--no-config", "--really-quiet", "--vo=x11", "--ao=null", "--hwdec=no"]
    command += [f"--geometry={size[0]}x{size[1]}+0+0", "--no-border", "--keep-open=no", str(clip)]
    meter = Meter()
    meter.start()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    cost = meter.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"mpv exited {process.returncode}")
    # ru_maxrss is in KiB on Linux.
    return {**cost, "cpu": usage.ru_utime + usage.ru_stime, "peak_rss": usage.ru_maxrss / 1024}


def run_player(clip: Path, size: tuple[int, int], platform: str) -> dict[str, Any]:
    """One kiosk `VlcPlayer` rendering into its buffer and posting its repaints, no widget: the
    callback path without Qt's painting."""
    from feed_rig import BENCH_WATCHDOG_S
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.app.gui_thread import GuiThread
    from kiosk.core.clip import Clip
    from kiosk.media.interface import PlayerListener
    from kiosk.media.vlc.engine import VlcEngine

    os.environ["QT_QPA_PLATFORM"] = platform
    app = QApplication.instance() or QApplication([])  # noqa: F841 - lives through the run
    gui_thread = GuiThread()
    engine = VlcEngine(["--aout=adummy"], first_frame_timeout=BENCH_WATCHDOG_S)
    player = engine.new_player(gui_thread.post)
    player.set_frame_box(*size)
    loop, ended = QEventLoop(), []
    player.listener = PlayerListener(on_end=lambda: (ended.append(True), loop.quit()))
    QTimer.singleShot(int(PATIENCE_S * 1000), loop.quit)
    meter = Meter()
    meter.start()
    player.load(Clip(clip, clip.stem), preload=False)
    player.play()
    loop.exec()
    cost = meter.stop()
    if not ended:
        raise SystemExit(f"the clip did not play to its end within {PATIENCE_S:g} s")
    shown = player.frames_shown
    engine.release()
    gui_thread.close()
    return {**cost, "shown": shown}


def run_kiosk(
    clips: list[Path], size: tuple[int, int], seconds: float, platform: str
) -> dict[str, Any]:
    """The real feed, painting every frame, from `show()` to `last_clip_finished`."""
    import PySide6
    from feed_rig import FeedRig
    from PySide6.QtCore import QEventLoop, QTimer

    from kiosk.core.clip import Clip

    os.environ["QT_QPA_PLATFORM"] = platform  # the rig's offscreen default, unless asked
    rig = FeedRig([Clip(path, path.stem) for path in clips], size, after_clip="next")
    main = rig.playlist.current
    finished: list[float] = []
    rig.feed.last_clip_finished.connect(lambda: finished.append(time.perf_counter()))
    rig.feed.finish_current_clip()  # play this clip out, then stop: the run's end is its end
    # Wait with no polling timer at all: nothing but the feed may cost CPU in this window.
    loop = QEventLoop()
    rig.feed.last_clip_finished.connect(loop.quit)
    QTimer.singleShot(int(PATIENCE_S * 1000), loop.quit)
    meter = Meter()
    meter.start()
    rig.feed.show()
    loop.exec()
    cost = meter.stop()
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
    expected = round(seconds * FPS)
    return {
        **cost,
        **{"shown": shown, "painted": len(frames), "lost": max(0, expected - len(frames))},
        **{"late": late, "versions": versions},
    }

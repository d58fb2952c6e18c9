"""Run by test_shutdown.py in a subprocess: play a real clip through the kiosk's media stack
(three players, as the feed's pool has), quit the Qt application, release libvlc, and exit.

Usage: python -m tests.media.shutdown_script CLIP [FRAMES]
Prints one line of counts and exits with the Qt event loop's code: 0 when FRAMES frames were
shown, 3 on a player error, 4 if the frames never came.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from kiosk.app.gui_thread import GuiThread
from kiosk.core.clip import Clip
from kiosk.media.interface import PlayerListener
from kiosk.media.vlc.engine import VlcEngine

GIVE_UP_MS = 30_000


def main(clip_path: Path, frames_wanted: int) -> int:
    app = QGuiApplication([])
    gui_thread = GuiThread()
    engine = VlcEngine(["--aout=adummy"])
    players = [engine.new_player(gui_thread.post) for _ in range(3)]
    for player in players:
        player.set_frame_box(360, 640)
    current, upcoming, _spare = players
    frames: list[int] = []

    def on_frame() -> None:
        frames.append(1)
        if len(frames) == frames_wanted:
            app.quit()

    def on_error(reason: str) -> None:
        print(f"error: {reason}", file=sys.stderr)
        app.exit(3)

    current.listener = PlayerListener(
        on_frame=on_frame,
        on_end=current.restart,  # loop, so a short clip still gives enough frames
        on_error=on_error,
    )
    clip = Clip(clip_path, "shutdown")
    upcoming.load(clip, preload=True)  # a held, paused player is released too
    current.load(clip, preload=False)
    current.play()
    QTimer.singleShot(GIVE_UP_MS, lambda: app.exit(4))
    code = app.exec()
    preloaded = upcoming.has_frame
    # Quit first, then release while frames may still be arriving: the order of a real exit.
    engine.release()
    gui_thread.close()
    print(f"frames={len(frames)} preloaded={preloaded} code={code}")
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 60))

"""The clip drive unplugged mid-play, as a renamed folder: no crash, a calm screen, and play
resumes by itself when the folder is back. The whole kiosk, with real libvlc on real files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.kiosk_kit import Kiosk, start_feed
from tests.ui.pixels import centre_colour

RGB = {"red", "green", "blue"}
PATIENCE_MS = 20_000


def test_a_clip_folder_renamed_away_mid_play_rests_calmly_and_comes_back(
    make_kiosk: object, qtbot: QtBot, clip_folder: Path
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    feed = start_feed(qtbot, kiosk)

    unplugged = clip_folder.with_name("unplugged")
    clip_folder.rename(unplugged)
    # The child swipes on: the clip after the next one can no longer be opened.
    qtbot.keyClick(feed, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: feed.shows_no_clips, timeout=PATIENCE_MS)
    assert centre_colour(feed) not in RGB  # the resting screen, not a frozen clip
    assert feed.playlist_clips() == ()
    assert feed.isVisible() and kiosk.window.isVisible()

    unplugged.rename(clip_folder)
    # Nobody touches anything: the kiosk looks for the folder again by itself.
    qtbot.waitUntil(
        lambda: not feed.shows_no_clips and centre_colour(feed) in RGB, timeout=PATIENCE_MS
    )
    assert sorted(clip.title for clip in feed.playlist_clips()) == ["1 red", "2 green", "3 blue"]

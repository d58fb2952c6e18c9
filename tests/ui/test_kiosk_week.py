"""The week page in the whole kiosk: what the child watched on the running feed reaches the
parent's week, with the show's picture made from the real clip by the media worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.parent.week import ShowPicture
from tests.ui.kiosk_kit import PARENT_PIN, Kiosk, library_settled, type_pin
from tests.ui.pixels import centre_colour, colour_name


def test_a_watched_clip_shows_on_the_week_page_with_its_picture(
    make_kiosk: object, qtbot: QtBot
) -> None:
    kiosk: Kiosk = make_kiosk()  # type: ignore[operator]
    library_settled(qtbot, kiosk)
    qtbot.mouseClick(kiosk.flow.start_screen, Qt.MouseButton.LeftButton)
    feed = kiosk.host.feed
    assert feed is not None
    qtbot.waitUntil(lambda: centre_colour(feed) == "red", timeout=10_000)
    kiosk.clock.advance(40)
    kiosk.flow.tick()  # the session counts the 40 s and saves them
    feed.end_view()  # the view of "1 red" is saved with its 40 s

    kiosk.flow.open_parent_access()
    type_pin(kiosk.flow.parent_pad, PARENT_PIN)
    panel = kiosk.flow.panel
    assert panel is not None and panel.week is not None
    qtbot.mouseClick(panel.home.week_button, Qt.MouseButton.LeftButton)

    today = panel.week.chart.days[-1]
    assert today.date == kiosk.clock.wall().date()
    assert today.watched_seconds == 40
    assert [(show.name, show.seconds) for show in today.shows] == [("1 red", 40)]
    picture = panel.week.findChild(ShowPicture)
    assert picture is not None
    qtbot.waitUntil(lambda: picture.pixmap is not None, timeout=15_000)
    painted = picture.grab().toImage()
    assert colour_name(painted.pixelColor(picture.width() // 2, picture.height() // 2)) == "red"

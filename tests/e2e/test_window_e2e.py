"""The kiosk's real window on a private Xvfb screen: start button, first tap, the clip's picture,
one instance at a time, and a clean exit on SIGTERM."""

from __future__ import annotations

import time

import pytest

from tests.clipmaker import ClipCache
from tests.e2e.kiosk_process import (
    SCREEN_SIZE,
    KioskHome,
    add_clips,
    colour_close,
    one_sentence,
    pixel,
    tap,
    wait_for_pixel,
    window_centre,
    window_geometry,
    xdotool,
)

pytestmark = pytest.mark.e2e

RED = (255, 0, 0)


@pytest.fixture
def home(kiosk_home: KioskHome, clip_cache: ClipCache) -> KioskHome:
    add_clips(clip_cache, kiosk_home, ("red", "lime", "blue"))
    kiosk_home.write_config(minutes=10)
    kiosk_home.set_pin()  # also skips the first-run setup
    return kiosk_home


def test_fullscreen_kiosk_shows_the_clip_and_keeps_a_second_copy_out(
    home: KioskHome, xvfb_display: str
) -> None:
    app = home.start_app(xvfb_display)
    assert app.first_screen() == "start"
    assert window_geometry(xvfb_display) == (0, 0, *SCREEN_SIZE)
    x, y = SCREEN_SIZE[0] // 2, SCREEN_SIZE[1] // 2
    assert not colour_close(pixel(xvfb_display, x, y), RED)  # the play button, not a clip

    tap(xvfb_display, x, y)

    app.wait_for("screen: feed")
    assert app.wait_for("showing clip:") == "showing clip: 1 red"
    seen = wait_for_pixel(xvfb_display, x, y, RED)
    assert colour_close(seen, RED), f"the centre of the screen is {seen}, not the red clip"

    second = home.run(display=xvfb_display, timeout=30)
    assert second.returncode == 3, second.stdout + second.stderr
    assert "already running" in one_sentence(second.stderr)
    assert app.process.poll() is None  # the first one plays on
    app.kill()


def test_windowed_kiosk_starts_at_a_key_and_exits_cleanly_on_sigterm(
    home: KioskHome, xvfb_display: str
) -> None:
    app = home.start_app(xvfb_display, "--windowed")
    assert app.first_screen() == "start"
    x, y = window_centre(xvfb_display)
    # No window manager: the keyboard goes to the window under the pointer.
    xdotool(xvfb_display, "mousemove", str(x), str(y))
    started = time.monotonic()
    xdotool(xvfb_display, "key", "space")

    app.wait_for("screen: feed")
    app.wait_for("showing clip:")
    assert app.log.screens() == ["start", "feed"]

    code = app.terminate()
    on_screen = time.monotonic() - started

    output = app.stderr()
    assert code == 0, output
    assert "Fatal Python error" not in output
    assert "Traceback" not in output
    assert "the kiosk is closing" in app.log.messages()
    # The broken-off session is kept, with the time it had left.
    status = home.status()
    assert status["state"] == "in_session"
    assert isinstance(status["session_seconds_left"], int)
    assert 10 * 60 - on_screen - 5 <= status["session_seconds_left"] <= 10 * 60

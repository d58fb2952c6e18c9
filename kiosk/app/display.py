"""Is there a screen to show the kiosk on? Asked before Qt starts, because Qt's answer to "no"
is an abort with a page of advice (often wrong: it blames missing libraries) and exit 134."""

from __future__ import annotations

import os
import re
import socket
import sys

from kiosk.core.i18n import _
from kiosk.errors import EXIT_FAILURE, KioskError

_LOCAL_DISPLAY = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")


def require_display() -> None:
    """Raise a one-sentence KioskError if Qt would find no display on Linux."""
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return  # offscreen, wayland, eglfs, linuxfb: Qt's own business
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return
    display = os.environ.get("DISPLAY", "")
    if not display:
        raise KioskError(
            _(
                "No display was found: start Kiosk Clips from a desktop session, or set DISPLAY"
                " to a running X server."
            ),
            EXIT_FAILURE,
        )
    if not x_display_reachable(display):
        unreachable = _(
            "The display {display} cannot be reached: start Kiosk Clips from a desktop session,"
            " or set DISPLAY to a running X server."
        )
        raise KioskError(unreachable.format(display=display), EXIT_FAILURE)


def x_display_reachable(display: str) -> bool:
    """For a local display (":0"), whether its X server socket accepts a connection.
    A remote display ("host:0") is left for Qt to try."""
    match = _LOCAL_DISPLAY.match(display)
    if match is None:
        return True
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    # Linux X servers also listen on an abstract socket of the same name.
    for address in (path, "\0" + path):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(address)
                return True
            except OSError:
                continue
    return False

"""Before Qt starts: no display, or one that does not answer, is one sentence, not an abort."""

from __future__ import annotations

import socket

import pytest

from kiosk.app.display import require_display, x_display_reachable
from kiosk.errors import KioskError


def test_no_display_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    with pytest.raises(KioskError, match="No display was found"):
        require_display()


def test_a_display_nobody_serves_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":987")
    with pytest.raises(KioskError, match=":987 cannot be reached"):
        require_display()


def test_a_listening_x_socket_counts_as_a_display() -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind("\0/tmp/.X11-unix/X986")
        server.listen(1)
        assert x_display_reachable(":986")
        assert x_display_reachable(":986.0")
    assert not x_display_reachable(":986")


def test_offscreen_and_remote_displays_are_left_to_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY", raising=False)
    require_display()
    assert x_display_reachable("otherhost:0")

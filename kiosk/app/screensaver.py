"""Keeps the screen saver and display sleep away while a clip plays, where the platform allows.

Linux desktops answer the freedesktop `org.freedesktop.ScreenSaver.Inhibit` call on the session
bus; Windows has `SetThreadExecutionState`. Anything else (bare X, no D-Bus, macOS) is left
alone: a screen saver that still starts is a nuisance, not a hole in the limits.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_ES_CONTINUOUS = 0x80000000
_ES_DISPLAY_REQUIRED = 0x00000002


class ScreenSaverBlock:
    """`hold(True)` while a clip plays, `hold(False)` otherwise; cheap to call every second."""

    def __init__(self) -> None:
        self._held = False
        self._cookie: int | None = None

    @property
    def held(self) -> bool:
        return self._held

    def hold(self, on: bool) -> None:
        if on == self._held:
            return
        self._held = on
        try:
            if sys.platform == "win32":
                flags = _ES_CONTINUOUS | (_ES_DISPLAY_REQUIRED if on else 0)
                ctypes.windll.kernel32.SetThreadExecutionState(flags)  # type: ignore[attr-defined]
            elif sys.platform.startswith("linux"):
                self._freedesktop(on)
        except Exception as error:  # the platform said no: the kiosk still works
            log.info("screen saver not held off: %s", error)

    def _freedesktop(self, on: bool) -> None:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        saver = QDBusInterface(
            "org.freedesktop.ScreenSaver",
            "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver",
            bus,
        )
        if not saver.isValid():
            return
        if on:
            reply = saver.call("Inhibit", "Kiosk Clips", "a clip is playing")
            if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
                self._cookie = int(reply.arguments()[0])
        elif self._cookie is not None:
            saver.call("UnInhibit", self._cookie)
            self._cookie = None

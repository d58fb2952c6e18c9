"""What the kiosk's start waits for: only what the first screen shows."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.first_paint import AfterFirstPaint

#: Loaded when first used, never for the start screen or the lock.
LOADED_WHEN_USED = (
    "kiosk.ui.feed.widget",
    "kiosk.media.pool",
    "kiosk.ui.parent.panel",
    "kiosk.ui.library.view",
    "kiosk.ui.setup.wizard",
    "kiosk.media.worker",
    "kiosk.media.vlc.thumbnailer",
    "kiosk.app.library_actions",
    "kiosk.app.week_actions",
    "kiosk.ui.parent.week",
    "kiosk.core.report.usage",
    "kiosk.core.library.watch_history",
    "kiosk.core.library.scan",
    "tomli_w",
    "_hashlib",
)


def test_the_app_imports_none_of_what_loads_when_first_used() -> None:
    code = (
        "import sys, kiosk.app.run, kiosk.app.host, kiosk.ui.flow;"
        f"print(' '.join(m for m in {LOADED_WHEN_USED!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_work_waits_for_the_first_paint_and_runs_once(qtbot: QtBot) -> None:
    window = QStackedWidget()
    qtbot.addWidget(window)
    calls: list[int] = []
    AfterFirstPaint(window, lambda: calls.append(1))
    first, second = QWidget(), QWidget()
    window.addWidget(first)
    window.addWidget(second)
    window.setCurrentWidget(second)  # the screen in front is the one watched
    QApplication.processEvents()  # a zero timer set without a paint would run here
    assert calls == []
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: calls == [1])
    window.setCurrentWidget(first)
    first.repaint()
    QApplication.processEvents()
    assert calls == [1]

"""The app's tests share the media tests' event pump and GUI-thread door, the UI tests' whole
kiosk, and the kiosk's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from kiosk.app.logs import setup_logging
from tests.media.conftest import gui_thread, pump
from tests.ui.kiosk_kit import clip_folder, make_kiosk

__all__ = ["clip_folder", "gui_thread", "kiosk_log", "make_kiosk", "pump"]


@pytest.fixture
def kiosk_log() -> Iterator[None]:
    """The kiosk's log file in the test's log folder, removed again after the test."""
    root = logging.getLogger()
    before = list(root.handlers)
    setup_logging()
    yield
    for handler in root.handlers:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()

"""The app's tests share the media tests' event pump and GUI-thread door."""

from tests.media.conftest import gui_thread, pump

__all__ = ["gui_thread", "pump"]

"""The fault tests drive the real `kiosk` command with the end-to-end tests' fixtures."""

from tests.e2e.conftest import kiosk_home, xvfb_display

__all__ = ["kiosk_home", "xvfb_display"]

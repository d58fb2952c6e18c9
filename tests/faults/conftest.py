"""The fault tests drive the real `kiosk` process as the end-to-end tests do, on their screen."""

from __future__ import annotations

# The end-to-end fixtures: a private Xvfb screen, and the test's folders as a kiosk home.
from tests.e2e.conftest import kiosk_home, xvfb_display  # noqa: F401  (fixtures, used by name)

"""The fault-injection suite: each test breaks something the way a child, a slip of the parent or
the machine would, and checks that the kiosk keeps its promise. Process-level faults drive the
real `kiosk` process on the end-to-end tests' private screen; the whole-kiosk fixtures are the UI
tests' own."""

from __future__ import annotations

# The end-to-end fixtures: a private Xvfb screen, and the test's folders as a kiosk home.
from tests.e2e.conftest import kiosk_home, xvfb_display  # noqa: F401  (fixtures, used by name)
from tests.ui.kiosk_kit import clip_folder, make_kiosk  # noqa: F401 - whole-kiosk fixtures

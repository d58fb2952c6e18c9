"""The fault-injection suite: each test breaks something the way a child, a slip of the parent or
the machine would, and checks that the kiosk keeps its promise. The whole-kiosk fixtures are the
UI tests' own; the fixtures that drive the real `kiosk` command are the end-to-end tests'."""

from tests.e2e.conftest import kiosk_home, xvfb_display  # noqa: F401 - real-process fixtures
from tests.ui.kiosk_kit import clip_folder, make_kiosk  # noqa: F401 - whole-kiosk fixtures

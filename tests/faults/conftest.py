"""The fault-injection suite: each test breaks something the way a child, a slip of the parent or
the machine would, and checks that the kiosk keeps its promise. The whole-kiosk fixtures are the
UI tests' own."""

from tests.ui.kiosk_kit import clip_folder, make_kiosk  # noqa: F401 - whole-kiosk fixtures

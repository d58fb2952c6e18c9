"""Exit codes from DESIGN, and the error type that carries a plain sentence and its code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2  # bad usage, bad config or unusable library
EXIT_REFUSED = 3  # wrong PIN, throttled, another instance running


class KioskError(Exception):
    """A problem the user can act on: `str()` is one sentence naming what is wrong and what is valid."""

    def __init__(self, sentence: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(sentence)
        self.exit_code = exit_code

"""Running `kiosk` commands in this process for the tests of their words: what they print, in the
pseudo-language or in the language their config asks for."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kiosk import cli
from tests.i18n.pseudo import speaking_pseudo

#: What a parent types and may read untranslated: the command, its sub-commands, options and
#: metavars. Longest first, so that no shorter one takes a piece out of a longer one.
COMMAND_WORDS: tuple[str, ...] = tuple(
    sorted(
        (
            "kiosk",
            "check",
            "status",
            "report",
            "pin",
            "set",
            "unlock",
            "install-autostart",
            "--help",
            "--config",
            "--windowed",
            "--demo",
            "--json",
            "--days",
            "--csv",
            "--minutes",
            "--clips",
            "--stdin",
            "--remove",
            "--bogus",
            "COMMAND",
            "ACTION",
            "PATH",
        ),
        key=len,
        reverse=True,
    )
)


def run_kiosk(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str]:
    """`kiosk ARGS` in this process: its exit code, and its output and errors together."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = cli.main(list(args))
    except SystemExit as stop:  # argparse: --help, or a usage error
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out + err


@contextmanager
def commands_in_pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The commands speak the pseudo-language: it stands in for the language the config would
    choose, which every command takes up first (tested on its own with German)."""
    monkeypatch.setattr(cli, "speak_the_configs_language", lambda config_override: None)
    with speaking_pseudo():
        yield

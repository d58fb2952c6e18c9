"""Every word the `kiosk` commands print is looked up in the catalogue: each command runs in the
pseudo-language, and no word may come out without its marks but the command's own names, paths
and numbers.

The core's sentences the commands print (the state, config errors, library problems, the
report) are held to the marks as well: a line of any of them without the marks fails here too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.core import paths
from kiosk.core.store.store import Store
from kiosk.errors import EXIT_FAILURE, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from tests.clipmaker import ClipCache, empty_file
from tests.commands.words_kit import COMMAND_WORDS, commands_in_pseudo, run_kiosk
from tests.core.report.history_kit import History
from tests.core.store_kit import raw_connection
from tests.i18n.pseudo import unmarked

PIN = "4827"

Kiosk = tuple[pytest.CaptureFixture[str], pytest.MonkeyPatch]


@pytest.fixture
def kiosk(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Kiosk:
    return capsys, monkeypatch


def run(kiosk: Kiosk, *args: str, stdin: str = "") -> tuple[int, str]:
    capsys, monkeypatch = kiosk
    with commands_in_pseudo(monkeypatch):
        return run_kiosk(capsys, monkeypatch, *args, stdin=stdin)


def write_config(text: str) -> Path:
    config = paths.config_file(None)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    return config


#: The kiosk itself and every command, each with its own --help.
COMMANDS = [
    [],
    ["check"],
    ["status"],
    ["report"],
    ["pin"],
    ["pin", "set"],
    ["unlock"],
    ["install-autostart"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_help_of_the_kiosk_and_of_every_command(kiosk: Kiosk, command: list[str]) -> None:
    code, output = run(kiosk, *command, "--help")
    assert code == EXIT_OK
    assert "⟦" in output
    assert unmarked(output, allowed=COMMAND_WORDS) == []


@pytest.mark.parametrize(
    "arguments",
    [
        ["unlock", "--minutes", "7"],
        ["unlock", "--minutes", "seven"],
        ["pin"],
        ["status", "--bogus"],
        ["report", "--days"],
        ["report", "--json", "--csv"],
    ],
)
def test_a_mistake_in_the_arguments(kiosk: Kiosk, arguments: list[str]) -> None:
    code, output = run(kiosk, *arguments)
    assert code == EXIT_USAGE
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_status_ready_with_no_pin(kiosk: Kiosk) -> None:
    code, output = run(kiosk, "status")
    assert code == EXIT_OK
    assert "No parent PIN is set" in output
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_status_locked_after_wrong_pins_and_unlock_refusals(kiosk: Kiosk) -> None:
    hour = datetime.now(UTC).hour
    later = f"{(hour + 2) % 24:02d}:00-{(hour + 3) % 24:02d}:00"
    write_config(f'[session]\ntime_zone = "UTC"\nallowed_hours = ["{later}"]\n')
    assert run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n")[0] == EXIT_OK
    refusals = [run(kiosk, "unlock", "--stdin", stdin="1111\n") for _ in range(6)]
    assert {code for code, _ in refusals} == {EXIT_REFUSED}
    said = "".join(output for _, output in refusals)
    assert "Too many wrong PINs" in said
    assert unmarked(said, allowed=COMMAND_WORDS) == []

    code, output = run(kiosk, "status")
    assert code == EXIT_OK
    assert "PIN attempts are paused" in output
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_status_in_a_session_of_clips_and_the_unlocks_that_lead_there(kiosk: Kiosk) -> None:
    write_config("[session]\nclips = 5\n")
    assert run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n")[0] == EXIT_OK
    said = [run(kiosk, "unlock", "--stdin", stdin=f"{PIN}\n")]
    said.append(run(kiosk, "unlock", "--clips", "2", "--stdin", stdin=f"{PIN}\n"))
    said.append(run(kiosk, "unlock", "--minutes", "5", "--stdin", stdin=f"{PIN}\n"))
    assert [code for code, _ in said] == [EXIT_OK] * 3
    code, output = run(kiosk, "status")
    assert code == EXIT_OK
    assert "Clips left in this session" in output
    everything = "".join(text for _, text in said) + output
    assert unmarked(everything, allowed=COMMAND_WORDS) == []


def test_unlocking_clips_where_the_session_has_no_clip_limit(kiosk: Kiosk) -> None:
    assert run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n")[0] == EXIT_OK
    assert run(kiosk, "unlock", "--stdin", stdin=f"{PIN}\n")[0] == EXIT_OK
    code, output = run(kiosk, "unlock", "--clips", "1", "--stdin", stdin=f"{PIN}\n")
    assert code == EXIT_USAGE
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_pin_set_and_its_refusals(kiosk: Kiosk) -> None:
    said = [
        run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n"),  # input ends early
        run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n5190\n"),  # they differ
        run(kiosk, "pin", "set", "--stdin", stdin="2412\n2412\nno\n"),  # a date, not kept
        run(kiosk, "pin", "set", "--stdin", stdin="1234\n1234\n"),  # too easy
        run(kiosk, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n"),
        run(kiosk, "pin", "set", "--stdin", stdin=f"5190\n{PIN}\n{PIN}\n"),  # a wrong PIN
    ]
    assert [code for code, _ in said] == [EXIT_USAGE] * 4 + [EXIT_OK, EXIT_REFUSED]
    output = "".join(text for _, text in said)
    assert "reads as a date" in output and "Recovery code" in output
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_pin_set_without_a_terminal(kiosk: Kiosk) -> None:
    code, output = run(kiosk, "pin", "set")
    assert code == EXIT_USAGE
    assert unmarked(output, allowed=COMMAND_WORDS) == []


def test_check_on_a_broken_config(kiosk: Kiosk) -> None:
    config = write_config("[session]\nminuts = 10\nminutes = 45\n")
    code, output = run(kiosk, "check")
    assert code == EXIT_USAGE
    assert unmarked(output, allowed=(str(config), str(paths.demo_folder()))) == []

    config.write_text("[session\n")
    code, output = run(kiosk, "check")
    assert code == EXIT_USAGE
    assert "not scanned" in output
    assert unmarked(output, allowed=(str(config),)) == []


def test_check_on_a_library_with_problems(kiosk: Kiosk, clip_cache: ClipCache) -> None:
    clips = paths.config_file(None).parent.parent / "clips"
    show = clips / "Penguins"
    clip_cache.solid(show / "Episode 01.mp4", "red", seconds=2)
    empty_file(clips / "empty.mp4")
    (show / "clips.toml").write_text('[[clip]]\nfile = "Episode 01.mp4"\ntitel = "Red"\n')
    config = write_config(f'[library]\nfolder = "{clips}"\n')
    code, output = run(kiosk, "check")
    assert code == EXIT_USAGE
    assert "Skipped" in output and "hides" in output
    allowed = (str(config), str(clips), "Penguins/clips.toml", "Penguins/", "Episode 01.mp4")
    allowed += ("empty.mp4",)
    assert unmarked(output, allowed=allowed) == []


def test_report_refusals(kiosk: Kiosk) -> None:
    code, output = run(kiosk, "report", "--days", "0")
    assert code == EXIT_USAGE
    said = output
    store = Store.open(paths.state_file(), set_up=False)
    try:
        History(store).event(datetime.now(UTC), "extend", minutes=5)
        raw_connection(store).execute("UPDATE events SET detail = 'null' WHERE kind = 'extend'")
        code, output = run(kiosk, "report")
    finally:
        store.close()
    assert code == EXIT_FAILURE
    said += output
    assert "could not be read for the report" in said
    assert unmarked(said, allowed=COMMAND_WORDS) == []


def test_install_autostart_and_remove_it(kiosk: Kiosk) -> None:
    entry = paths.config_file(None).parent.parent / "autostart" / "kiosk-clips.desktop"
    said = [run(kiosk, "install-autostart"), run(kiosk, "install-autostart", "--remove")]
    said.append(run(kiosk, "install-autostart", "--remove"))  # nothing left to remove
    assert [code for code, _ in said] == [EXIT_OK] * 3
    output = "".join(text for _, text in said)
    assert str(entry) in output
    assert unmarked(output, allowed=(str(entry),)) == []

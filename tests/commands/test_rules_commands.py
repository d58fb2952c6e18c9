"""`kiosk unlock --clips N` and what `kiosk status` says of the clip budget and the child's ask,
run in this process on the test's own folders with a real state file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.app.services import open_services
from kiosk.core import paths
from kiosk.core.limits.settings import CLIP_GRANTS
from kiosk.errors import EXIT_OK, EXIT_USAGE
from tests.e2e.kiosk_process import SENTENCE_BREAK

PIN = "4827"


def kiosk(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    config = paths.config_file(None)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[session]\nclips = 5\n")
    code, _, err = kiosk(capsys, monkeypatch, "pin", "set", "--stdin", stdin=f"{PIN}\n{PIN}\n")
    assert code == EXIT_OK, err
    return config


def status(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    code, out, _ = kiosk(capsys, monkeypatch, "status", "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def test_one_more_clip_from_a_terminal_opens_a_session_of_one_clip(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert status(capsys, monkeypatch)["session_clips_left"] == 5  # ready: a whole budget
    code, out, _ = kiosk(capsys, monkeypatch, "unlock", "--clips", "1", "--stdin", stdin=PIN)
    assert (code, out) == (EXIT_OK, "Unlocked: one more clip.\n")
    data = status(capsys, monkeypatch)
    assert (data["state"], data["session_clips_left"]) == ("in_session", 1)


def test_clips_from_a_terminal_add_to_the_running_budget(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    kiosk(capsys, monkeypatch, "unlock", "--stdin", stdin=PIN)  # a new session of 5 clips
    code, out, _ = kiosk(capsys, monkeypatch, "unlock", "--clips", "2", "--stdin", stdin=PIN)
    assert (code, out) == (EXIT_OK, "Unlocked: 2 more clips.\n")
    assert status(capsys, monkeypatch)["session_clips_left"] == 7
    code, out, _ = kiosk(capsys, monkeypatch, "status")
    assert "Clips left in this session: 7." in out.splitlines()


def test_a_session_with_no_clip_limit_has_no_clips_to_add(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home.write_text("[session]\nclips = 0\n")
    kiosk(capsys, monkeypatch, "unlock", "--stdin", stdin=PIN)
    code, out, err = kiosk(capsys, monkeypatch, "unlock", "--clips", "1", "--stdin", stdin=PIN)
    assert code == EXIT_USAGE and out == ""
    sentence = err.strip().removeprefix("kiosk: ")
    assert "no clip limit" in sentence and "--minutes" in sentence
    assert len(err.strip().splitlines()) == 1 and not SENTENCE_BREAK.search(sentence)
    assert status(capsys, monkeypatch)["session_clips_left"] is None


def test_the_childs_ask_shows_in_the_status(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    services = open_services(None)
    try:
        services.limits.end_session_now()
        assert services.limits.ask_for_more()
        asked = services.clock.wall()
    finally:
        services.close()
    data = status(capsys, monkeypatch)
    assert data["asked_at"] == asked.astimezone().isoformat(timespec="seconds")
    _, out, _ = kiosk(capsys, monkeypatch, "status")
    assert f"The child asked for more at {asked.astimezone():%H:%M}." in out.splitlines()
    kiosk(capsys, monkeypatch, "unlock", "--minutes", "5", "--stdin", stdin=PIN)
    assert status(capsys, monkeypatch)["asked_at"] is None  # answered with more minutes


@pytest.mark.parametrize("clips", CLIP_GRANTS)
def test_unlock_takes_the_clips_a_parent_may_grant(clips: int) -> None:
    assert cli.build_parser().parse_args(["unlock", "--clips", str(clips)]).clips == clips


@pytest.mark.parametrize(
    "args", [["--clips", "4"], ["--clips", "0"], ["--clips", "1", "--minutes", "5"]]
)
def test_unlock_refuses_other_clips_or_both_kinds_at_once(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(["unlock", *args])
    assert exit_.value.code == 2
    assert "--clips" in capsys.readouterr().err

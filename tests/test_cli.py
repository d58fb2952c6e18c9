"""The `kiosk` command's parsing: what it accepts before any service opens."""

from __future__ import annotations

import pytest

from kiosk.cli import build_parser
from kiosk.core.limits.settings import EXTENSION_MINUTES


@pytest.mark.parametrize("minutes", EXTENSION_MINUTES)
def test_unlock_takes_the_minutes_a_parent_may_add(minutes: int) -> None:
    args = build_parser().parse_args(["unlock", "--minutes", str(minutes)])
    assert args.minutes == minutes


@pytest.mark.parametrize("minutes", ["0", "7", "20"])
def test_unlock_refuses_other_minutes_as_bad_usage(
    minutes: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(["unlock", "--minutes", minutes])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err

"""`kiosk report [--days N] [--json | --csv]`: the usage per household day, for a parent.

It reads the state file the way `kiosk status` does, saving nothing, so it works while the kiosk
runs. It asks for no PIN: it shows how long the child watched and what, which a parent may want
to share, and nothing that opens the kiosk or weakens a rule (see docs/DESIGN.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from kiosk.app.services import open_services
from kiosk.core.i18n import _
from kiosk.core.report.formats import report_csv, report_json, report_text
from kiosk.core.store.store import StoreReadError
from kiosk.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, KioskError

ReportFormat = Literal["text", "json", "csv"]
DEFAULT_DAYS = 7
#: A leap year, so "--days 366" reaches the same date a year back.
MAX_DAYS = 366


def run_report(config_override: Path | None, *, days: str | None, output: ReportFormat) -> int:
    day_count = DEFAULT_DAYS if days is None else parse_days(days)
    services = open_services(config_override, read_only=True)
    try:
        try:
            report = services.usage_report(day_count)
        except StoreReadError as error:
            unreadable = _(
                "The kiosk's state file could not be read for the report ({error}), so it"
                " is damaged: 'kiosk status' says whether the kiosk locked itself for it."
            )
            raise KioskError(unreadable.format(error=error), EXIT_FAILURE) from error
        if output == "json":
            print(json.dumps(report_json(report)))
        elif output == "csv":
            print(report_csv(report), end="")
        else:
            print(report_text(report), end="")
        return EXIT_OK
    finally:
        services.store.close()


def parse_days(text: str) -> int:
    """`--days` as a number of days, or a one-sentence refusal (exit 2)."""
    try:
        count = int(text.strip())
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_DAYS:
        refusal = _(
            "--days {text} is not a number of days from 1 to {most}: give a whole number"
            " in that range, such as 7."
        )
        raise KioskError(refusal.format(text=text, most=MAX_DAYS), EXIT_USAGE)
    return count

"""The `kiosk` command: argument parsing, dispatch, exit codes, and one-sentence errors.

No traceback ever reaches a user: known problems carry their own plain sentence and exit code,
and anything unexpected is logged in full and summed up in one line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.core.limits.settings import EXTENSION_MINUTES
from kiosk.errors import EXIT_FAILURE, KioskError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Kiosk Clips: a fullscreen, offline feed of short clips for children.",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="use this config file instead of the usual one"
    )
    # Sub-commands take --config too; SUPPRESS keeps one given before the sub-command.
    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="use this config file",
    )
    parser.add_argument(
        "--windowed", action="store_true", help="run in a window instead of fullscreen"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the bundled demo clips with throw-away state, to see the whole cycle in a minute",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "check",
        parents=[config_option],
        help="validate the config and scan the clip folder (exit 0 if usable, 2 if not)",
    )
    status = commands.add_parser(
        "status", parents=[config_option], help="show the session state (add --json for scripts)"
    )
    status.add_argument("--json", action="store_true", help="print the state as JSON")
    report = commands.add_parser(
        "report",
        parents=[config_option],
        help="the use per day: minutes against the limit, sessions, clips, shows and events",
    )
    report.add_argument(
        "--days", metavar="N", help="how many days, today included (1 to 366; 7 if not given)"
    )
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--json", action="store_true", help="print the report as JSON")
    report_format.add_argument(
        "--csv", action="store_true", help="print one row a day as CSV, under a header line"
    )
    pin = commands.add_parser("pin", help="the parent PIN")
    pin_commands = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    pin_set = pin_commands.add_parser(
        "set", parents=[config_option], help="set or change the PIN (asks for the current one)"
    )
    unlock = commands.add_parser(
        "unlock",
        parents=[config_option],
        help="unlock with the PIN: a new session, or more minutes",
    )
    unlock.add_argument(
        "--minutes", type=int, choices=EXTENSION_MINUTES, help="add this many minutes instead"
    )
    for command in (pin_set, unlock):
        command.add_argument(
            "--stdin", action="store_true", help="read the PIN lines from standard input"
        )
    autostart = commands.add_parser(
        "install-autostart", help="start the kiosk when this account logs in"
    )
    autostart.add_argument(
        "--remove", action="store_true", help="delete the autostart entry instead of writing it"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            from kiosk.commands.check import run_check

            return run_check(args.config)
        if args.command == "status":
            from kiosk.commands.status import run_status

            return run_status(args.config, as_json=args.json)
        if args.command == "report":
            from kiosk.commands.report import ReportFormat, run_report

            output: ReportFormat = "json" if args.json else "csv" if args.csv else "text"
            return run_report(args.config, days=args.days, output=output)
        if args.command == "pin":
            from kiosk.commands.pin import run_pin_set

            return run_pin_set(args.config, use_stdin=args.stdin)
        if args.command == "unlock":
            from kiosk.commands.pin import run_unlock

            return run_unlock(args.config, minutes=args.minutes, use_stdin=args.stdin)
        if args.command == "install-autostart":
            from kiosk.commands.autostart import run_install_autostart

            return run_install_autostart(args.remove)
        from kiosk.app.run import run_kiosk

        return run_kiosk(config_path=args.config, windowed=args.windowed, demo=args.demo)
    except KioskError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as error:  # the last guard: one sentence, details in the log
        log.exception("unexpected error")
        print(
            f"kiosk: stopped by an unexpected error ({error}); the log has the details.",
            file=sys.stderr,
        )
        return EXIT_FAILURE

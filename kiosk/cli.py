"""The `kiosk` command: argument parsing, dispatch, exit codes, and one-sentence errors.

No traceback ever reaches a user: known problems carry their own plain sentence and exit code,
and anything unexpected is logged in full and summed up in one line.

Every word is in the parent's language (`ui.language`), which is known before the parser is
built: its help is worded at build time, and argparse's own words ("usage:", its errors) come
from the kiosk's catalogue too (`kiosk.commands.argparse_words`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.commands.argparse_words import speak_the_kiosks_language
from kiosk.core import paths
from kiosk.core.config.load import read_config
from kiosk.core.i18n import _, speak_as_set
from kiosk.core.limits.settings import CLIP_GRANTS, EXTENSION_MINUTES
from kiosk.errors import EXIT_FAILURE, KioskError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    """The parser, worded in the language spoken now (`speak_the_configs_language` first)."""
    speak_the_kiosks_language()
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description=_("Kiosk Clips: a fullscreen, offline feed of short clips for children."),
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help=_("use this config file instead of the usual one"),
    )
    # Sub-commands take --config too; SUPPRESS keeps one given before the sub-command.
    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("use this config file"),
    )
    parser.add_argument(
        "--windowed", action="store_true", help=_("run in a window instead of fullscreen")
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("the bundled demo clips with throw-away state, to see the whole cycle in a minute"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "check",
        parents=[config_option],
        help=_("validate the config and scan the clip folder (exit 0 if usable, 2 if not)"),
    )
    status = commands.add_parser(
        "status", parents=[config_option], help=_("show the session state (add --json for scripts)")
    )
    status.add_argument("--json", action="store_true", help=_("print the state as JSON"))
    report = commands.add_parser(
        "report",
        parents=[config_option],
        help=_("the use per day: minutes against the limit, sessions, clips, shows and events"),
    )
    report.add_argument(
        "--days", metavar="N", help=_("how many days, today included (1 to 366; 7 if not given)")
    )
    report_format = report.add_mutually_exclusive_group()
    report_format.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    report_format.add_argument(
        "--csv", action="store_true", help=_("print one row a day as CSV, under a header line")
    )
    pin = commands.add_parser("pin", help=_("the parent PIN"))
    pin_commands = pin.add_subparsers(dest="pin_command", metavar="ACTION", required=True)
    pin_set = pin_commands.add_parser(
        "set", parents=[config_option], help=_("set or change the PIN (asks for the current one)")
    )
    unlock = commands.add_parser(
        "unlock",
        parents=[config_option],
        help=_("unlock with the PIN: a new session, more minutes, or more clips"),
    )
    more = unlock.add_mutually_exclusive_group()
    more.add_argument(
        "--minutes", type=int, choices=EXTENSION_MINUTES, help=_("add this many minutes instead")
    )
    more.add_argument(
        "--clips",
        type=int,
        choices=CLIP_GRANTS,
        help=_("grant this many more clips instead (a session of them, if none is running)"),
    )
    for command in (pin_set, unlock):
        command.add_argument(
            "--stdin", action="store_true", help=_("read the PIN lines from standard input")
        )
    autostart = commands.add_parser(
        "install-autostart", help=_("start the kiosk when this account logs in")
    )
    autostart.add_argument(
        "--remove", action="store_true", help=_("delete the autostart entry instead of writing it")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    speak_the_configs_language(config_named_in(arguments))
    args = build_parser().parse_args(arguments)
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

            return run_unlock(
                args.config, minutes=args.minutes, clips=args.clips, use_stdin=args.stdin
            )
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
        sentence = _("stopped by an unexpected error ({error}); the log has the details.")
        print(f"kiosk: {sentence.format(error=error)}", file=sys.stderr)
        return EXIT_FAILURE


def speak_the_configs_language(config_override: Path | None) -> None:
    """Speak the config's `ui.language`, read quietly before anything else: a missing config, or
    one whose language cannot be read, means the system's language; whatever is wrong with it is
    for the command to say, in that language."""
    config, _problems = read_config(paths.config_file(config_override))
    speak_as_set(config.ui.language)


def config_named_in(arguments: Sequence[str]) -> Path | None:
    """The file named with `--config PATH` or `--config=PATH`, the last one as argparse takes it,
    found before the parser is built (its words depend on the config's language). An
    abbreviation such as `--conf` is not looked for: the usual config's language is spoken then,
    and the command still uses the file named."""
    named: Path | None = None
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        if argument == "--config" and index + 1 < len(arguments):
            named = Path(arguments[index + 1])
        elif argument.startswith("--config="):
            named = Path(argument.removeprefix("--config="))
    return named

"""`kiosk check`: can the kiosk run with this config and this clip folder, and if not, why?

It reads everything and reports everything at once, so a parent can fix all problems in one go.
Exit 0 if the kiosk is usable, 2 if not (a config error, or no playable clip).
"""

from __future__ import annotations

from pathlib import Path

from kiosk.core import paths
from kiosk.core.config import read_config
from kiosk.core.library import scan_library
from kiosk.errors import EXIT_OK, EXIT_USAGE
from kiosk.services import require_named_config


def run_check(config_override: Path | None) -> int:
    config_path = paths.config_file(config_override)
    require_named_config(config_override, config_path)
    config, errors = read_config(config_path)
    if not config_path.exists():
        print(f"Config: {config_path} does not exist, so the defaults apply.")
    elif errors:
        print(f"Config: {config_path} has {_count(len(errors), 'error')}:")
        for error in errors:
            print(f"  {error}")
    else:
        print(f"Config: {config_path} is valid.")

    if any(error.key is None for error in errors):
        # The file as a whole could not be read: its folder is unknown, and scanning the
        # default one instead would report clips the parent never chose.
        print("Library: not scanned, because the config file could not be read.")
        print("The kiosk cannot run until the problems above are fixed.")
        return EXIT_USAGE
    scan = scan_library(config.library.folder)
    shows = {clip.show for clip in scan.clips if clip.show is not None}
    print(f"Library: {scan.folder}")
    print(f"  {_count(len(scan.clips), 'clip')} in {_count(len(shows), 'show')}.")
    if scan.skipped:
        print(f"  Skipped {_count(len(scan.skipped), 'file')}:")
        for skipped in scan.skipped:
            print(f"    {_relative(skipped.path, scan.folder)}: {skipped.reason}")
    if scan.problem:
        print(f"  {scan.problem}")

    usable = not errors and scan.problem is None
    print(
        "The kiosk is ready to use."
        if usable
        else "The kiosk cannot run until the problems above are fixed."
    )
    return EXIT_OK if usable else EXIT_USAGE


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _relative(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)

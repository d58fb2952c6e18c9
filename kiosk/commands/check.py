"""`kiosk check`: can the kiosk run with this config and this clip folder, and if not, why?

It reads everything and reports everything at once, so a parent can fix all problems in one go.
Exit 0 if the kiosk is usable, 2 if not (a config error, or no playable clip). Problems in the
clips.toml sidecars are warnings: they fail closed (an entry at fault hides the file it names, a
file that cannot be used hides its folder) and the rest still plays, so they are listed as
`path:line: message`, a form editors and terminals can jump to, followed by the videos each
clips.toml hides because of them, and they do not change the exit code.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.app.services import require_named_config
from kiosk.core import paths
from kiosk.core.config.load import read_config
from kiosk.core.library.scan import LibraryScan, SidecarReport, scan_library, segments_past_end
from kiosk.core.library.sidecar.parse import SidecarProblem
from kiosk.core.names import printable
from kiosk.errors import EXIT_OK, EXIT_USAGE

#: How many of the videos a broken clips.toml hides are named in its summary line.
_NAMES_SHOWN = 5


def run_check(config_override: Path | None) -> int:
    config_path = paths.config_file(config_override)
    require_named_config(config_override, config_path)
    config, errors = read_config(config_path)
    if not config_path.exists():
        _say(f"Config: {config_path} does not exist, so the defaults apply.")
    elif errors:
        _say(f"Config: {config_path} has {_count(len(errors), 'error')}:")
        for error in errors:
            _say(f"  {error}")
    else:
        _say(f"Config: {config_path} is valid.")

    if any(error.key is None for error in errors):
        # The file as a whole could not be read: its folder is unknown, and scanning the
        # default one instead would report clips the parent never chose.
        _say("Library: not scanned, because the config file could not be read.")
        _say("The kiosk cannot run until the problems above are fixed.")
        return EXIT_USAGE
    scan = scan_library(config.library.folder)
    shows = {clip.show for clip in scan.clips if clip.show is not None}
    _say(f"Library: {scan.folder}")
    _say(f"  {_count(len(scan.clips), 'clip')} in {_count(len(shows), 'show')}.")
    if scan.skipped:
        _say(f"  Skipped {_count(len(scan.skipped), 'file')}:")
        for skipped in scan.skipped:
            _say(f"    {scan.where(skipped.path)}: {skipped.reason}")
    reports = scan.sidecar_reports(_segments_past_their_file(scan))
    if reports:
        count = sum(len(report.problems) for report in reports)
        _say(f"  {_count(count, 'problem')} in clips.toml files:")
        for report in reports:
            for sidecar_problem in report.problems:
                _say(f"    {sidecar_line(report.place, sidecar_problem)}")
            if report.hidden:
                _say(f"    {_hidden_until_fixed(report)}")
    if scan.problem:
        _say(f"  {scan.problem}")

    usable = not errors and scan.problem is None
    _say(
        "The kiosk is ready to use."
        if usable
        else "The kiosk cannot run until the problems above are fixed."
    )
    return EXIT_OK if usable else EXIT_USAGE


def _segments_past_their_file(scan: LibraryScan) -> list[SidecarProblem]:
    """Segments that start at or after the end of their file. Only libvlc knows a file's
    length, so this is the one part of the check that opens it; without libvlc it is skipped
    with a note, and the rest of the check stands."""
    if not scan.segment_lines:
        return []
    from kiosk.media.vlc.engine import MediaUnavailable, VlcEngine
    from kiosk.media.vlc.probe import probe_duration

    try:
        engine = VlcEngine(["--aout=adummy"])
    except MediaUnavailable as missing:
        _say(f"  Segment ends not checked against the files: {missing}")
        return []
    try:
        return segments_past_end(scan, lambda path: probe_duration(engine, path))
    finally:
        engine.release()


def _hidden_until_fixed(report: SidecarReport) -> str:
    """Which videos a clips.toml hides because of its problems: the first few by name (the
    skipped files above list them all)."""
    hidden = report.hidden
    names = ", ".join(path.name for path in hidden[:_NAMES_SHOWN])
    if len(hidden) > _NAMES_SHOWN:
        names += ", \u2026"
    count = _count(len(hidden), "video")
    return f"{report.place} hides {count} until its problems are fixed: {names}."


def sidecar_line(place: str, problem: SidecarProblem) -> str:
    """`path:line: message`, with the path relative to the clip folder like the skipped files."""
    where = place if problem.line is None else f"{place}:{problem.line}"
    return f"{where}: {problem.message}"


def _say(text: str) -> None:
    """Print a line that may hold a file name that is not valid UTF-8 (on Linux it arrives with
    lone surrogates). Under a strict UTF-8 locale, print would raise on it; the bad bytes are
    shown as U+FFFD instead, as the kiosk shows them in titles."""
    print(printable(text))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"

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
from kiosk.core.i18n import N_, _, ngettext
from kiosk.core.library.scan import LibraryScan, SidecarReport, scan_library, segments_past_end
from kiosk.core.library.sidecar.parse import SidecarProblem
from kiosk.core.names import printable
from kiosk.errors import EXIT_OK, EXIT_USAGE

#: How many of the videos a broken clips.toml hides are named in its summary line.
_NAMES_SHOWN = 5
#: The last line when something keeps the kiosk from running.
CANNOT_RUN = N_("The kiosk cannot run until the problems above are fixed.")


def run_check(config_override: Path | None) -> int:
    config_path = paths.config_file(config_override)
    require_named_config(config_override, config_path)
    config, errors = read_config(config_path)
    if not config_path.exists():
        _say(_("Config: {path} does not exist, so the defaults apply.").format(path=config_path))
    elif errors:
        has_errors = ngettext(
            "Config: {path} has {n} error:", "Config: {path} has {n} errors:", len(errors)
        )
        _say(has_errors.format(path=config_path, n=len(errors)))
        for error in errors:
            _say(f"  {error}")
    else:
        _say(_("Config: {path} is valid.").format(path=config_path))

    if any(error.key is None for error in errors):
        # The file as a whole could not be read: its folder is unknown, and scanning the
        # default one instead would report clips the parent never chose.
        _say(_("Library: not scanned, because the config file could not be read."))
        _say(_(CANNOT_RUN))
        return EXIT_USAGE
    scan = scan_library(config.library.folder)
    shows = {clip.show for clip in scan.clips if clip.show is not None}
    _say(_("Library: {folder}").format(folder=scan.folder))
    _say(f"  {_clips_in_shows(len(scan.clips), len(shows))}")
    if scan.skipped:
        skipped_files = ngettext("Skipped {n} file:", "Skipped {n} files:", len(scan.skipped))
        _say(f"  {skipped_files.format(n=len(scan.skipped))}")
        for skipped in scan.skipped:
            _say(f"    {scan.where(skipped.path)}: {skipped.reason}")
    reports = scan.sidecar_reports(_segments_past_their_file(scan))
    if reports:
        count = sum(len(report.problems) for report in reports)
        in_sidecars = ngettext(
            "{n} problem in clips.toml files:", "{n} problems in clips.toml files:", count
        )
        _say(f"  {in_sidecars.format(n=count)}")
        for report in reports:
            for sidecar_problem in report.problems:
                _say(f"    {sidecar_line(report.place, sidecar_problem)}")
            if report.hidden:
                _say(f"    {_hidden_until_fixed(report)}")
    if scan.problem:
        _say(f"  {scan.problem}")

    usable = not errors and scan.problem is None
    _say(_("The kiosk is ready to use.") if usable else _(CANNOT_RUN))
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
        unchecked = _("Segment ends not checked against the files: {problem}")
        _say(f"  {unchecked.format(problem=missing)}")
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
    return ngettext(
        "{place} hides {n} video until its problems are fixed: {names}.",
        "{place} hides {n} videos until its problems are fixed: {names}.",
        len(hidden),
    ).format(place=report.place, n=len(hidden), names=names)


def sidecar_line(place: str, problem: SidecarProblem) -> str:
    """`path:line: message`, with the path relative to the clip folder like the skipped files."""
    where = place if problem.line is None else f"{place}:{problem.line}"
    return f"{where}: {problem.message}"


def _say(text: str) -> None:
    """Print a line that may hold a file name that is not valid UTF-8 (on Linux it arrives with
    lone surrogates). Under a strict UTF-8 locale, print would raise on it; the bad bytes are
    shown as U+FFFD instead, as the kiosk shows them in titles."""
    print(printable(text))


def _clips_in_shows(clips: int, shows: int) -> str:
    """ "12 clips in 3 shows.": one sentence, each count in its own plural."""
    return _("{clips} in {shows}.").format(
        clips=ngettext("{n} clip", "{n} clips", clips).format(n=clips),
        shows=ngettext("{n} show", "{n} shows", shows).format(n=shows),
    )

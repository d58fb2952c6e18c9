"""First-run setup: what the chosen clip folder holds, and storing the settings and PIN as one step.

The folder check scans the folder as the kiosk will, so the parent sees at once how many clips it
finds, or why none. Setup writes nothing while the parent moves through its pages, so cancelling
leaves no config file and no PIN, and the next start simply opens setup again. Finishing stores
the config first, because that is the step that can be undone: if storing the PIN then fails, the
config file is put back as it was (removed, if there was none). The PIN goes last because
`PinGuard.set_pin` makes the recovery code in the same step that stores the PIN, and that code is
the one thing setup must show the parent before it is done.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.atomic import write_atomically
from kiosk.core.config.load import Config, ConfigInvalid, save_config
from kiosk.core.i18n import _
from kiosk.core.library.scan import scan_library
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import RecoveryCode
from kiosk.core.store.store import StoreError

__all__ = ["FolderCheck", "SetupFailed", "check_clip_folder", "finish_setup"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FolderCheck:
    """What a chosen clip folder holds. `problem` is the scan's reason when it found no clips."""

    folder: Path
    clip_count: int
    problem: str | None
    usable: bool
    """It holds clips, or it is a folder to copy them into later: a parent may well set up
    first and add the videos afterwards. A path that is no folder at all is not usable."""


class SetupFailed(Exception):
    """Setup stored nothing; the text says why, as one sentence for the parent."""


def check_clip_folder(folder: Path) -> FolderCheck:
    """Scan `folder` (already resolved) as the kiosk would. Slow on a big folder or a slow disk:
    call it off the GUI thread. Never raises."""
    try:
        scan = scan_library(folder)
        if scan.clips:
            return FolderCheck(folder, len(scan.clips), scan.problem, usable=True)
        return FolderCheck(folder, 0, scan.problem, usable=folder.is_dir())
    except Exception:  # the parent must get an answer, never a check that goes on for ever
        log.exception("setup's check of %s failed", folder)
        problem = _("The clip folder {folder} could not be checked: choose another folder").format(
            folder=folder
        )
        return FolderCheck(folder, 0, problem, usable=False)


def finish_setup(config: Config, config_path: Path, pin: str, guard: PinGuard) -> RecoveryCode:
    """Save `config` to `config_path`, then set `pin` as the first PIN; the recovery code to show.

    Raises SetupFailed with nothing changed: no PIN, and the config file as it was before.
    """
    # Through a symlink, as `save_config` writes: the linked file is the one to put back.
    target = Path(os.path.realpath(config_path))
    try:
        previous = target.read_bytes() if target.is_file() else None
    except OSError as exc:
        # A file that cannot be read could not be put back either, so it is not replaced.
        raise SetupFailed(_not_saved(config_path, exc)) from exc
    try:
        save_config(config, config_path)
    except (ConfigInvalid, OSError) as exc:
        raise SetupFailed(_not_saved(config_path, exc)) from exc
    try:
        return guard.set_pin(pin)
    except (ValueError, StoreError) as exc:
        _restore(target, previous)
        raise SetupFailed(
            _("The PIN could not be saved, so nothing was set up: {error}").format(error=exc)
        ) from exc


def _not_saved(config_path: Path, error: Exception) -> str:
    return _("The settings could not be saved to {path}: {error}").format(
        path=config_path, error=error
    )


def _restore(target: Path, previous: bytes | None) -> None:
    """Put the config file back as it was: its old bytes, or no file at all.

    Should even that fail, there is still no PIN, so the next start opens setup again and the
    kiosk never runs on a half-finished setup.
    """
    with contextlib.suppress(OSError):
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            write_atomically(target, previous)

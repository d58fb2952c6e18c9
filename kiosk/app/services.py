"""The kiosk's core services, opened once: config, state store, time rules and the PIN guard.

The window and the terminal commands (`kiosk status`, `kiosk unlock`, `kiosk pin set`) open the
same services the same way, so they always agree on the rules. `--demo` gets throw-away state
in memory and a config in a temporary folder, and never touches the user's real files.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.app.logs import note_set_up, set_up_logged
from kiosk.core import paths
from kiosk.core.atomic import write_atomically
from kiosk.core.clock import Clock, SystemClock
from kiosk.core.config.load import Config, ConfigInvalid, load_config
from kiosk.core.library.state import LibraryState
from kiosk.core.limits.limits import Limits
from kiosk.core.limits.settings import LimitSettings
from kiosk.core.limits.trusted_time import TrustedClock
from kiosk.core.pin.guard import PinGuard
from kiosk.core.pin.rules import ScryptParams
from kiosk.core.setup_marks import is_marked, mark_set_up
from kiosk.core.store.store import Store, StoreReadError, StoreWriteError
from kiosk.errors import EXIT_USAGE, KioskError

if TYPE_CHECKING:
    from kiosk.core.library.watch_history import WatchHistory
    from kiosk.core.report.usage import UsageReport

log = logging.getLogger(__name__)

#: `--demo`: a one-minute session with warnings at 30 and 10 s, and this PIN on the lock screen.
DEMO_PIN = "0000"
#: `--demo` hashes its PIN and recovery code at every start, and a slow hash protects nothing
#: there: the PIN is shown on screen and the state is thrown away at exit. The throttle still
#: counts every wrong PIN. Two hashes at the default cost would add about 150 ms to the start.
DEMO_SCRYPT = ScryptParams(n=2**4, r=1, p=1)
DEMO_SETTINGS = LimitSettings(
    minutes=1,
    cooldown_minutes=60,
    daily_limit_minutes=0,
    warn_at_seconds=(30, 10),
    finish_clip_grace_seconds=15,
)


@dataclass
class KioskServices:
    """`limits` is opened on first use: `kiosk pin set` never needs the time rules, and
    `kiosk unlock` opens them only once the PIN was right, so a refused attempt changes no time."""

    config: Config
    config_path: Path
    store: Store
    guard: PinGuard
    clock: Clock
    limit_settings: LimitSettings
    read_only: bool = False
    demo: bool = False
    _demo_folder: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    _limits: Limits | None = field(default=None, repr=False)
    _library_state: LibraryState | None = field(default=None, repr=False)
    _watch_history: WatchHistory | None = field(default=None, repr=False)

    @property
    def limits(self) -> Limits:
        if self._limits is None:
            self._limits = Limits(
                self.store, self.clock, self.limit_settings, read_only=self.read_only
            )
        return self._limits

    @property
    def library_state(self) -> LibraryState:
        """The parent's library choices, approvals, cached durations and the shuffle memory."""
        if self._library_state is None:
            self._library_state = LibraryState(self.store, self.clock)
        return self._library_state

    @property
    def watch_history(self) -> WatchHistory:
        if self._watch_history is None:
            # Loaded with the first feed, which records what it shows.
            from kiosk.core.library.watch_history import WatchHistory

            self._watch_history = WatchHistory(self.store, self.clock)
        return self._watch_history

    def usage_report(self, day_count: int) -> UsageReport:
        """The use over the last `day_count` household days, today included: `kiosk report` and
        the parent panel's week page. Raises StoreReadError if the state file cannot be read."""
        from kiosk.core.report.usage import usage_report  # for the parent only

        zone = self.household_zone()
        return usage_report(
            self.store,
            today=self.clock.wall().astimezone(zone).date(),
            day_count=day_count,
            zone=zone,
            limit_for=self.daily_limit_seconds,
        )

    def household_zone(self) -> tzinfo:
        """The zone the household's days are counted in: the one the time rules read local
        time in (`session.time_zone`, else the zone recorded at setup), never the system's."""
        return self.limits.zone

    def daily_limit_seconds(self, day: date) -> float | None:
        """The daily limit on `day` under the settings in force (that weekday's own, with a
        `[schedule]` day); None when there is none."""
        return self.limit_settings.for_day(day).daily_limit_seconds

    def mark_set_up(self) -> None:
        """Setup is done (a PIN exists). The time record is saved first: from the moment the
        marker exists, a missing record reads as tampering and locks the kiosk. A marker that
        cannot be written is logged: the PIN is set, and the log keeps a trace of it. Opening the
        time rules also records the household's time zone, the system's now, if none was."""
        if not self.demo:
            _ = self.limits
            note_set_up()
            try:
                mark_set_up(paths.setup_markers())
            except OSError as error:
                log.warning("no setup marker could be written: %s", error)

    def keep_config(self) -> None:
        """The parent saved settings: keep the file's new text too (see `_kept_settings`)."""
        if not self.read_only and not self.demo:
            keep_config_file(self.store, self.config_path)

    def record_event(self, kind: str, detail: Mapping[str, object]) -> None:
        """An event for the parent's record (parent actions, settings saved, leaving)."""
        record_event(self.store, self.clock, kind, detail)

    def close(self) -> None:
        """Count up to now, save, and close the store."""
        if self._limits is not None:
            self._limits.close()
        self.store.close()
        if self._demo_folder is not None:
            self._demo_folder.cleanup()


class BadConfig(KioskError):
    """The parent's config file has problems: one sentence a problem (exit 2 at a terminal;
    the window starts locked instead)."""


def read_user_config(config_override: Path | None) -> tuple[Config, Path]:
    """The parent's config (defaults if there is none), or a one-sentence-per-error refusal."""
    path = paths.config_file(config_override)
    require_named_config(config_override, path)
    try:
        return load_config(path), path
    except ConfigInvalid as invalid:
        raise BadConfig(str(invalid), EXIT_USAGE) from invalid


def require_named_config(config_override: Path | None, path: Path) -> None:
    """A file named with --config must exist: a typo must not quietly run on the defaults."""
    if config_override is not None and not path.exists():
        raise KioskError(
            f"The config file {path} given with --config does not exist: name an existing file, "
            "or leave out --config to use the usual one.",
            EXIT_USAGE,
        )


def open_services(
    config_override: Path | None,
    *,
    demo: bool = False,
    read_only: bool = False,
    clock: Clock | None = None,
) -> KioskServices:
    """Open everything the kiosk runs on. `read_only` is for `kiosk status`: it saves nothing."""
    clock = clock or SystemClock()
    if demo:
        return _open_demo(clock)
    config, config_path = read_user_config(config_override)
    store = Store.open(paths.state_file(), set_up=earlier_use_found())
    config, restored = _kept_settings(config, config_path, store, read_only=read_only)
    services = _services(config, config_path, store, clock, read_only=read_only)
    if restored and not read_only:
        services.limits.lock_for_tamper("config_missing", {"path": str(config_path)})
    return services


def open_safe_services(
    config_override: Path | None, *, cause: str, clock: Clock | None = None
) -> KioskServices:
    """The services of a kiosk that could not start as usual (`cause` says why, in a sentence
    for the parent): locked, running on a copy of its state in memory, saving nothing. The PIN
    read from that copy opens the parent panel, and the config is the parent's if it can be
    read, or else the defaults."""
    clock = clock or SystemClock()
    try:
        config, config_path = read_user_config(config_override)
    except KioskError:
        config, config_path = Config.defaults(), paths.config_file(config_override)
    # As set up, whatever the traces say: locked, and never first-run setup in this state.
    store = Store.open(paths.state_file(), set_up=True, writable=False, cause=cause)
    config, _ = _kept_settings(config, config_path, store, read_only=True)
    return _services(config, config_path, store, clock, read_only=False)


def _kept_settings(
    config: Config, config_path: Path, store: Store, *, read_only: bool
) -> tuple[Config, bool]:
    """The parent's settings, kept in the state file as well as in config.toml; True when they
    came from the kept copy because config.toml was gone.

    Deleting config.toml is a child's way to the defaults' longer session and lifted limits. So
    a kiosk that was set up keeps the text of the file it read (and of every save from the
    panel), and when the file is gone it puts it back (`read_only`: reads it, writes nothing)
    and locks, as for any tampering. A kiosk that kept no copy yet runs on the defaults, as it
    always has.
    """
    if config_path.exists():
        if not read_only:
            keep_config_file(store, config_path)
        return config, False
    kept = None if not store.was_set_up else _read_kept(store)
    if kept is None:
        return config, False
    log.warning(
        "config.toml at %s is gone: the kept copy of the parent's settings is used", config_path
    )
    try:
        if read_only:
            with tempfile.TemporaryDirectory(prefix="kiosk-kept-") as folder:
                copy = Path(folder) / "config.toml"
                copy.write_text(kept, encoding="utf-8")
                return load_config(copy), True
        config_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(config_path, kept.encode("utf-8"))
        return load_config(config_path), True
    except (OSError, ConfigInvalid) as error:
        log.error("the kept copy of the settings could not be used: %s", error)
        return config, True


def keep_config_file(store: Store, config_path: Path) -> None:
    """Keep the text of config.toml in the state file, if it changed (see `_kept_settings`)."""
    try:
        text = config_path.read_text(encoding="utf-8")
        if text != _read_kept(store):
            with store.write() as writer:
                writer.keep_config(text)
    except (OSError, UnicodeDecodeError, StoreWriteError) as error:
        log.warning("the parent's settings could not be kept in the state file: %s", error)


def _read_kept(store: Store) -> str | None:
    try:
        return store.kept_config()
    except StoreReadError:
        return None


def earlier_use_found() -> bool:
    """A trace that the parent finished setup here: a setup marker, or the log saying so. (A
    copy of an earlier state file kept aside is the store's own trace.) With one, a lost state
    file locks the kiosk instead of offering setup, where the child would choose the PIN."""
    return is_marked(paths.setup_markers()) or set_up_logged()


def _services(
    config: Config, config_path: Path, store: Store, clock: Clock, *, read_only: bool
) -> KioskServices:
    settings = LimitSettings.from_config(config)
    unsaved = store.recovery is not None and store.recovery.in_memory
    # The PIN waits run on the limits' trusted time: a clock set ahead skips neither.
    guard = PinGuard(
        store.pin_records,
        TrustedClock(clock, store),
        on_event=partial(record_event, store, clock),
        unsaved=unsaved,
    )
    return KioskServices(config, config_path, store, guard, clock, settings, read_only=read_only)


def _open_demo(clock: Clock) -> KioskServices:
    folder = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
    defaults = Config.defaults()
    config = replace(defaults, library=replace(defaults.library, folder=paths.demo_folder()))
    store = Store.in_memory()
    guard = PinGuard(store.pin_records, TrustedClock(clock, store), params=DEMO_SCRYPT)
    guard.set_pin(DEMO_PIN, allow_weak=True)
    config_path = Path(folder.name) / "config.toml"
    return KioskServices(
        config, config_path, store, guard, clock, DEMO_SETTINGS, demo=True, _demo_folder=folder
    )


def record_event(store: Store, clock: Clock, kind: str, detail: Mapping[str, object]) -> None:
    """Add one event. A store that cannot write has already locked the kiosk (fail closed)."""
    try:
        with store.write() as writer:
            writer.add_event(clock.wall(), kind, detail)
    except StoreWriteError as error:
        log.warning("event %s not recorded: %s", kind, error)

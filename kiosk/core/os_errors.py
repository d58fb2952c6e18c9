"""What the operating system refused, in a parent's words: one phrasing for any file or folder the
kiosk cannot open, whether a video the scan skips, a clips.toml, the clip folder or config.toml,
so that a parent meets one sentence and tests pin one."""

from __future__ import annotations

from kiosk.core.i18n import _

__all__ = ["os_reason", "unreadable"]


def unreadable(err: OSError) -> str:
    """ "cannot be read (permission denied)", or with the OS's own reason in lower case: what
    follows a file's name in a list of problems ("clip.mp4: cannot be read (...)")."""
    return _("cannot be read ({reason})").format(reason=os_reason(err))


def os_reason(err: OSError) -> str:
    """Why the OS refused, in lower case: "permission denied" in the kiosk's language, else the
    OS's own words (which come in the language of the system, not of the kiosk)."""
    if isinstance(err, PermissionError):
        # Said the same on every OS, and even when the error carries no strerror of its own.
        return _("permission denied")
    return (err.strerror or str(err)).lower()

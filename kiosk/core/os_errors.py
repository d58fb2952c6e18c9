"""What the operating system refused, in a parent's words: one phrasing for any file or folder the
kiosk cannot open, whether a video the scan skips, a clips.toml, the clip folder or config.toml,
so that a parent meets one sentence and tests pin one."""

from __future__ import annotations

__all__ = ["unreadable"]


def unreadable(err: OSError) -> str:
    """ "cannot be read (permission denied)", or the OS's own reason in lower case."""
    if isinstance(err, PermissionError):
        # Said the same on every OS, and even when the error carries no strerror of its own.
        return "cannot be read (permission denied)"
    return f"cannot be read ({(err.strerror or str(err)).lower()})"

"""Sub-commands of `kiosk` that need no window: check, status, and the like."""

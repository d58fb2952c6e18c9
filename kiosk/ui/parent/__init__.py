"""The parent panel behind the PIN: its pages (home, settings, PIN), the shared look and fields,
and the gate a parent opens it by."""

"""PySide6 widgets: presentation and input only. Rules are asked of `kiosk.core`."""

"""The `kiosk` sub-commands that need no window: check, status, pin, unlock, install-autostart.

They open the same services as the window (`kiosk.app.services`) and never import Qt.
"""

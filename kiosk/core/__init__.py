"""The rules and data of the kiosk, in plain Python: no Qt and no libvlc may be imported here."""

"""Playback. Only the `kiosk.media.vlc_*` modules touch libvlc, and only `vlc_engine` imports it."""

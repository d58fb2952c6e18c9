"""Playback. `kiosk.media.vlc_player` is the only module that imports libvlc."""

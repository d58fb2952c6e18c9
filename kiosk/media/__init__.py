"""Playback: the `Player` interface the feed talks to (`interface`), the warm pool (`pool`) and
the background worker for lengths and thumbnails (`worker`). Only `kiosk.media.vlc` touches
libvlc. Imports `kiosk.core`, never `kiosk.ui` or `kiosk.app`."""

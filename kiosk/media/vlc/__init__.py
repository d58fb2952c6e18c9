"""libvlc itself: the engine (the one module that imports `vlc`), the player, its frames, the
length probe and the thumbnailer. Imports `kiosk.core` and `kiosk.media`, and of Qt only the
thumbnailer's reentrant image classes."""

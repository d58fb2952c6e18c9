"""The swipe feed: the widget (`widget`), its playback state (`controller`), input and
gestures, motion, painting, its own screens and its side of the watch history."""

"""The clip folder: the scan (`scan`, `walk`, `video_sniff`), `clips.toml` (`sidecar`,
`timecode`), what plays after the parent's choices (`curation`, `state`), the watch history and
where thumbnails live. Imports only `kiosk.core`."""

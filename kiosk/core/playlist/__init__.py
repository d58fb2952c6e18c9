"""The feed's order: the playlist and its history (`playlist`), the rules that pick the next clip
(`rules`) and what a shuffle cycle has shown (`memory`). Imports only `kiosk.core`."""

"""`clips.toml`: reading one (`parse`), checking each of its entries (`entry`), where its lines
are (`lines`), and matching its entries to the videos of its folder (`match`). Imports only
`kiosk.core`."""

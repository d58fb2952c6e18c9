"""The parent's library page: clips by show with pictures, hide and approve switches, a
preview, and the clips.toml problems at the top. It talks to the kiosk through the
`LibraryActions` protocol in `view`."""

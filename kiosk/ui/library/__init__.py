"""The parent's library page: clips by show with pictures, hide and approve switches, and a
preview. It talks to the kiosk through the `LibraryActions` protocol in `view`."""

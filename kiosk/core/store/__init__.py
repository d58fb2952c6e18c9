"""The state file (SQLite): opening it and failing closed (`store`, `recovery`), its tables and
migrations (`schema`), and the rows each feature keeps (`records`, `pin_records`, `text`). Every
SQL statement of the kiosk lives in this package. Imports only `kiosk.core`."""

"""The state file (SQLite): opening it and failing closed (`store`, `recovery`), the copies of bad
files kept aside (`kept`) and what is salvaged from them (`salvage`), reading a file without
writing beside it (`read_only`), its tables and migrations (`schema`), the one write transaction
and the errors (`access`), how times and names are kept in text (`times`, `text`), and the rows
each feature keeps (`records` for the time rules, `pin_records`, `library_records`,
`view_records`). Every SQL statement of the kiosk lives in this package, and its connection
never leaves it. Imports only `kiosk.core`."""

"""The time rules: `Limits` is the one door (`limits`), over the ledger (`ledger`), its
bookkeeping and saving (`book`), the pure rules (`rules`, `days`), trusted time (`trusted_time`),
the settings they read and the status they give. Imports only `kiosk.core`."""

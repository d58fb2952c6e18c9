"""The time rules: `Limits` is the one door (`limits`), over the ledger (`ledger`), its
bookkeeping and saving (`book`), the pure rules (`rules`, `days`), trusted time (`trusted_time`),
the settings they read, the status they give, and the `Tick` the screens show (`tick`, with the
soft landing and the chime). Imports only `kiosk.core`."""

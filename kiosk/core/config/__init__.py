"""The parent's `config.toml`: the schema (`schema`, `types`) and reading, checking and saving it
(`load`). Imports only `kiosk.core`."""

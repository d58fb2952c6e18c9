"""The parent's report: the household's days (`days`), the usage on each, built from the
sessions, the watch history and the event log (`usage`), the events worth a parent's eye in
words (`events`), and the report as JSON, CSV and text (`formats`). Imports only `kiosk.core`."""

"""First-run setup: the pages (`pages`) and the wizard that walks through them (`wizard`)."""

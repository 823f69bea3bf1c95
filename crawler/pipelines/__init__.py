"""Item pipelines: validate (pure checks of each field) then store (history in SQLite)."""

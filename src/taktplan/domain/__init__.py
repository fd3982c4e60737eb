"""The planning vocabulary as plain, immutable, typed records (no I/O)."""

"""Alembic migrations of the taktplan schema (run them with taktplan.storage.migrate)."""

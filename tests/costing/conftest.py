"""The storage tests' database fixtures (SQLite and PostgreSQL) for the costing tests."""

from tests.storage.conftest import backend, engine, session, shared_databases

__all__ = ["backend", "engine", "session", "shared_databases"]

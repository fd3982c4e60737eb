"""Fixtures of the web tests: the storage tests' databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from tests.storage.conftest import (  # noqa: F401 (fixtures used by name)
    backend,
    engine,
    fresh_url,
    session,
    shared_databases,
)

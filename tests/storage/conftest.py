"""Databases for the storage tests: SQLite files and PostgreSQL schemas.

Every database test runs twice, on SQLite (a temporary file) and on
PostgreSQL (the server named by ``TAKTPLAN_TEST_PG``, e.g.
``postgresql+psycopg://taktplan:taktplan@127.0.0.1:5432/taktplan_test``).
Without that variable the PostgreSQL variants skip, except in CI (``CI`` set
or ``TAKTPLAN_REQUIRE_PG=1``), where they fail: CI must test both.

Isolation: a PostgreSQL test gets its own schema (the URL sets the
``search_path``), dropped afterwards. Tests that only read and write data
share one migrated database per backend, emptied before each test; tests of
the migrations themselves get a fresh, empty database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, make_url, text
from sqlalchemy.orm import Session

from taktplan.storage.database import make_engine
from taktplan.storage.migrate import upgrade
from taktplan.storage.models import Base

PG_ENV = "TAKTPLAN_TEST_PG"
BACKENDS = ("sqlite", "postgresql")


def pg_server_url() -> str:
    """The test server's URL; skip (locally) or fail (in CI) when there is none."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    reason = f"{PG_ENV} is not set, so there is no PostgreSQL server to test against"
    if os.environ.get("CI") or os.environ.get("TAKTPLAN_REQUIRE_PG") == "1":
        pytest.fail(f"{reason}; CI runs the storage tests on PostgreSQL too (see .ci/run)")
    pytest.skip(f"{reason} (set it to run the PostgreSQL variants)")


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'taktplan-{uuid.uuid4().hex[:8]}.db'}"
        return
    server = pg_server_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql":
        pg_server_url()
    return name


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (for the migration tests)."""
    with empty_database(backend, tmp_path) as url:
        yield url


class _SharedDatabases:
    """One migrated database per backend for the whole test session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.engines: dict[str, Engine] = {}
        self.stack = ExitStack()

    def engine(self, backend: str) -> Engine:
        if backend not in self.engines:
            url = self.stack.enter_context(empty_database(backend, self.folder))
            upgrade(url)
            engine = make_engine(url)
            self.stack.callback(engine.dispose)
            self.engines[backend] = engine
        return self.engines[backend]


@pytest.fixture(scope="session")
def shared_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_SharedDatabases]:
    databases = _SharedDatabases(tmp_path_factory.mktemp("storage"))
    with databases.stack:
        yield databases


@pytest.fixture
def engine(backend: str, shared_databases: _SharedDatabases) -> Engine:
    """The backend's migrated database with every table empty."""
    engine = shared_databases.engine(backend)
    tables = Base.metadata.sorted_tables
    with engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
    return engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session

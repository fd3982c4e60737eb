"""Which database to use, how to connect to it, and the one-transaction rule.

The database is named by a URL: ``--db`` on the command line, else the
environment variable ``TAKTPLAN_DB``, else the SQLite file ``taktplan.db`` in
the working folder. A value without a scheme is a SQLite file path.
PostgreSQL is reached through psycopg 3 (``postgresql+psycopg://...``; plain
``postgresql://`` and ``postgres://`` mean the same).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session

from taktplan.errors import InputError

ENV_VAR = "TAKTPLAN_DB"
DEFAULT_FILE = "taktplan.db"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_SUPPORTED = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
}


def resolve_url(
    cli_value: str | None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> str:
    """The database URL to use: ``--db``, else ``TAKTPLAN_DB``, else ``taktplan.db`` here.

    A plain path becomes an absolute ``sqlite:///`` URL (relative paths are
    taken from the working folder at the time of the call, not of the first
    connection). An unsupported scheme is an :class:`InputError` naming where
    the value came from; the error never repeats the URL (it may hold a password).
    """
    env = os.environ if environ is None else environ
    folder = cwd or Path.cwd()
    if cli_value:
        value, source = cli_value, "--db"
    elif env.get(ENV_VAR):
        value, source = env[ENV_VAR], ENV_VAR
    else:
        value, source = DEFAULT_FILE, ""
    match = _SCHEME.match(value)
    if match is None:
        return f"sqlite:///{(folder / value).resolve()}"
    scheme = match.group(1).lower()
    if scheme not in _SUPPORTED:
        raise InputError(
            f"unsupported database scheme '{scheme}': use a SQLite file path, "
            "sqlite:///path/to/file.db or postgresql+psycopg://user:password@host/database",
            record="database URL",
            source=source,
        )
    return _SUPPORTED[scheme] + value[match.end(1) :]


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``; SQLite connections enforce foreign keys like PostgreSQL does."""
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


@contextmanager
def transaction(session: Session) -> Iterator[None]:
    """Run the block in one transaction of ``session``.

    When the session has no transaction yet, one is begun and committed at
    the end (rolled back on any exception). When the caller already has one,
    the block joins it and the caller decides: nothing is committed here, and
    an exception propagates so that the caller's transaction rolls back.
    """
    if session.in_transaction():
        yield
        return
    with session.begin():
        yield


@contextmanager
def read_transaction(session: Session) -> Iterator[None]:
    """Like :func:`transaction`, for reads that must see one state of the data.

    On PostgreSQL a transaction begun here is REPEATABLE READ: every select in
    it sees the data as of its first one, even while another session commits a
    new world. SQLite gives no such guarantee to these selects (its driver
    begins a transaction only to write); a SQLite file is a one-planner database.
    """
    if session.in_transaction():
        yield
        return
    with session.begin():
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield

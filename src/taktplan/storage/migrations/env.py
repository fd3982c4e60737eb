"""Alembic's entry point: migrate the connection taktplan hands over.

:func:`taktplan.storage.migrate.upgrade` puts an open connection into
``config.attributes["connection"]``; the ``alembic`` command line (for writing
a new revision, see :mod:`taktplan.storage.migrate`) gives a URL as
``sqlalchemy.url`` instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from taktplan.storage.database import make_engine
from taktplan.storage.models import Base


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things: later revisions copy the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: set sqlalchemy.url or pass a connection")
    engine = make_engine(url)
    try:
        with engine.connect() as own:
            _migrate(own)
    finally:
        engine.dispose()


run()

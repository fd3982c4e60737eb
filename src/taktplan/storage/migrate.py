"""Bring a database to the current schema with Alembic, configured from code.

No ``alembic.ini`` is needed: the migration scripts ship inside the package
(``taktplan/storage/migrations``) and :func:`upgrade` points Alembic at them.

To change the schema, edit :mod:`taktplan.storage.models`, then write the
revision against a scratch database that is at the current head::

    .venv/bin/python -c "from taktplan.storage.migrate import new_revision; \\
        new_revision('add routings', 'sqlite:////tmp/scratch.db')"

and review the generated file in ``migrations/versions`` (autogenerate does
not see everything, e.g. renamed columns). The storage tests check that the
migrated schema equals the models on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from taktplan.storage.database import make_engine

MIGRATIONS = Path(__file__).resolve().with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration, pointing at the packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (the newest by default).

    Idempotent: a database already at the revision is left as it is. On
    PostgreSQL the whole upgrade is one transaction.
    """
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision the package ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}")
    return head


def current_revision(url: str) -> str | None:
    """The revision the database at ``url`` is at (None: never migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def new_revision(message: str, url: str) -> None:
    """Write the next revision (``0002``, ``0003``...) from the models' changes.

    ``url`` is a scratch database; it is first upgraded to the current head so
    that autogenerate sees only what the models changed since.
    """
    upgrade(url)
    number = len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())) + 1
    command.revision(alembic_config(url), message, autogenerate=True, rev_id=f"{number:04d}")

"""The planner's database: SQLAlchemy models, Alembic migrations and repository functions.

Typical use::

    url = resolve_url(cli_value)        # --db, TAKTPLAN_DB or ./taktplan.db
    upgrade(url)                        # create or migrate the schema
    engine = make_engine(url)
    with Session(engine) as session:
        save_snapshot(session, snapshot)            # one transaction, committed
        run_id = save_plan(session, plan(load_snapshot(session), options), options)

Each repository function runs in one transaction of the session it is given:
it begins and commits one when the session has none, and joins the caller's
otherwise (then the caller commits).
"""

from taktplan.storage.assignment import assign, clear_assignment, load_assignment
from taktplan.storage.database import make_engine, resolve_url, transaction
from taktplan.storage.migrate import upgrade
from taktplan.storage.snapshots import load_snapshot, save_snapshot
from taktplan.storage.worksheet import load_error_log, load_pegging, load_worksheet, save_plan

__all__ = [
    "assign",
    "clear_assignment",
    "load_assignment",
    "load_error_log",
    "load_pegging",
    "load_snapshot",
    "load_worksheet",
    "make_engine",
    "resolve_url",
    "save_plan",
    "save_snapshot",
    "transaction",
    "upgrade",
]

"""The Alembic migrations create exactly the schema the models describe."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from taktplan.storage.database import make_engine
from taktplan.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from taktplan.storage.models import Base

TABLES = {
    "locations",
    "items",
    "bom_lines",
    "skus",
    "calendar_weekdays",
    "calendar_holidays",
    "inventory",
    "demand",
    "supply",
    "planning_runs",
    "worksheet_lines",
    "pegging",
    "error_log",
    "planning_assignments",
    "finished_orders",
    "item_ledger",
    "shop_calendars",
    "shop_calendar_shifts",
    "shop_calendar_holidays",
    "work_centers",
    "machine_centers",
    "routing_operations",
    "changeover_rules",
    "schedule_runs",
    "scheduled_operations",
}


def test_the_migrated_schema_equals_the_models(fresh_url: str) -> None:
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert diff == []
    assert tables == {*TABLES, "alembic_version"}
    assert set(Base.metadata.tables) == TABLES


def test_upgrade_records_the_head_and_can_run_again(fresh_url: str) -> None:
    assert current_revision(fresh_url) is None
    upgrade(fresh_url)
    assert current_revision(fresh_url) == head_revision() == "0004"
    upgrade(fresh_url)  # already at head: nothing to do, no error
    assert current_revision(fresh_url) == "0004"


def test_downgrade_to_base_removes_every_table(fresh_url: str) -> None:
    upgrade(fresh_url)
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert current_revision(fresh_url) is None

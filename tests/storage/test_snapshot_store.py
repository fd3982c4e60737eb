"""save_snapshot / load_snapshot: the stored world comes back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from taktplan.domain.dates import DateFormula, from_day
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.engine import plan
from taktplan.storage.master_data import PARAMETERS
from taktplan.storage.models import (
    Base,
    BomLineRecord,
    DemandRecord,
    Holiday,
    InventoryRecord,
    ItemRecord,
    LocationRecord,
    NonWorkingWeekday,
    ParameterColumns,
    SkuRecord,
    SupplyRecord,
)
from taktplan.storage.snapshots import load_snapshot, save_snapshot
from tests.storage.worlds import LONG, day, options, rich_world, small_world

WORLD_MODELS: tuple[type[Base], ...] = (
    LocationRecord,
    ItemRecord,
    BomLineRecord,
    SkuRecord,
    NonWorkingWeekday,
    Holiday,
    InventoryRecord,
    DemandRecord,
    SupplyRecord,
)


def counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in WORLD_MODELS
    }


def test_every_planning_parameter_has_a_column() -> None:
    assert set(PARAMETERS) == set(ParameterColumns.__annotations__)


def test_the_rich_world_comes_back_equal(session: Session) -> None:
    world = rich_world()
    save_snapshot(session, world)
    assert counts(session) == {
        "locations": 3,
        "items": 5,
        "bom_lines": 3,
        "skus": 2,
        "calendar_weekdays": 2,
        "calendar_holidays": 3,
        "inventory": 4,
        "demand": 8,
        "supply": 3,
    }
    loaded = load_snapshot(session)
    assert loaded == world
    # In the order saved, not sorted: plans depend on the order of ties.
    assert list(loaded.items) == ["BIKE", "FRAME-KIT", "WHEEL", "TUBE", "MANUAL"]
    assert loaded.locations == ("MAIN", "EAST", "")
    assert [d.id for d in loaded.demand] == [d.id for d in world.demand]
    assert plan(loaded, options()) == plan(world, options())


def test_quantities_dates_and_formulas_are_exact(session: Session) -> None:
    save_snapshot(session, rich_world())
    loaded = load_snapshot(session)
    bike = loaded.items["BIKE"]
    assert str(bike.unit_cost) == "12.3456789012345678901234567"
    assert str(bike.scrap_pct) == "1.25"
    assert str(bike.parameters.order_multiple) == "0.001"
    assert bike.parameters.lead_time == DateFormula(1, "W")
    assert bike.parameters.safety_lead_time == DateFormula(0, "W")  # not "no period in days"
    assert bike.parameters.lot_accumulation_period == DateFormula(1, "M")
    assert str(loaded.items["TUBE"].parameters.overflow_level) == "600.000"
    assert str(loaded.items["WHEEL"].parameters.dampener_qty) == "1E-7"
    assert [str(entry.qty) for entry in loaded.inventory] == ["30", "4.5", "-3.125", "7"]
    assert [entry.lot for entry in loaded.inventory] == ["L-1", "L-2", None, None]
    blanket = next(d for d in loaded.demand if d.id == "BO-1")
    assert blanket.qty == LONG and str(blanket.qty) == str(LONG)
    assert from_day(blanket.date).isoformat() == "2027-02-13"
    assert loaded.demand[0].date == day(9)
    assert loaded.calendar.non_working_weekdays == {5, 6}
    assert from_day(min(loaded.calendar.holidays)).isoformat() == "2027-01-07"
    east = loaded.location("EAST")
    assert (east.inbound_handling, east.outbound_handling) == (
        DateFormula(0, "W"),
        DateFormula(1, "M"),
    )
    stored = session.execute(
        select(ItemRecord.lead_time, ItemRecord.safety_lead_time).where(ItemRecord.no == "BIKE")
    ).one()
    assert tuple(stored) == (DateFormula(1, "W"), DateFormula(0, "W"))


def test_formulas_are_stored_as_the_text_a_planner_types(session: Session) -> None:
    save_snapshot(session, rich_world())
    raw = session.connection().exec_driver_sql(
        "SELECT lead_time, safety_lead_time, lot_accumulation_period, time_bucket "
        "FROM items ORDER BY id"
    )
    assert [tuple(row) for row in raw][:3] == [
        ("1W", "0W", "1M", ""),
        ("", "", "", ""),
        ("", "", "", "1Y"),
    ]


def test_saving_replaces_the_previous_world(session: Session) -> None:
    save_snapshot(session, rich_world())
    save_snapshot(session, small_world(Decimal("2.5")))
    assert counts(session) == {
        "locations": 1,
        "items": 1,
        "bom_lines": 0,
        "skus": 0,
        "calendar_weekdays": 0,
        "calendar_holidays": 0,
        "inventory": 0,
        "demand": 1,
        "supply": 0,
    }
    loaded = load_snapshot(session)
    assert loaded == small_world(Decimal("2.5"))
    assert [str(d.qty) for d in loaded.demand] == ["2.5"]


def test_an_empty_database_loads_as_an_empty_world(session: Session) -> None:
    assert load_snapshot(session) == Snapshot(items={}, locations=(), skus={})


def test_the_database_refuses_records_of_unknown_items(engine: Engine) -> None:
    """Foreign keys hold on SQLite too (make_engine turns them on)."""
    with Session(engine) as session:
        save_snapshot(session, small_world())
    row = {"item_no": "NOPE", "variant": "", "location_code": "", "qty": Decimal(1)}
    with Session(engine) as session, pytest.raises(IntegrityError):
        session.execute(insert(InventoryRecord), [row])
        session.flush()

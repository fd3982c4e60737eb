"""The shop in the database: saved and loaded with the world, on SQLite and PostgreSQL.

The world is the frame shop of :mod:`tests.shop_case`; a database at
revision 0002 (before the shop) upgrades with its items intact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from taktplan.domain.shop import ShopData
from taktplan.io.case_json import parse_case, read_case
from taktplan.storage import master_data, shop
from taktplan.storage.database import make_engine, transaction
from taktplan.storage.migrate import current_revision, head_revision, upgrade
from taktplan.storage.models import Base, ItemRecord
from taktplan.storage.rows import bulk_insert, table_of
from taktplan.storage.snapshots import load_snapshot, save_snapshot
from tests.conftest import ROOT
from tests.shop_case import shop_case


class Boom(RuntimeError):
    """The failure a test forces in the middle of a save."""


def shop_counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in shop.SHOP_TABLES
    }


def test_the_frame_shop_comes_back_equal(session: Session) -> None:
    world = parse_case(shop_case()).snapshot
    save_snapshot(session, world)
    assert shop_counts(session) == {
        "shop_calendars": 2,
        "shop_calendar_shifts": 2 * 4 + 1 + 2 * 5 + 1,
        "shop_calendar_holidays": 2,
        "work_centers": 5,
        "machine_centers": 2,
        "routing_operations": 5,
        "changeover_rules": 4,
    }
    loaded = load_snapshot(session)
    assert loaded.shop == world.shop
    assert loaded == world
    frame = loaded.shop.routing("FRAME")
    assert frame is not None
    assert [op.no for op in frame.operations] == ["10", "20", "30", "40"]
    assert frame.operations[0].run_time == Decimal("4.5")
    assert frame.operations[1].alternatives == ("ROBOT-2", "WELD")
    assert frame.operations[3].unit_cost_per == Decimal("2.8")
    assert frame.operations[0].unit_cost_per is None
    assert loaded.shop.resources["CUT"].critical_load_pct is None
    assert loaded.shop.resources["WELD"].critical_load_pct == 95
    item = loaded.items["FRAME"]
    assert item.attributes == {"colour": "dark", "finish": "matt"}
    assert (item.standard_cost, item.indirect_cost_pct, item.overhead_rate) == (
        Decimal("85.5"),
        5,
        Decimal("1.5"),
    )


def test_exact_decimals_survive_the_shop_columns(session: Session) -> None:
    case = shop_case()
    case["shop"]["work_centers"][1]["unit_cost"] = "48.123456789012345678901234"
    case["shop"]["routings"][0]["operations"][0]["run_time"] = "0.000000000000000000000001"
    case["items"][1]["standard_cost"] = "85.499999999999999999999999"
    world = parse_case(case).snapshot
    save_snapshot(session, world)
    loaded = load_snapshot(session)
    assert loaded.shop.resources["WELD"].unit_cost == Decimal("48.123456789012345678901234")
    frame = loaded.shop.routing("FRAME")
    assert frame is not None
    assert frame.operations[0].run_time == Decimal("1E-24")
    assert loaded.items["FRAME"].standard_cost == Decimal("85.499999999999999999999999")


def test_saving_a_world_without_a_shop_removes_the_old_shop(session: Session) -> None:
    save_snapshot(session, parse_case(shop_case()).snapshot)
    plain = shop_case()
    del plain["shop"]
    for item in plain["items"]:
        item.pop("attributes", None)
    world = parse_case(plain).snapshot
    save_snapshot(session, world)
    assert set(shop_counts(session).values()) == {0}
    loaded = load_snapshot(session)
    assert loaded.shop == ShopData()
    assert loaded == world


def test_a_failure_writing_the_shop_leaves_the_old_world(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = parse_case(shop_case()).snapshot
    save_snapshot(session, world)
    before = shop_counts(session)
    original = shop.bulk_insert

    def failing(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
        if model.__tablename__ == "routing_operations":
            raise Boom("interrupted after the calendars and centers")
        original(session, model, rows)

    monkeypatch.setattr(shop, "bulk_insert", failing)
    case = shop_case()
    case["shop"]["calendars"][0]["holidays"] = []
    case["shop"]["work_centers"][1]["capacity"] = 3
    changed = parse_case(case).snapshot
    with pytest.raises(Boom):
        save_snapshot(session, changed)
    session.rollback()
    assert shop_counts(session) == before
    assert load_snapshot(session) == world


_NEW_ITEM_COLUMNS = ("standard_cost", "indirect_cost_pct", "overhead_rate", "attributes")


def _store_at_0002(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bike shop example written the way revision 0002 stored items (no cost fields)."""

    def old_columns(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
        if model is ItemRecord:
            rows = [{k: v for k, v in row.items() if k not in _NEW_ITEM_COLUMNS} for row in rows]
        bulk_insert(session, model, rows)

    world = read_case(ROOT / "examples" / "bike-shop.json").snapshot
    with monkeypatch.context() as patch, transaction(session):
        patch.setattr(master_data, "bulk_insert", old_columns)
        master_data.write_locations(session, (world.location(c) for c in world.locations))
        master_data.write_items(session, world.items.values())
        master_data.write_skus(session, world.skus.values())
        master_data.write_calendar(session, world.calendar)


def test_a_database_at_0002_upgrades_with_its_items(
    fresh_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(fresh_url, "0002")
    engine = make_engine(fresh_url)
    try:
        with engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("items")}
            assert not columns & set(_NEW_ITEM_COLUMNS)
        with Session(engine) as session:
            _store_at_0002(session, monkeypatch)
        upgrade(fresh_url)
        assert current_revision(fresh_url) == head_revision()
        example = read_case(ROOT / "examples" / "bike-shop.json").snapshot
        with Session(engine) as session:
            loaded = load_snapshot(session)
            assert loaded.items == example.items
            assert loaded.shop == ShopData()
            assert {item.standard_cost for item in loaded.items.values()} == {0}
            assert {len(item.attributes) for item in loaded.items.values()} == {0}
            raw = session.execute(
                text("SELECT standard_cost, overhead_rate, attributes FROM items")
            ).first()
            assert raw is not None
            # The migration's defaults, as each backend returns them.
            assert Decimal(str(raw.standard_cost)) == 0 == Decimal(str(raw.overhead_rate))
            # The upgraded database takes a shop.
            world = parse_case(shop_case()).snapshot
            save_snapshot(session, world)
            assert load_snapshot(session) == world
            items = table_of(ItemRecord)
            assert session.scalar(select(func.count()).select_from(items)) == 5
    finally:
        engine.dispose()

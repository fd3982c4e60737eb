"""Production order life cycle, order planning and sales order entry on a stored world.

Every figure is worked out in the docstring of ``shop_world`` or in the test.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import DemandType, SupplyStatus, SupplyType
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.errors import InputError
from taktplan.planning.engine import plan
from taktplan.planning.selection import planned_skus
from taktplan.storage import load_assignment, load_snapshot, save_plan, save_snapshot
from taktplan.storage.models import (
    DemandRecord,
    FinishedOrderRecord,
    InventoryRecord,
    ItemLedgerEntry,
    SupplyRecord,
)
from taktplan.storage.order_planning import list_uncovered, make_supply
from taktplan.storage.production_orders import change_status, finish, list_production_orders
from taktplan.storage.sales_orders import (
    SalesOrderLine,
    change_sales_order,
    delete_sales_order,
    enter_sales_order,
)
from tests.storage.worlds import day, options, shop_world

MAIN = "MAIN"
TODAY = from_day(day(0))


@pytest.fixture
def shop(session: Session) -> Session:
    save_snapshot(session, shop_world())
    save_plan(session, plan(shop_world(), options()), options())  # clears the import's flags
    assert load_assignment(session) == ()
    return session


def _on_hand(session: Session, item: str) -> Decimal:
    query = select(func.sum(InventoryRecord.qty)).where(
        (InventoryRecord.item_no == item) & (InventoryRecord.location_code == MAIN)
    )
    return Decimal(session.scalar(query) or 0)


def _flagged(session: Session) -> set[str]:
    return {str(row.sku) for row in load_assignment(session)}


# --- production orders --------------------------------------------------------


def test_a_production_order_moves_forward_to_finished(shop: Session) -> None:
    """Finishing 9 of PRD-1's 10 tables: output 9; LEG 9 x 4 x 1.1 = 39.6 of 50;
    TOP 9 x 1 x 1.05 x 1.1 = 10.395 of 12."""
    change = change_status(shop, "PRD-1", SupplyStatus.FIRM_PLANNED)
    assert (change.old, change.new) == ("planned", "firm-planned")
    assert _flagged(shop) >= {"TABLE at MAIN"}
    change_status(shop, "PRD-1", SupplyStatus.RELEASED)
    done = finish(shop, "PRD-1", finished_qty=Decimal(9), posted_on=TODAY)
    assert [(p.entry_type, str(p.sku), p.qty) for p in done.postings] == [
        ("output", "TABLE at MAIN", Decimal(9)),
        ("consumption", "LEG at MAIN", Decimal("-39.6")),
        ("consumption", "TOP at MAIN", Decimal("-10.395")),
    ]
    assert _on_hand(shop, "TABLE") == 14
    assert _on_hand(shop, "LEG") == Decimal("10.4")
    assert _on_hand(shop, "TOP") == Decimal("1.605")
    assert shop.scalar(select(SupplyRecord).where(SupplyRecord.document_id == "PRD-1")) is None
    ledger = shop.scalars(select(ItemLedgerEntry.qty).order_by(ItemLedgerEntry.id)).all()
    assert ledger == [Decimal(9), Decimal("-39.6"), Decimal("-10.395")]
    [history] = list_production_orders(shop, statuses={"finished"})
    assert (history.document_id, history.qty, history.finished_qty) == ("PRD-1", 10, 9)
    assert history.finished_on == TODAY
    # The finished order is history: planning no longer sees it or its components.
    world = load_snapshot(shop)
    assert all(order.id != "PRD-1" for order in world.supply)
    assert _flagged(shop) >= {"TABLE at MAIN", "LEG at MAIN", "TOP at MAIN"}


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([SupplyStatus.RELEASED, SupplyStatus.FIRM_PLANNED], "cannot go from released"),
        ([SupplyStatus.FIRM_PLANNED, SupplyStatus.FIRM_PLANNED], "cannot go from firm-planned"),
        ([SupplyStatus.OPEN], "firm planned or released, not open"),
    ],
)
def test_a_status_never_moves_back(shop: Session, steps: list[SupplyStatus], message: str) -> None:
    for status in steps[:-1]:
        change_status(shop, "PRD-1", status)
    with pytest.raises(InputError, match=message) as caught:
        change_status(shop, "PRD-1", steps[-1])
    assert caught.value.record == "production order PRD-1"
    assert caught.value.field == "status"


def test_only_a_released_production_order_can_be_finished(shop: Session) -> None:
    with pytest.raises(InputError, match="only a released order can be finished; it is planned"):
        finish(shop, "PRD-1")
    with pytest.raises(InputError, match="PO-7 is a purchase order") as caught:
        change_status(shop, "PO-7", SupplyStatus.RELEASED)
    assert caught.value.field == "type"
    with pytest.raises(InputError, match="no such open production order"):
        finish(shop, "PRD-404")


def test_a_component_shortage_stops_the_finish_and_posts_nothing(shop: Session) -> None:
    """15 tables need 15 x 4 x 1.1 = 66 legs (50 on hand) and 17.325 tops (12)."""
    change_status(shop, "PRD-1", SupplyStatus.RELEASED)
    flags = _flagged(shop)
    with pytest.raises(InputError) as caught:
        finish(shop, "PRD-1", finished_qty=Decimal(15))
    assert caught.value.field == "components"
    assert "LEG at MAIN: needs 66, 50 on hand" in caught.value.message
    assert "TOP at MAIN: needs 17.325, 12 on hand" in caught.value.message
    assert _on_hand(shop, "TABLE") == 5 and _on_hand(shop, "LEG") == 50
    assert shop.scalar(select(func.count()).select_from(ItemLedgerEntry)) == 0
    assert shop.scalar(select(func.count()).select_from(FinishedOrderRecord)) == 0
    assert _flagged(shop) == flags
    # Posting the output only is the planner's choice.
    done = finish(shop, "PRD-1", finished_qty=Decimal(15), consume=False, posted_on=TODAY)
    assert [p.entry_type for p in done.postings] == ["output"]
    assert _on_hand(shop, "TABLE") == 20 and _on_hand(shop, "LEG") == 50


# --- order planning -----------------------------------------------------------


def test_order_planning_lists_what_existing_supply_leaves_open(shop: Session) -> None:
    lines = list_uncovered(shop)
    assert [(str(ln.sku), ln.demand, ln.qty, ln.needed, ln.replenishment) for ln in lines] == [
        ("CHAIR at EAST", "SO-E", 4, 4, Replenishment.TRANSFER),
        ("CHAIR at MAIN", "SO-1", 8, 3, Replenishment.PURCHASE),
        ("CHAIR at MAIN", "SO-3", 7, 3, Replenishment.PURCHASE),
    ]
    assert [ln.demand for ln in list_uncovered(shop, {"STOOL"})] == []


def test_supply_made_for_a_line_covers_it_and_planning_uses_it(shop: Session) -> None:
    made = make_supply(shop, "SO-1", "CHAIR")
    assert (made.order, made.qty, made.due, made.starting) == ("PO-00001", 3, day(5), day(2))
    row = shop.scalars(select(SupplyRecord).where(SupplyRecord.document_id == "PO-00001")).one()
    assert (row.type, row.qty, row.date, row.status) == (
        SupplyType.PURCHASE,
        Decimal(3),
        from_day(day(5)),
        SupplyStatus.OPEN,
    )
    assert row.linked_demand is None
    assert [ln.demand for ln in list_uncovered(shop)] == ["SO-E", "SO-3"]
    assert "CHAIR at MAIN" in _flagged(shop)
    result = plan(load_snapshot(shop), options())
    served = {(p.supply, p.demand) for p in result.pegging if p.sku == SkuKey("CHAIR", "", MAIN)}
    assert ("PO-00001", "SO-1") in served


def test_a_transfer_made_in_order_planning_ships_from_the_source(shop: Session) -> None:
    """Due day 15 at EAST, 1 day shipping: starts (and ships from MAIN) on day 14."""
    made = make_supply(shop, "SO-E", "CHAIR", location="EAST")
    assert (made.order, made.source, made.starting) == ("TR-00001", MAIN, day(14))
    shipment = shop.scalars(select(DemandRecord).where(DemandRecord.document_id == "TR-00001"))
    [out] = shipment.all()
    assert (out.type, out.location_code, out.qty, out.date) == (
        DemandType.TRANSFER_OUT,
        MAIN,
        Decimal(4),
        from_day(day(14)),
    )


def test_production_instead_of_purchase_and_a_smaller_quantity(shop: Session) -> None:
    made = make_supply(
        shop, "SO-3", "CHAIR", replenishment=Replenishment.PRODUCTION, qty=Decimal(2)
    )
    assert (made.order, made.qty) == ("PRD-00001", 2)
    [line] = [ln for ln in list_uncovered(shop) if ln.demand == "SO-3"]
    assert line.needed == 1


@pytest.mark.parametrize(
    ("demand", "item", "changes", "field", "message"),
    [
        ("SO-2", "CHAIR", {}, "id", "no uncovered demand line for item CHAIR"),
        ("SO-1", "CHAIR", {"qty": Decimal(0)}, "qty", "quantity must be positive"),
        (
            "SO-1",
            "CHAIR",
            {"replenishment": Replenishment.TRANSFER},
            "from",
            "has no transfer-from location",
        ),
        (
            "SO-E",
            "CHAIR",
            {"source": "EAST"},
            "from",
            "cannot transfer from EAST to itself",
        ),
    ],
)
def test_order_planning_refuses_what_it_cannot_make(
    shop: Session, demand: str, item: str, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        make_supply(shop, demand, item, **changes)  # type: ignore[arg-type]
    assert (caught.value.record, caught.value.field) == (f"demand {demand}", field)
    assert shop.scalar(select(func.count()).select_from(SupplyRecord)) == 3


# --- sales orders -------------------------------------------------------------


@pytest.mark.parametrize(
    ("qty", "covered", "available", "earliest"),
    [(4, True, 5, day(5)), (6, False, 5, day(10)), (8, False, 5, None)],
)
def test_entering_a_sales_order_tells_when_existing_supply_meets_it(
    shop: Session, qty: int, covered: bool, available: int, earliest: int | None
) -> None:
    """STOOL: 5 until day 10, then 15, then 7 from day 12 (the forecast is not committed)."""
    line = SalesOrderLine("SO-20", "STOOL", Decimal(qty), from_day(day(5)), location=MAIN)
    tracking = enter_sales_order(shop, line, today=TODAY)
    promise = tracking.promise
    assert (promise.covered, promise.available, promise.earliest) == (covered, available, earliest)
    assert promise.by_new_supply == day(3)  # 3 days' lead time from today
    assert {str(row.sku) for row in tracking.flagged} == {"STOOL at MAIN"}
    assert _flagged(shop) == {"STOOL at MAIN"}
    stored = load_snapshot(shop)
    assert [(d.id, d.qty, d.date) for d in stored.demand if d.id == "SO-20"] == [
        ("SO-20", qty, day(5))
    ]


def test_changing_a_sales_order_leaves_itself_out_of_the_projection(shop: Session) -> None:
    """Without SO-5 the stool projection is 5, then 15 from day 10: 12 fits on day 12."""
    tracking = change_sales_order(shop, "SO-5", "STOOL", qty=Decimal(12), today=TODAY)
    assert tracking.promise.covered and tracking.promise.available == 15
    assert tracking.line.date == from_day(day(12))
    assert [d.qty for d in load_snapshot(shop).demand if d.id == "SO-5"] == [12]


def test_bad_sales_order_lines_name_the_field_and_change_nothing(shop: Session) -> None:
    cases = [
        (SalesOrderLine("SO-30", "SOFA", Decimal(1), TODAY), "item", "unknown item 'SOFA'"),
        (SalesOrderLine("SO-30", "STOOL", Decimal(-1), TODAY), "qty", "must be positive"),
        (
            SalesOrderLine("SO-30", "STOOL", Decimal(1), TODAY, location="WEST"),
            "location",
            "unknown location 'WEST'",
        ),
    ]
    for line, field, message in cases:
        with pytest.raises(InputError, match=message) as caught:
            enter_sales_order(shop, line)
        assert (caught.value.record, caught.value.field) == ("sales order SO-30", field)
    with pytest.raises(InputError, match="already has a line for item CHAIR"):
        enter_sales_order(shop, SalesOrderLine("SO-1", "CHAIR", Decimal(1), TODAY), new=True)
    with pytest.raises(InputError, match="no line for item STOOL"):
        change_sales_order(shop, "SO-1", "STOOL", qty=Decimal(1))
    with pytest.raises(InputError, match="no line for item STOOL"):
        delete_sales_order(shop, "SO-1", "STOOL")
    assert load_snapshot(shop) == shop_world()
    assert load_assignment(shop) == ()


def test_deleting_a_sales_order_flags_its_sku(shop: Session) -> None:
    flagged = delete_sales_order(shop, "SO-2", "CHAIR")
    assert [str(row.sku) for row in flagged] == ["CHAIR at MAIN"]
    assert [row.reasons for row in flagged] == [("sales SO-2 removed",)]
    assert all(d.id != "SO-2" for d in load_snapshot(shop).demand)


def test_storing_a_changed_world_flags_only_what_changed(session: Session) -> None:
    world = shop_world()
    flagged = save_snapshot(session, world)
    assert {row.sku for row in flagged} == set(planned_skus(world, options()))
    save_plan(session, plan(world, options()), options())
    assert load_assignment(session) == ()
    moved = [d if d.id != "SO-3" else replace(d, date=day(21)) for d in world.demand]
    save_snapshot(session, replace(world, demand=tuple(moved)))
    assert [(str(row.sku), row.reasons) for row in load_assignment(session)] == [
        ("CHAIR at MAIN", ("sales SO-3 changed",))
    ]

"""Routing lead time in planning: dates of production orders come from their routing.

The shop (tests/capacity/shop.py) works 08:00-12:00 and 13:00-17:00 on
weekdays. FRAME's routing: 10 on CUT (30 min setup + 6 min/unit, then 60 min
move), 20 on WELD (60 min setup + 12 min/unit). TUBE is linked to operation
10 and WIRE to operation 20; BOLT is not linked.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from taktplan.capacity.resources import MachineCenter, WorkCenter
from taktplan.capacity.routing import Routing
from taktplan.domain.dates import DateFormula
from taktplan.domain.documents import Demand, DemandType, InventoryEntry, Supply, SupplyType
from taktplan.domain.item import (
    BomLine,
    Item,
    PlanningParameters,
    ReorderingPolicy,
    Replenishment,
    SkuKey,
)
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot, build_snapshot
from taktplan.planning.engine import plan
from taktplan.planning.options import PlanningOptions
from taktplan.planning.result import Action, PlanningLine
from tests.capacity.shop import FRAME, calendar, day

LFL = ReorderingPolicy.LOT_FOR_LOT


def shop() -> ShopData:
    cut, weld = FRAME.operations
    routing = Routing(
        "FRAME", (replace(cut, components=("TUBE",)), replace(weld, components=("WIRE",)))
    )
    return ShopData(
        calendars=(calendar(),),
        work_centers=(WorkCenter("CUT", "STD"), WorkCenter("WELD", "STD")),
        machine_centers=(MachineCenter("LASER-1", "CUT"),),
        routings={"FRAME": routing},
    )


def purchased(no: str) -> Item:
    return Item(no, PlanningParameters(reordering_policy=LFL))


def world(
    frame: PlanningParameters,
    *,
    demand_qty: int = 20,
    shop_data: ShopData | None = None,
    supply: tuple[Supply, ...] = (),
    on_hand: int = 0,
) -> Snapshot:
    items = [
        Item(
            "FRAME",
            frame,
            bom=(
                BomLine("TUBE", Decimal(2)),
                BomLine("WIRE", Decimal(1)),
                BomLine("BOLT", Decimal(4)),
            ),
        ),
        purchased("TUBE"),
        purchased("WIRE"),
        purchased("BOLT"),
    ]
    demand = []
    if demand_qty:
        demand.append(
            Demand(
                "SO-1", DemandType.SALES, SkuKey("FRAME"), day("2027-01-15"), Decimal(demand_qty)
            )
        )
    inventory = [InventoryEntry(SkuKey("FRAME"), Decimal(on_hand))] if on_hand else []
    return build_snapshot(
        items=items,
        locations=[""],
        demand=demand,
        supply=supply,
        inventory=inventory,
        shop=shop() if shop_data is None else shop_data,
    )


OPTIONS = PlanningOptions(
    start=day("2027-01-04"), end=day("2027-03-31"), work_date=day("2027-01-04")
)
MADE = PlanningParameters(
    replenishment=Replenishment.PRODUCTION,
    reordering_policy=LFL,
    lead_time=DateFormula.parse("30D"),
)


def lines_of(snapshot: Snapshot, item: str) -> list[PlanningLine]:
    return [line for line in plan(snapshot, OPTIONS).lines if line.sku.item == item]


def test_new_order_dates_come_from_the_routing_not_the_lead_time() -> None:
    # WELD: 60 + 12 x 20 = 300 min ending Fri 15th 17:00 -> 13:00-17:00 and 11:00-12:00.
    # Move 60 min -> CUT must end by Fri 10:00: 30 + 6 x 20 = 150 min -> Fri 08:00-10:00
    # and Thu 16:30-17:00. Starting date Thu 14th (the 30D lead time is not used).
    [line] = lines_of(world(MADE), "FRAME")
    assert line.action is Action.NEW
    assert (line.starting_date, line.ending_date, line.due_date) == (
        day("2027-01-14"),
        day("2027-01-15"),
        day("2027-01-15"),
    )


def test_a_larger_order_starts_earlier() -> None:
    # 60 units: WELD 780 min = Fri 480 + Thu 13:00-17:00 and 11:00-12:00 -> starts Thu 11:00;
    # CUT by Thu 10:00: 390 min = Thu 08:00-10:00 + Wed 13:00-17:00 and 11:30-12:00.
    [line] = lines_of(world(MADE, demand_qty=60), "FRAME")
    assert line.starting_date == day("2027-01-13")


def test_linked_components_are_due_when_their_operation_starts() -> None:
    snapshot = world(MADE)
    due = {line.sku.item: (line.due_date, line.qty) for line in plan(snapshot, OPTIONS).lines}
    assert due["TUBE"] == (day("2027-01-14"), Decimal(40))  # operation 10 starts Thu 16:30
    assert due["WIRE"] == (day("2027-01-15"), Decimal(20))  # operation 20 starts Fri 11:00
    assert due["BOLT"] == (day("2027-01-14"), Decimal(80))  # not linked: the order's start


def test_existing_production_order_needs_its_components_by_the_routing() -> None:
    order = Supply("PO-7", SupplyType.PRODUCTION, SkuKey("FRAME"), day("2027-01-15"), Decimal(20))
    snapshot = world(MADE, demand_qty=20, supply=(order,))
    lines = plan(snapshot, OPTIONS).lines
    assert [line.sku.item for line in lines if line.sku.item == "FRAME"] == []
    due = {line.sku.item: line.due_date for line in lines}
    assert due == {
        "TUBE": day("2027-01-14"),
        "WIRE": day("2027-01-15"),
        "BOLT": day("2027-01-14"),
    }


def test_without_a_routing_the_lead_time_applies() -> None:
    [line] = lines_of(world(MADE, shop_data=ShopData()), "FRAME")
    assert line.starting_date == day("2026-12-16")  # Jan 15th - 30D


def test_reorder_point_order_is_due_when_its_routing_ends() -> None:
    # Reorder at the start (5 on hand, reorder point 10), 20 units forward from
    # Mon 4th 08:00: CUT 08:00-10:30, move to 11:30, WELD 300 min 11:30-12:00,
    # 13:00-17:00 and Tue 08:00-08:30 -> due Tue 5th.
    card = PlanningParameters(
        replenishment=Replenishment.PRODUCTION,
        reordering_policy=ReorderingPolicy.FIXED_REORDER_QTY,
        reorder_point=Decimal(10),
        reorder_qty=Decimal(20),
        lead_time=DateFormula.parse("30D"),
    )
    lines = lines_of(world(card, demand_qty=0, on_hand=5), "FRAME")
    assert [(line.action, line.qty, line.starting_date, line.due_date) for line in lines] == [
        (Action.NEW, Decimal(20), day("2027-01-04"), day("2027-01-05"))
    ]


def test_a_changed_routing_or_center_flags_the_routed_item() -> None:
    from taktplan.planning.assignment import planning_assignment

    before = world(MADE)
    slower = shop()
    cut, weld = slower.routings["FRAME"].operations
    slower_weld = replace(weld, run_time=Decimal(15))
    after = world(
        MADE, shop_data=replace(slower, routings={"FRAME": Routing("FRAME", (cut, slower_weld))})
    )
    flagged = {row.sku.item: row.reasons for row in planning_assignment(before, after, OPTIONS)}
    assert flagged["FRAME"] == ("routing of FRAME changed (operations, centers or calendars)",)
    assert set(flagged) == {"FRAME", "TUBE", "WIRE", "BOLT"}  # the components are fed by it
    slow_center = replace(
        slower,
        work_centers=(
            WorkCenter("CUT", "STD"),
            WorkCenter("WELD", "STD", efficiency_pct=Decimal(80)),
        ),
    )
    assert {
        row.sku.item
        for row in planning_assignment(before, world(MADE, shop_data=slow_center), OPTIONS)
    } == {"FRAME", "TUBE", "WIRE", "BOLT"}
    assert planning_assignment(before, world(MADE), OPTIONS) == ()

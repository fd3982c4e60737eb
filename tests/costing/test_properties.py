"""Properties of the roll-up on random structures (hypothesis).

A world has 3-7 items ``I0``, ``I1``, ...; an item's BOM only uses items
further down the list (no cycles), 1-3 lines with 1-3 per, sometimes 5 % or
10 % line scrap, sometimes a phantom line to an item with a BOM of its own.
Items with a BOM are produced (item scrap, indirect cost %, overhead rate,
reorder qty 0-5, a routing of 1-2 operations on three centers, one of them
subcontracted and costed per unit); the others are bought at 0.01-50.00.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from taktplan.capacity.resources import CostBasis, WorkCenter
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.capacity.shop_calendar import Shift, ShopCalendar
from taktplan.costing import CostRollup, estimate_order, roll_up
from taktplan.costing.shares import exact
from taktplan.domain.item import BomLine, Item
from taktplan.domain.shop import ShopData
from taktplan.domain.snapshot import Snapshot, build_snapshot
from tests.costing.world import D, bought_card, made

CLOSE = Decimal("1e-20")
CENTERS = ("CUT", "WELD", "COAT")


def _centers(factor: Decimal = Decimal(1)) -> tuple[WorkCenter, ...]:
    return (
        WorkCenter("CUT", "DAY", unit_cost=30 * factor, efficiency_pct=D(80),
                   indirect_cost_pct=D(10), overhead_rate=2 * factor),
        WorkCenter("WELD", "DAY", unit_cost=D("47.5") * factor, overhead_rate=6 * factor),
        WorkCenter("COAT", "DAY", unit_cost=D("2.8") * factor, cost_basis=CostBasis.UNIT,
                   indirect_cost_pct=D(4), subcontractor="V-1"),
    )  # fmt: skip


@st.composite
def worlds(draw: st.DrawFn) -> Snapshot:
    count = draw(st.integers(3, 7))
    names = [f"I{n}" for n in range(count)]
    boms: dict[str, list[BomLine]] = {}
    for index in reversed(range(count - 1)):
        below = names[index + 1 :]
        if draw(st.booleans()) or index == 0:
            chosen = draw(st.lists(st.sampled_from(below), min_size=1, max_size=3, unique=True))
            boms[names[index]] = [
                BomLine(
                    comp,
                    D(draw(st.integers(1, 3))),
                    D(draw(st.sampled_from([0, 0, 5, 10]))),
                    phantom=comp in boms and draw(st.booleans()),
                )
                for comp in chosen
            ]
    items: list[Item] = []
    routings: dict[str, Routing] = {}
    for no in names:
        if no not in boms:
            cents = draw(st.integers(1, 5000))
            items.append(Item(no, bought_card(), unit_cost=D(cents) / 100))
            continue
        items.append(
            Item(
                no,
                made(reorder_qty=D(draw(st.integers(0, 5)))),
                scrap_pct=D(draw(st.sampled_from([0, 0, 2, 10]))),
                indirect_cost_pct=D(draw(st.sampled_from([0, 5, 12]))),
                overhead_rate=D(draw(st.sampled_from([0, 1, "2.5"]))),
                bom=tuple(boms[no]),
            )
        )
        ops = draw(st.lists(st.sampled_from(CENTERS), min_size=1, max_size=2))
        routings[no] = Routing(
            no,
            tuple(
                RoutingOperation(
                    str(10 * (n + 1)),
                    center,
                    D(draw(st.integers(0, 90))),
                    D(draw(st.integers(0, 20))),
                )
                for n, center in enumerate(ops)
            ),
        )
    shop = ShopData(
        calendars=(ShopCalendar.weekdays("DAY", (Shift(480, 960),)),),
        work_centers=_centers(),
        routings=routings,
    )
    return build_snapshot(items=items, locations=["MAIN"], shop=shop)


def _material_per_unit(world: Snapshot, no: str) -> Decimal:
    """Rolled-up material straight from the BOM lines (an independent recursion)."""
    item = world.items[no]
    if not item.bom:
        return item.unit_cost
    return (1 + item.scrap_pct / 100) * _lines(world, item.bom, D(1))


def _lines(world: Snapshot, lines: tuple[BomLine, ...], factor: Decimal) -> Decimal:
    found = D(0)
    for line in lines:
        qty = factor * line.qty_per * (1 + line.scrap_pct / 100)
        if line.phantom:
            found += _lines(world, world.items[line.component].bom, qty)
        else:
            found += qty * _material_per_unit(world, line.component)
    return found


@settings(max_examples=60, deadline=None)
@given(worlds())
def test_shares_add_up_and_material_is_what_the_leaves_cost(world: Snapshot) -> None:
    rollup = roll_up(world.items, world.shop)
    with exact():  # the test's own arithmetic in the same 40 digits
        _check_rows(world, rollup)


def _check_rows(world: Snapshot, rollup: CostRollup) -> None:
    for row in rollup.worksheet():
        assert abs(row.single_level.total - row.rolled_up.total) < CLOSE
        assert abs(row.rolled_up.material - _material_per_unit(world, row.item)) < CLOSE
        estimate = estimate_order(rollup, row.item, row.lot_size)
        assert abs(estimate.total - row.new_standard_cost * row.lot_size) < CLOSE


@settings(max_examples=40, deadline=None)
@given(worlds())
def test_twice_the_rates_twice_the_cost(world: Snapshot) -> None:
    """Every cost is linear in the unit costs, center rates and overhead rates."""
    before = roll_up(world.items, world.shop)
    two = D(2)
    items: dict[str, Item] = {
        no: replace(item, unit_cost=item.unit_cost * two, overhead_rate=item.overhead_rate * two)
        for no, item in world.items.items()
    }
    shop: Any = replace(world.shop, work_centers=_centers(two))
    after = roll_up(items, shop)
    for row in before.worksheet():  # 2 x in 28 digits: close, not equal
        assert abs(after.row(row.item).new_standard_cost - 2 * row.new_standard_cost) < CLOSE

"""What ``takt demo`` reports: the shape of a world and the key figures of its plan.

Pure functions over a snapshot and a plan result, so that they can be tested
and reused without a terminal or a database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.dates import Day
from taktplan.domain.documents import DemandType, SupplyType
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.result import Action, PlanResult, Warning


@dataclass(frozen=True, slots=True)
class WorldShape:
    """Counts of the records of a planning world."""

    items: int
    made_items: int
    purchased_items: int
    bom_levels: int  # levels below the end items (the highest low-level code)
    locations: tuple[str, ...]
    sku_cards: int
    transfer_skus: int
    sales_orders: int
    forecast_entries: int
    blanket_orders: int
    purchase_orders: int
    production_orders: int
    transfer_orders: int
    inventory_entries: int
    shop_calendars: int
    work_centers: int
    machine_centers: int
    routings: int


def world_shape(snapshot: Snapshot) -> WorldShape:
    demand = Counter(d.type for d in snapshot.demand)
    supply = Counter(s.type for s in snapshot.supply)
    made = sum(1 for item in snapshot.items.values() if item.bom)
    return WorldShape(
        items=len(snapshot.items),
        made_items=made,
        purchased_items=len(snapshot.items) - made,
        bom_levels=max(snapshot.low_level_codes.values(), default=0),
        locations=snapshot.locations,
        sku_cards=len(snapshot.skus),
        transfer_skus=sum(
            1
            for sku in snapshot.skus.values()
            if sku.parameters.replenishment is Replenishment.TRANSFER
        ),
        sales_orders=len({d.id for d in snapshot.demand if d.type is DemandType.SALES}),
        forecast_entries=demand[DemandType.FORECAST],
        blanket_orders=demand[DemandType.BLANKET],
        purchase_orders=supply[SupplyType.PURCHASE],
        production_orders=supply[SupplyType.PRODUCTION],
        transfer_orders=supply[SupplyType.TRANSFER_IN],
        inventory_entries=len(snapshot.inventory),
        shop_calendars=len(snapshot.shop.calendars),
        work_centers=len(snapshot.shop.work_centers),
        machine_centers=len(snapshot.shop.machine_centers),
        routings=len(snapshot.shop.routings),
    )


def lines_by_action_and_warning(result: PlanResult) -> dict[Action, Counter[Warning | None]]:
    """Per action (every action, in the worksheet's order), the lines per warning."""
    table: dict[Action, Counter[Warning | None]] = {action: Counter() for action in Action}
    for line in result.lines:
        table[line.action][line.warning] += 1
    return table


@dataclass(frozen=True, slots=True)
class Shortage:
    """A SKU whose new supply should already have started: it comes late unless expedited."""

    sku: SkuKey
    qty: Decimal
    first_due: Day
    value: Decimal  # qty x the item's unit cost
    lines: int
    warning: Warning | None  # the most severe warning of those lines


def top_shortages(
    snapshot: Snapshot, result: PlanResult, work_date: Day, limit: int = 10
) -> list[Shortage]:
    """The SKUs with the most valuable New lines that are already late to start.

    A New line is late when its starting date (due date minus lead times) is
    before the work date, or when it is an emergency order for demand that is
    already past due: the planner has to expedite these. Ranked by value
    (quantity x unit cost), then quantity, then SKU.
    """
    late = [
        line
        for line in result.lines
        if line.action is Action.NEW
        and (line.starting_date < work_date or line.warning is Warning.EMERGENCY)
    ]
    shortages: dict[SkuKey, Shortage] = {}
    for line in late:
        cost = snapshot.items[line.sku.item].unit_cost
        before = shortages.get(line.sku)
        if before is None:
            shortages[line.sku] = Shortage(
                line.sku, line.qty, line.due_date, line.qty * cost, 1, line.warning
            )
            continue
        worst = before.warning
        if line.warning is not None and (worst is None or line.warning.severity > worst.severity):
            worst = line.warning
        shortages[line.sku] = Shortage(
            line.sku,
            before.qty + line.qty,
            min(before.first_due, line.due_date),
            before.value + line.qty * cost,
            before.lines + 1,
            worst,
        )
    ranked = sorted(shortages.values(), key=lambda s: (-s.value, -s.qty, s.sku))
    return ranked[:limit]

"""Order planning: the demand lines no existing supply covers (planning-spec, order planning).

The planner's manual alternative to the planning run: for each committed
demand line (see :mod:`taktplan.planning.availability`) the part that stock
and existing orders leave open, line by line in date order. A receipt covers
only demand due on or after its date; stock on hand covers from the start.
The planner then makes supply for a line by hand, ignoring the planning
parameters (no lot sizing, no order modifiers): exactly the open quantity,
due on the demand date.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.dates import Day
from taktplan.domain.documents import DemandType
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.availability import ZERO, committed_demand
from taktplan.planning.options import PlanningOptions
from taktplan.planning.selection import card_for


@dataclass(frozen=True, slots=True)
class UncoveredDemand:
    """A demand line with the quantity existing supply leaves open (``needed``)."""

    sku: SkuKey
    demand: str
    demand_type: DemandType
    date: Day
    qty: Decimal
    needed: Decimal
    replenishment: Replenishment


def uncovered_demand(snapshot: Snapshot, options: PlanningOptions) -> list[UncoveredDemand]:
    """Every committed demand line not fully covered, by SKU then date."""
    committed = committed_demand(snapshot, options)
    on_hand: dict[SkuKey, Decimal] = {}
    for entry in snapshot.inventory:
        on_hand[entry.sku] = on_hand.get(entry.sku, ZERO) + entry.qty
    receipts: dict[SkuKey, list[tuple[Day, Decimal]]] = {}
    for order in snapshot.supply:
        receipts.setdefault(order.sku, []).append((order.date, order.qty))
    found: list[UncoveredDemand] = []
    for key in sorted(committed):
        if options.item_filter is not None and key.item not in options.item_filter:
            continue
        pool = on_hand.get(key, ZERO)
        incoming = sorted(receipts.get(key, []))
        replenishment = card_for(snapshot, key, options).replenishment
        for row in committed[key]:
            while incoming and incoming[0][0] <= row.date:
                pool += incoming.pop(0)[1]
            taken = min(max(pool, ZERO), row.qty)
            pool -= taken
            if taken < row.qty:
                found.append(
                    UncoveredDemand(
                        key, row.id, row.type, row.date, row.qty, row.qty - taken, replenishment
                    )
                )
    return found

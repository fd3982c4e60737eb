"""Order-to-order and lot-specific matching, before normal balancing (planning-spec §5).

Two kinds of demand are served by particular supply and never by general
balancing:

* component demand of a make-to-order structure: served by the sub-assembly
  order linked to the parent order, which follows the parent exactly (date
  and quantity, the dampener does not protect it) or is created for it;
* lot-specific demand (an item whose demand names a lot): served only by
  inventory and supply of that lot, else by a new supply of that lot.

Matching runs before the frozen zone is netted, so such demand dated before
the planning start is matched too. What is matched leaves the inventory
profile: the demand, the matched part of the supply and of the lot's stock
are allocated directly and take no part in the projected inventory.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from taktplan.domain.dates import iso
from taktplan.domain.item import ZERO
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.profile import DemandEntry, Origin, SupplyEntry

if TYPE_CHECKING:
    from taktplan.planning.sku_planner import SkuPlanner


def is_linked_demand(demand: DemandEntry) -> bool:
    """Component demand of a make-to-order structure (bound order-to-order)."""
    return demand.source is not None and demand.source.order_to_order


def is_lot_demand(planner: SkuPlanner, demand: DemandEntry) -> bool:
    return planner.inp.lot_specific and demand.source is not None and demand.source.lot is not None


def match_attributes(planner: SkuPlanner) -> None:
    """Serve linked and lot-specific demand first; take them out of the profile."""
    pending = sorted(planner.demands + planner.frozen_demands, key=DemandEntry.sort_key)
    done: set[int] = set()
    for demand in pending:
        if is_lot_demand(planner, demand):
            _match_lot(planner, demand)
            done.add(id(demand))
        elif is_linked_demand(demand) and not _ordinary_stock(planner):
            _match_linked(planner, demand)
            done.add(id(demand))
    if done:
        planner.demands = [d for d in planner.demands if id(d) not in done]
        planner.frozen_demands = [d for d in planner.frozen_demands if id(d) not in done]


def _ordinary_stock(planner: SkuPlanner) -> bool:
    """On-hand stock not bound to a lot: linked demand may use it in normal balancing."""
    lots = sum((qty for _, qty in planner.inp.lots), ZERO)
    return planner.on_hand - lots > 0


# ----------------------------------------------------------------- make-to-order
def _match_linked(planner: SkuPlanner, demand: DemandEntry) -> None:
    linked = [s for s in planner.supplies if s.linked_demand == demand.id and s.flexible]
    for supply in linked:
        if demand.untracked <= 0:
            break
        _follow(planner, demand, supply)
    if demand.untracked > 0:
        entry = planner.new_entry(Origin.NEW, demand.date, demand.untracked, flexible=True)
        entry.linked_demand = demand.id
        entry.note(
            f"make-to-order: linked to {demand.label()}, exactly {fmt_qty(demand.untracked)} "
            f"due {iso(demand.date)} (no order modifiers)"
        )
        _allocate(planner, demand, entry, demand.untracked)
    for supply in linked:
        if supply.untracked > 0:
            _decrease(planner, supply, supply.untracked, f"its linked {demand.label()}")


def _follow(planner: SkuPlanner, demand: DemandEntry, supply: SupplyEntry) -> None:
    """A linked order follows its parent's component need: date always, quantity up or down."""
    if supply.date != demand.date:
        planner.reschedule(supply, demand.date, f"follows its linked {demand.label()}")
    if supply.untracked < demand.untracked:
        increase = demand.untracked - supply.untracked
        supply.note(
            f"increased {fmt_qty(supply.qty)} -> {fmt_qty(supply.qty + increase)} "
            f"to match its linked {demand.label()}"
        )
        supply.qty += increase
        supply.untracked += increase
        planner.mark_changed(supply)
    _allocate(planner, demand, supply, min(supply.untracked, demand.untracked))


def _decrease(planner: SkuPlanner, supply: SupplyEntry, qty: Decimal, why: str) -> None:
    supply.note(f"decreased {fmt_qty(supply.qty)} -> {fmt_qty(supply.qty - qty)}: {why} needs less")
    supply.qty -= qty
    supply.untracked -= qty
    planner.mark_changed(supply)


# ------------------------------------------------------------------ lot-specific
def _match_lot(planner: SkuPlanner, demand: DemandEntry) -> None:
    assert demand.source is not None
    lot = demand.source.lot
    stock = planner.lot_stock.get(lot or "", ZERO)
    if stock > 0 and demand.untracked > 0:
        used = min(stock, demand.untracked)
        planner.lot_stock[lot or ""] = stock - used
        planner.on_hand -= used
        demand.untracked -= used
        planner.record_peg_from_stock(demand, used)
    for supply in [s for s in planner.supplies if s.lot == lot and s.date <= demand.date]:
        if demand.untracked <= 0:
            break
        used = min(supply.untracked, demand.untracked)
        if used > 0:
            supply.note(f"{fmt_qty(used)} of lot {lot} allocated to {demand.label()}")
            supply.untracked -= used
            demand.untracked -= used
            planner.record_peg(supply, demand, used)
    if demand.untracked > 0:
        entry = planner.new_entry(Origin.NEW, demand.date, demand.untracked, flexible=False)
        entry.lot = lot
        entry.note(
            f"lot-specific: {demand.label()} needs lot {lot}; no stock or supply of that lot "
            f"covers {fmt_qty(demand.untracked)} by {iso(demand.date)}"
        )
        _allocate(planner, demand, entry, demand.untracked)


def _allocate(planner: SkuPlanner, demand: DemandEntry, supply: SupplyEntry, qty: Decimal) -> None:
    """Serve ``qty`` of the demand from the supply, outside the projected inventory."""
    if qty <= 0:
        return
    planner.record_peg(supply, demand, qty)
    demand.untracked -= qty
    supply.untracked -= qty
    if supply not in planner.matched:
        planner.matched.append(supply)
        if supply in planner.supplies:
            planner.supplies.remove(supply)
    if supply.is_new:
        planner.mark_changed(supply)

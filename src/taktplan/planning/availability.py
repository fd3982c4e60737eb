"""Projected availability of existing supply: what orders already commit, and what is left.

No planning parameters and no suggestions here: only the stock on hand, the
existing orders and the demand they commit to. Two questions are answered
from it:

* **Order tracking / available to promise** (:func:`available_to_promise`):
  can a new or changed sales order be met from existing supply on its date,
  and if not, from which date on?
* **Order planning** (:mod:`taktplan.planning.order_planning`): which demand
  lines no supply covers.

Committed demand is every demand line except forecasts and blanket orders
(sales orders consume those), plus the component needs of existing
production and assembly orders, due on the order's starting date, exactly as
the planning engine derives them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from taktplan.domain.dates import Day
from taktplan.domain.documents import Demand, DemandType, Supply, SupplyType
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.options import PlanningOptions
from taktplan.planning.scheduling_dates import backward, card_for_kind, forward, routing_lead
from taktplan.planning.selection import card_for, component_sku

ZERO = Decimal(0)
HUNDRED = Decimal(100)
UNCOMMITTED = (DemandType.FORECAST, DemandType.BLANKET)
MADE = (SupplyType.PRODUCTION, SupplyType.ASSEMBLY)


def committed_demand(snapshot: Snapshot, options: PlanningOptions) -> dict[SkuKey, list[Demand]]:
    """Committed demand per SKU, by date (then document), see the module docstring."""
    found: dict[SkuKey, list[Demand]] = defaultdict(list)
    stated_parents: set[str] = set()
    for row in snapshot.demand:
        if row.type in UNCOMMITTED:
            continue
        found[row.sku].append(row)
        if row.type is DemandType.COMPONENT and row.parent is not None:
            stated_parents.add(row.parent)
    for order in snapshot.supply:
        if order.type in MADE and order.id not in stated_parents:
            for need in component_needs(snapshot, options, order):
                found[need.sku].append(need)
    for rows in found.values():
        rows.sort(key=lambda row: (row.date, row.id))
    return found


def component_needs(snapshot: Snapshot, options: PlanningOptions, order: Supply) -> list[Demand]:
    """What a production or assembly order needs of its components, on its starting date."""
    item = snapshot.items[order.sku.item]
    card = card_for_kind(card_for(snapshot, order.sku, options), order.type.value)
    kind, shop = order.type.value, snapshot.shop
    lead = routing_lead(shop, kind, order.sku.item, order.qty)
    dates = backward(card, order.date, snapshot.calendar, lead)
    starting = dates.starting
    linked = (
        shop.lead_times.component_days(order.sku.item, order.qty, dates.ending)
        if lead is not None
        else {}
    )
    scrap = 1 + item.scrap_pct / HUNDRED
    return [
        Demand(
            id=order.id,
            type=DemandType.COMPONENT,
            sku=component_sku(order.sku, need, options),
            date=linked.get(need.component, starting),
            qty=order.qty * need.qty_per * scrap,
            parent=order.id,
        )
        for need in snapshot.components.get(order.sku.item, ())
    ]


@dataclass(frozen=True, slots=True)
class Projection:
    """A SKU's projected inventory from existing supply: the balance after each date.

    ``lowest[i]`` is the lowest balance from ``dates[i]`` on (the suffix minimum).
    """

    on_hand: Decimal
    dates: tuple[Day, ...]
    balances: tuple[Decimal, ...]
    lowest: tuple[Decimal, ...]

    def suffix_minimum(self, day: Day) -> Decimal:
        """The lowest balance from ``day`` on: what can still be taken on ``day``."""
        index = bisect_right(self.dates, day)
        current = self.on_hand if index == 0 else self.balances[index - 1]
        return current if index == len(self.dates) else min(current, self.lowest[index])


def projection(
    snapshot: Snapshot,
    options: PlanningOptions,
    key: SkuKey,
    *,
    without: str | None = None,
    committed: dict[SkuKey, list[Demand]] | None = None,
) -> Projection:
    """Projected inventory of ``key``; ``without`` leaves out a sales order being changed."""
    demand = (committed if committed is not None else committed_demand(snapshot, options)).get(
        key, []
    )
    on_hand = sum((row.qty for row in snapshot.inventory if row.sku == key), ZERO)
    change: dict[Day, Decimal] = defaultdict(Decimal)
    for order in snapshot.supply:
        if order.sku == key:
            change[order.date] += order.qty
    for row in demand:
        if not (row.type is DemandType.SALES and row.id == without):
            change[row.date] -= row.qty
    dates = tuple(sorted(change))
    balances: list[Decimal] = []
    running = on_hand
    for date in dates:
        running += change[date]
        balances.append(running)
    lowest = list(balances)
    for index in range(len(lowest) - 2, -1, -1):
        lowest[index] = min(lowest[index], lowest[index + 1])
    return Projection(on_hand, dates, tuple(balances), tuple(lowest))


@dataclass(frozen=True, slots=True)
class Promise:
    """Available to promise for ``qty`` of a SKU wanted on ``requested``.

    ``available`` is what existing supply leaves free on the requested date;
    ``earliest`` the first date existing supply meets the whole quantity
    (None: it never does); ``by_new_supply`` the due date of a new order
    started today (the SKU's lead time through the calendar).
    """

    sku: SkuKey
    qty: Decimal
    requested: Day
    available: Decimal
    earliest: Day | None
    by_new_supply: Day

    @property
    def covered(self) -> bool:
        return self.earliest == self.requested


def available_to_promise(
    snapshot: Snapshot,
    options: PlanningOptions,
    key: SkuKey,
    qty: Decimal,
    requested: Day,
    *,
    without: str | None = None,
) -> Promise:
    """Whether existing supply meets ``qty`` on ``requested``, and the earliest date it does.

    Taking ``qty`` on a date lowers the projected inventory from that date on,
    so the date works when the lowest balance from it on is at least ``qty``;
    that lowest balance only grows with later dates, so the first date that
    works is the requested one or a later receipt date.
    """
    projected = projection(snapshot, options, key, without=without)
    available = max(projected.suffix_minimum(requested), ZERO)
    earliest: Day | None = None
    for day in (requested, *(d for d in projected.dates if d > requested)):
        if projected.suffix_minimum(day) >= qty:
            earliest = day
            break
    card = card_for(snapshot, key, options)
    by_new = forward(card, max(options.work_date, options.start), snapshot.calendar).due
    return Promise(key, qty, requested, available, earliest, by_new)

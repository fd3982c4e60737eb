"""The expected cost of an order: a quantity of an item, made in one order or bought.

The components are costed at their new standard cost from the roll-up; the
item's own routing is costed for the order's quantity, so its setup is paid
once by this order (not spread over the costing lot size as in the standard
cost). The variance is the expected cost minus the item's current standard
cost times the quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from taktplan.costing.production import Production, bought, produce
from taktplan.costing.rollup import CostRollup, MissingCost, MissingCostError
from taktplan.costing.shares import CONTEXT, ZERO, CostShares, divide, exact
from taktplan.domain.bom import explode
from taktplan.errors import InputError


@dataclass(frozen=True, slots=True)
class OrderEstimate:
    """Expected cost of ``qty`` units of ``item``: amounts for the whole quantity.

    ``single_level`` counts components as material at their full cost (as a
    production order's statistics do); ``rolled_up`` splits them into their
    own material, capacity, subcontracting and overhead. ``production`` has
    the components and operations of a produced item (None for a bought one
    or a quantity of 0).
    """

    item: str
    qty: Decimal
    produced: bool
    single_level: CostShares
    rolled_up: CostShares
    standard_cost: Decimal
    new_standard_cost: Decimal
    production: Production | None = None

    @property
    def total(self) -> Decimal:
        return self.single_level.total

    @property
    def unit_cost(self) -> Decimal:
        """Expected cost per unit (0 for a quantity of 0)."""
        return divide(self.total, self.qty) if self.qty else ZERO

    @property
    def standard_amount(self) -> Decimal:
        """The quantity at the item's current standard cost."""
        return CONTEXT.multiply(self.standard_cost, self.qty)

    @property
    def variance(self) -> Decimal | None:
        """Expected minus standard (positive: dearer than standard); None without a standard."""
        if self.standard_cost <= 0:
            return None
        return CONTEXT.subtract(self.total, self.standard_amount)


def estimate_order(
    rollup: CostRollup, item: str, qty: Decimal, *, purchased: bool = False
) -> OrderEstimate:
    """Cost ``qty`` units of ``item`` made in one order (or bought, for a bought item).

    ``purchased`` costs a purchase order: the quantity at the item's unit cost
    even if the item is made elsewhere (a :class:`MissingCostError` if it has
    none). ``rollup`` must cover the item (``roll_up(..., only=[item])`` is
    enough). A negative quantity is bad input; 0 costs nothing (no setup either).
    """
    with exact():
        return _estimate(rollup, item, qty, purchased)


def _estimate(rollup: CostRollup, item: str, qty: Decimal, purchased: bool) -> OrderEstimate:
    if qty < 0:
        raise InputError("quantity must not be negative", record=f"item {item}", field="qty")
    if purchased:
        card = rollup.items.get(item)
        if card is None:
            raise InputError(f"unknown item '{item}'", record=f"item {item}", field="no")
        if card.unit_cost <= 0:
            raise MissingCostError([MissingCost(item, (item,))])
        shares = bought(card).times(qty)
        return OrderEstimate(item, qty, False, shares, shares, card.standard_cost, card.unit_cost)
    row = rollup.row(item)
    card = rollup.items[item]
    if qty == 0:
        zero = CostShares()
        return OrderEstimate(
            item, qty, row.produced, zero, zero, card.standard_cost, row.new_standard_cost
        )
    if not row.produced:
        shares = bought(card).times(qty)
        return OrderEstimate(
            item, qty, False, shares, shares, card.standard_cost, row.new_standard_cost
        )
    shop = rollup.shop
    made = produce(
        card,
        qty,
        explode(rollup.items, item),
        shop.routing(item),
        None if shop.empty else shop.resources,
        lambda component: rollup.row(component).rolled_up,
    )
    return OrderEstimate(
        item,
        qty,
        True,
        made.single_level,
        made.rolled_up,
        card.standard_cost,
        row.new_standard_cost,
        made,
    )

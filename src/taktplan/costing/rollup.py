"""The standard cost roll-up: every item's cost per unit, bottom-up through BOMs and routings.

:func:`roll_up` returns the standard cost worksheet (:class:`CostRollup`):
one :class:`ItemCost` row per item with its current standard cost, the new
one and the single-level and rolled-up shares. Items are costed in
low-level-code order, deepest first, so that a parent is costed from its
components' new costs. Nothing is written anywhere: applying the new
standard costs to the items is the caller's business.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from taktplan.costing.production import Production, bought, produce
from taktplan.costing.shares import CONTEXT, CostShares, exact
from taktplan.domain.bom import ComponentNeed, explode, low_level_codes
from taktplan.domain.item import Item, PlanningParameters, Replenishment
from taktplan.domain.shop import ShopData, check_shop
from taktplan.errors import InputError
from taktplan.planning.parameters import round_up_to_multiple

PRODUCED = frozenset({Replenishment.PRODUCTION, Replenishment.ASSEMBLY})
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class MissingCost:
    """An item costed at its unit cost that has none, and how the roll-up reached it."""

    item: str
    path: tuple[str, ...]

    def describe(self) -> str:
        return " > ".join(self.path) + " has no unit cost"


class MissingCostError(InputError):
    """Bought items without a unit cost: every one of them, each with a path through the BOMs."""

    def __init__(self, missing: Iterable[MissingCost]) -> None:
        self.missing = tuple(missing)
        count = len(self.missing)
        head = "1 item has" if count == 1 else f"{count} items have"
        text = "; ".join(row.describe() for row in self.missing)
        record = f"item {self.missing[0].item}" if count == 1 else "items"
        super().__init__(f"{head} no unit cost: {text}", record=record, field="unit_cost")

    def located(self, source: str) -> InputError:
        located = MissingCostError(self.missing)
        located.source = source
        return located


@dataclass(frozen=True, slots=True)
class ItemCost:
    """A row of the standard cost worksheet: one item's cost per unit.

    ``produced`` items are rolled up from their BOM and routing over
    ``lot_size`` units (``lot`` has the breakdown); the others cost their
    unit cost. ``standard_cost`` is the item's current standard cost,
    :attr:`new_standard_cost` what the roll-up makes of it.
    """

    item: str
    replenishment: Replenishment
    produced: bool
    lot_size: Decimal
    standard_cost: Decimal
    indirect_cost_pct: Decimal
    overhead_rate: Decimal
    single_level: CostShares
    rolled_up: CostShares
    lot: Production | None = None

    @property
    def new_standard_cost(self) -> Decimal:
        return self.rolled_up.total

    @property
    def change(self) -> Decimal:
        return CONTEXT.subtract(self.new_standard_cost, self.standard_cost)


@dataclass(frozen=True, slots=True)
class CostRollup:
    """The standard cost worksheet, and what an order estimate needs to cost more quantities."""

    items: Mapping[str, Item]
    shop: ShopData
    rows: Mapping[str, ItemCost]
    low_level_codes: Mapping[str, int]

    def row(self, item: str) -> ItemCost:
        found = self.rows.get(item)
        if found is None:
            raise InputError("item not in the cost roll-up", record=f"item {item}", field="no")
        return found

    def worksheet(self) -> tuple[ItemCost, ...]:
        """The rows by item number."""
        return tuple(self.rows[no] for no in sorted(self.rows))


def costing_lot_size(parameters: PlanningParameters) -> Decimal:
    """The quantity a standard cost is calculated for (setup is spread over it).

    The item card's reorder quantity (1 when blank), with the order modifiers
    applied the way planning applies them to an order: capped at the maximum
    order quantity, raised to the minimum, rounded up to the order multiple.
    """
    qty = parameters.reorder_qty if parameters.reorder_qty > 0 else ONE
    if parameters.max_order_qty > 0:
        qty = min(qty, parameters.max_order_qty)
    qty = max(qty, parameters.min_order_qty)
    return round_up_to_multiple(qty, parameters.order_multiple)


def produced_items(items: Mapping[str, Item], shop: ShopData) -> set[str]:
    """The items rolled up from BOM and routing rather than costed at their unit cost.

    Made ones (production or assembly) with a BOM or a routing, and every item
    named on a phantom BOM line: a phantom is never bought, its BOM is its cost.
    """
    made = {
        no
        for no, item in items.items()
        if item.parameters.replenishment in PRODUCED and (item.bom or shop.routing(no) is not None)
    }
    phantoms = {line.component for item in items.values() for line in item.bom if line.phantom}
    return made | {no for no in phantoms if items[no].bom}


def roll_up(
    items: Mapping[str, Item],
    shop: ShopData | None = None,
    *,
    only: Collection[str] | None = None,
    components: Mapping[str, tuple[ComponentNeed, ...]] | None = None,
) -> CostRollup:
    """Cost every item (or those in ``only`` and everything below them) per unit.

    A BOM cycle or a BOM line naming an unknown item is an :class:`InputError`
    before anything is costed. Bought items without a unit cost are collected
    over the whole structure and raised together as one
    :class:`MissingCostError`, each with its path from the top.
    ``components`` may pass the exploded BOMs a snapshot already holds
    (``snapshot.components``); otherwise they are exploded here.
    """
    with exact():
        return _roll_up(items, shop or ShopData(), only, components)


def _roll_up(
    items: Mapping[str, Item],
    shop: ShopData,
    only: Collection[str] | None,
    components: Mapping[str, tuple[ComponentNeed, ...]] | None,
) -> CostRollup:
    _check_components(items)
    levels = low_level_codes(items)  # raises on a BOM cycle: nothing below can loop
    check_shop(shop, items)
    resources = shop.resources if not shop.empty else None
    produced = produced_items(items, shop)
    known = components or {}
    needs = {no: known[no] if no in known else explode(items, no) for no in produced}
    scope = _closure(items, needs, only)
    rolled: dict[str, CostShares] = {}
    rows: dict[str, ItemCost] = {}
    missing: list[str] = []
    for no in sorted(scope, key=lambda no: (-levels[no], no)):
        item = items[no]
        lot: Production | None = None
        if no in produced:
            lot_size = costing_lot_size(item.parameters)
            lot = produce(
                item, lot_size, needs[no], shop.routing(no), resources, rolled.__getitem__
            )
            single, per_unit = (
                lot.single_level.divided_by(lot_size),
                lot.rolled_up.divided_by(lot_size),
            )
        else:
            lot_size = ONE
            if item.unit_cost <= 0:
                missing.append(no)
            single = per_unit = bought(item)
        rolled[no] = per_unit
        rows[no] = ItemCost(
            no,
            item.parameters.replenishment,
            lot is not None,
            lot_size,
            item.standard_cost,
            item.indirect_cost_pct,
            item.overhead_rate,
            single,
            per_unit,
            lot,
        )
    if missing:
        raise MissingCostError(_paths(items, produced, scope, missing))
    return CostRollup(
        MappingProxyType(dict(items)),
        shop,
        MappingProxyType(rows),
        MappingProxyType(levels),
    )


def _check_components(items: Mapping[str, Item]) -> None:
    for item in items.values():
        for index, line in enumerate(item.bom):
            if line.component not in items:
                raise InputError(
                    f"unknown component item '{line.component}'",
                    record=f"item {item.no} bom[{index}]",
                    field="component",
                )


def _closure(
    items: Mapping[str, Item],
    needs: Mapping[str, tuple[ComponentNeed, ...]],
    only: Collection[str] | None,
) -> set[str]:
    """The items to cost: ``only`` and the components their costs depend on."""
    if only is None:
        return set(items)
    for no in only:
        if no not in items:
            raise InputError(f"unknown item '{no}'", record=f"item {no}", field="no")
    scope: set[str] = set()
    stack = list(only)
    while stack:
        no = stack.pop()
        if no in scope:
            continue
        scope.add(no)
        stack.extend(need.component for need in needs.get(no, ()))
    return scope


def _paths(
    items: Mapping[str, Item], produced: set[str], scope: set[str], missing: list[str]
) -> list[MissingCost]:
    """For each item without a cost, a path down the BOMs from an item nothing above uses.

    Parents are the produced items in scope, and phantom items on the way
    (they show where the component comes from). Each step up takes the
    parent first in item-number order; there is no cycle (checked before).
    """
    parents: dict[str, set[str]] = {}
    stack = [no for no in scope if no in produced]
    seen: set[str] = set()
    while stack:
        parent = stack.pop()
        if parent in seen:
            continue
        seen.add(parent)
        for line in items[parent].bom:
            parents.setdefault(line.component, set()).add(parent)
            if line.phantom:
                stack.append(line.component)
    found: list[MissingCost] = []
    for no in sorted(missing):
        path = [no]
        while parents.get(path[-1]):
            path.append(min(parents[path[-1]]))
        found.append(MissingCost(no, tuple(reversed(path))))
    return found

"""What one production order of an item costs: its components and its routing.

:func:`produce` is the one place where material, capacity, subcontracting and
overhead are computed; the standard cost roll-up calls it for an item's
costing lot size, an order estimate for the order's quantity. See
``docs/costing.md`` for the definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from taktplan.capacity.resources import Capacity, CostBasis, Shop
from taktplan.capacity.routing import Routing, RoutingOperation
from taktplan.costing.shares import HUNDRED, ZERO, CostShares, divide, pct
from taktplan.domain.bom import ComponentNeed
from taktplan.domain.item import Item

MINUTES_PER_HOUR = Decimal(60)


@dataclass(frozen=True, slots=True)
class MaterialCost:
    """A component an order consumes: quantity (scrap included) at the component's cost."""

    component: str
    variant: str
    qty: Decimal
    unit_cost: Decimal

    @property
    def amount(self) -> Decimal:
        return self.qty * self.unit_cost


@dataclass(frozen=True, slots=True)
class OperationCost:
    """A routing operation of an order: the hours (or units) it costs and at what rate.

    ``quantity`` is hours of setup and run time, stretched by the center's
    efficiency, when ``basis`` is time, and units put through when it is
    unit. ``direct`` is ``quantity x rate``; ``overhead`` is the center's
    indirect cost % of it plus its overhead rate per hour or unit.
    """

    operation: str
    resource: str
    basis: CostBasis
    quantity: Decimal
    rate: Decimal
    direct: Decimal
    overhead: Decimal
    subcontracted: bool


@dataclass(frozen=True, slots=True)
class Production:
    """The cost of producing ``qty`` good units of an item in one order (setup once).

    ``gross_qty`` is ``qty`` plus the item's scrap %: what the routing runs
    and what the components are needed for. ``single_level`` counts the
    components at their full cost as material; ``rolled_up`` splits them into
    their own shares. Both add up to the same total.
    """

    item: str
    qty: Decimal
    gross_qty: Decimal
    single_level: CostShares
    rolled_up: CostShares
    materials: tuple[MaterialCost, ...]
    operations: tuple[OperationCost, ...]


def gross_quantity(item: Item, qty: Decimal) -> Decimal:
    """The quantity started for ``qty`` good units: plus the item's scrap %."""
    return qty + pct(qty, item.scrap_pct)


def operation_cost(
    op: RoutingOperation, where: Capacity, gross_qty: Decimal, subcontracted: bool
) -> OperationCost:
    """Direct cost and capacity overhead of one operation for ``gross_qty`` units."""
    rate = where.unit_cost if op.unit_cost_per is None else op.unit_cost_per
    if where.cost_basis is CostBasis.TIME:
        minutes = divide((op.setup_time + op.run_time * gross_qty) * HUNDRED, where.efficiency_pct)
        quantity = divide(minutes, MINUTES_PER_HOUR)
    else:
        quantity = gross_qty
    direct = quantity * rate
    overhead = pct(direct, where.indirect_cost_pct) + where.overhead_rate * quantity
    return OperationCost(
        op.no, where.code, where.cost_basis, quantity, rate, direct, overhead, subcontracted
    )


def is_subcontracted(where: Capacity, resources: Shop) -> bool:
    """Work bought outside: the center, or the work center of a machine center, has a vendor."""
    if where.subcontractor:
        return True
    parent = resources.resources.get(where.work_center)
    return parent is not None and bool(parent.subcontractor)


def produce(
    item: Item,
    qty: Decimal,
    needs: tuple[ComponentNeed, ...],
    routing: Routing | None,
    resources: Shop | None,
    component_cost: Callable[[str], CostShares],
) -> Production:
    """Cost ``qty`` good units of ``item`` made in one order.

    ``needs`` are the item's components per unit after phantom explosion
    (BOM-line scrap included); ``component_cost`` gives a component's rolled-up
    shares per unit. Material is the components for the gross quantity;
    capacity, subcontracting and capacity overhead come from the routing;
    manufacturing overhead is the item's indirect cost % of all of that plus
    its overhead rate per good unit.
    """
    gross = gross_quantity(item, qty)
    materials: list[MaterialCost] = []
    below = CostShares()
    for need in needs:
        shares = component_cost(need.component)
        used = gross * need.qty_per
        materials.append(MaterialCost(need.component, need.variant, used, shares.total))
        below = below + shares.times(used)
    operations: list[OperationCost] = []
    if routing is not None and resources is not None:
        for op in routing.operations:
            where = resources[op.resource]
            operations.append(operation_cost(op, where, gross, is_subcontracted(where, resources)))
    capacity = sum((op.direct for op in operations if not op.subcontracted), ZERO)
    subcontracted = sum((op.direct for op in operations if op.subcontracted), ZERO)
    capacity_overhead = sum((op.overhead for op in operations), ZERO)
    material = sum((line.amount for line in materials), ZERO)
    base = material + capacity + subcontracted + capacity_overhead
    manufacturing_overhead = pct(base, item.indirect_cost_pct) + item.overhead_rate * qty
    own = CostShares(ZERO, capacity, subcontracted, capacity_overhead, manufacturing_overhead)
    single = CostShares(material=material) + own
    rolled = below + own
    return Production(item.no, qty, gross, single, rolled, tuple(materials), tuple(operations))


def bought(item: Item) -> CostShares:
    """A bought item's cost per unit: its unit cost, all material."""
    return CostShares(material=item.unit_cost)

"""Costing: the standard cost roll-up, order estimates and the cost of a plan.

Pure functions over the planning world (no I/O, no database)::

    rollup = roll_up(snapshot.items, snapshot.shop)       # the standard cost worksheet
    rollup.row("BIKE").new_standard_cost                 # cost per unit, rolled up
    estimate_order(rollup, "BIKE", Decimal(12))          # an order of 12: shares, variance
    plan_cost(rollup, result.lines, Period.MONTH)        # purchase spend, production cost

Definitions: ``docs/costing.md``. Amounts are exact decimals; round only to show them.
"""

from taktplan.costing.order import OrderEstimate, estimate_order
from taktplan.costing.plan import LineCost, Period, PlanCost, PlanCostRow, period_of, plan_cost
from taktplan.costing.production import MaterialCost, OperationCost, Production
from taktplan.costing.rollup import (
    CostRollup,
    ItemCost,
    MissingCost,
    MissingCostError,
    costing_lot_size,
    produced_items,
    roll_up,
)
from taktplan.costing.shares import CostShares, money, unit_amount

__all__ = [
    "CostRollup",
    "CostShares",
    "ItemCost",
    "LineCost",
    "MaterialCost",
    "MissingCost",
    "MissingCostError",
    "OperationCost",
    "OrderEstimate",
    "Period",
    "PlanCost",
    "PlanCostRow",
    "Production",
    "costing_lot_size",
    "estimate_order",
    "money",
    "period_of",
    "plan_cost",
    "produced_items",
    "roll_up",
    "unit_amount",
]

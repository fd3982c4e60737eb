"""Routings: the operations that make an item, in sequence.

Times are minutes: setup once per order, run time per unit, wait time after
the operation (drying, cooling: elapsed time, no capacity used) and move time
to the next operation (elapsed). ``alternatives`` lists other work or machine
centers that can do the operation; ``components`` the BOM components
consumed at it (they must be there when it starts).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from taktplan.capacity.resources import HUNDRED, Capacity, Shop
from taktplan.errors import InputError


@dataclass(frozen=True, slots=True)
class RoutingOperation:
    no: str
    resource: str
    setup_time: Decimal = Decimal(0)
    run_time: Decimal = Decimal(0)
    wait_time: int = 0
    move_time: int = 0
    alternatives: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    description: str = ""
    # Overrides the center's unit cost for this operation (same basis), when set.
    unit_cost_per: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Routing:
    """An item's routing; operations in the order they are done."""

    item: str
    operations: tuple[RoutingOperation, ...]


def check_routings(routings: Mapping[str, Routing], shop: Shop) -> None:
    """Reject routings naming unknown resources, repeating an operation no. or negative times."""
    for item, routing in routings.items():
        seen: set[str] = set()
        if not routing.operations:
            raise InputError(
                "a routing needs operations", record=f"routing {item}", field="operations"
            )
        for op in routing.operations:
            record = f"routing {item} operation {op.no}"
            if op.no in seen:
                raise InputError("operation no. used twice", record=record, field="no")
            seen.add(op.no)
            for code in (op.resource, *op.alternatives):
                if code not in shop:
                    raise InputError(
                        f"unknown work or machine center '{code}'", record=record, field="resource"
                    )
            for name in ("setup_time", "run_time", "wait_time", "move_time"):
                if getattr(op, name) < 0:
                    raise InputError("time must not be negative", record=record, field=name)
            if op.unit_cost_per is not None and op.unit_cost_per < 0:
                raise InputError("must not be negative", record=record, field="unit_cost_per")


def process_minutes(op: RoutingOperation, where: Capacity, qty: Decimal) -> tuple[int, int]:
    """Capacity needed for setup and run of ``qty`` units at ``where``, in whole minutes.

    Efficiency stretches both (80 % turns 60 minutes into 75).
    """
    efficiency = where.efficiency_pct / HUNDRED
    setup = math.ceil(op.setup_time / efficiency)
    run = math.ceil(op.run_time * qty / efficiency)
    return setup, run


def elapsed_minutes(where: Capacity, setup: int, run: int) -> int:
    """Working minutes the operation spans: parallel units share the run, not the setup."""
    return setup + math.ceil(run / where.capacity)

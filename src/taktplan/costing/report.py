"""Cost figures as JSON documents, and the order or worksheet line a cost is asked for.

Shared by ``takt cost --json`` and the web API, so both give the same
documents: unit costs to 5 decimals, amounts to 2, whole numbers as integers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from taktplan.costing.order import OrderEstimate
from taktplan.costing.plan import PlanCost, PlanCostRow
from taktplan.costing.rollup import ItemCost
from taktplan.costing.shares import SHARE_NAMES, CostShares, money, unit_amount
from taktplan.domain.dates import iso
from taktplan.domain.documents import Supply, SupplyType
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import PlanningLine

COSTED_SUPPLY = {
    SupplyType.PRODUCTION: "production",
    SupplyType.ASSEMBLY: "assembly",
    SupplyType.PURCHASE: "purchase",
}


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def unit_number(value: Decimal) -> int | float:
    """A cost per unit in JSON: 5 decimals."""
    return number(unit_amount(value))


def amount_number(value: Decimal) -> int | float:
    """An amount in JSON: 2 decimals."""
    return number(money(value))


def shares_json(shares: CostShares, number: Any) -> dict[str, int | float]:
    found = {name: number(getattr(shares, name)) for name in SHARE_NAMES}
    found["total"] = number(shares.total)
    return dict(found)


def costed_from(row: ItemCost) -> str:
    """``unit cost`` for a bought item; ``BOM``, ``routing`` or both for a produced one."""
    if row.lot is None:
        return "unit cost"
    parts = [
        name for name, used in (("BOM", row.lot.materials), ("routing", row.lot.operations)) if used
    ]
    return " + ".join(parts)


def item_cost_json(row: ItemCost) -> dict[str, Any]:
    return {
        "item": row.item,
        "replenishment": row.replenishment.value,
        "produced": row.produced,
        "costed_from": costed_from(row),
        "lot_size": number(row.lot_size),
        "standard_cost": unit_number(row.standard_cost),
        "new_standard_cost": unit_number(row.new_standard_cost),
        "change": unit_number(row.change),
        "indirect_cost_pct": number(row.indirect_cost_pct),
        "overhead_rate": number(row.overhead_rate),
        "single_level": shares_json(row.single_level, unit_number),
        "rolled_up": shares_json(row.rolled_up, unit_number),
    }


@dataclass(frozen=True, slots=True)
class CostedOrder:
    """What ``takt cost order`` costs: an item, a quantity, how it is supplied, and the title."""

    item: str
    qty: Decimal
    purchased: bool
    title: str


def open_order(snapshot: Snapshot, document: str) -> CostedOrder:
    found: Supply | None = next((s for s in snapshot.supply if s.id == document), None)
    if found is None:
        raise InputError("no such open order", record=f"order {document}", field="id")
    kind = COSTED_SUPPLY.get(found.type)
    if kind is None:
        raise InputError(
            f"{document} is a {found.type.value} order: it moves stock and has no cost of its own",
            record=f"order {document}",
            field="type",
        )
    status = f" ({found.status.value})" if kind != "purchase" else ""
    title = f"{kind.capitalize()} order {document}{status}: {fmt_qty(found.qty)} {found.sku}"
    title += f" due {iso(found.date)}"
    return CostedOrder(found.sku.item, found.qty, kind == "purchase", title)


def worksheet_line(lines: Iterable[PlanningLine], line_no: int) -> CostedOrder:
    known = list(lines)
    found = next((line for line in known if line.line_no == line_no), None)
    if found is None:
        numbers = ", ".join(str(line.line_no) for line in known[:20]) or "none"
        raise InputError(
            f"no worksheet line {line_no} (lines: {numbers})", record=f"line {line_no}"
        )
    if found.ref_type not in ("production", "assembly", "purchase"):
        raise InputError(
            "a transfer moves stock and has no cost of its own",
            record=f"line {line_no}",
            field="replenishment",
        )
    title = (
        f"Worksheet line {line_no}: {found.action.label} {found.ref_type} "
        f"{fmt_qty(found.qty)} {found.sku} due {iso(found.due_date)}"
        + (f" ({found.ref})" if found.ref else "")
    )
    return CostedOrder(found.sku.item, found.qty, found.ref_type == "purchase", title)


def estimate_json(costed: CostedOrder, estimate: OrderEstimate) -> dict[str, Any]:
    made = estimate.production
    return {
        "order": costed.title,
        "item": estimate.item,
        "qty": number(estimate.qty),
        "produced": estimate.produced,
        "single_level": shares_json(estimate.single_level, amount_number),
        "rolled_up": shares_json(estimate.rolled_up, amount_number),
        "unit_cost": unit_number(estimate.unit_cost),
        "standard_cost": unit_number(estimate.standard_cost),
        "new_standard_cost": unit_number(estimate.new_standard_cost),
        "standard_amount": amount_number(estimate.standard_amount),
        "variance": None if estimate.variance is None else amount_number(estimate.variance),
        "materials": []
        if made is None
        else [
            {
                "component": m.component,
                "variant": m.variant,
                "qty": number(m.qty),
                "unit_cost": unit_number(m.unit_cost),
                "amount": amount_number(m.amount),
            }
            for m in made.materials
        ],
        "operations": []
        if made is None
        else [
            {
                "operation": op.operation,
                "resource": op.resource,
                "basis": op.basis.value,
                "quantity": number(op.quantity),
                "rate": unit_number(op.rate),
                "direct": amount_number(op.direct),
                "overhead": amount_number(op.overhead),
                "subcontracted": op.subcontracted,
            }
            for op in made.operations
        ],
    }


def plan_row_json(row: PlanCostRow) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if row.period:
        found["period"] = row.period
    if row.group:
        found["group"] = row.group
    found.update(
        purchase=amount_number(row.purchase),
        production=shares_json(row.production, amount_number),
        purchase_change=amount_number(row.purchase_change),
        production_change=amount_number(row.production_change),
        lines=row.lines,
    )
    return found


def plan_json(cost: PlanCost) -> dict[str, Any]:
    return {
        "period": cost.period.value,
        "periods": [plan_row_json(row) for row in cost.by_period()],
        "groups": [plan_row_json(row) for row in cost.by_group()],
        "cells": [plan_row_json(row) for row in cost.cells()],
        "total": plan_row_json(cost.total()),
        "skipped_lines": list(cost.skipped),
    }

"""Domain records as JSON-ready dictionaries, and the errors the API adds to the domain's.

Dates are ``YYYY-MM-DD``, quantities strings holding their exact decimal
value (``"12.5"``), enums their value (``"lot-for-lot"``), date formulas the
text a planner types (``"2W"``).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

from taktplan.domain.dates import DateFormula, Day, iso
from taktplan.domain.documents import Demand, Supply
from taktplan.domain.item import PlanningParameters, SkuKey
from taktplan.errors import InputError
from taktplan.planning.result import PlanningLine
from taktplan.storage.types import formula_text


class NotFoundError(InputError):
    """The request names a record that does not exist (404)."""


def value(raw: Any) -> Any:
    """One field value as JSON: enums by value, formulas as text, decimals as strings."""
    if isinstance(raw, Enum):
        return raw.value
    if isinstance(raw, DateFormula):
        return formula_text(raw)
    if isinstance(raw, Decimal):
        return qty(raw)
    return raw


def qty(number: Decimal) -> str:
    """The exact value without trailing zeros: ``"12.50"`` -> ``"12.5"``, ``"1E+1"`` -> ``"10"``."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def day(number: Day | None) -> str | None:
    return iso(number) if number is not None else None


def parameters(params: PlanningParameters) -> dict[str, Any]:
    return {name: value(getattr(params, name)) for name in PlanningParameters.field_names()}


def sku(key: SkuKey) -> dict[str, str]:
    return {"item": key.item, "variant": key.variant, "location": key.location}


def line(row: PlanningLine) -> dict[str, Any]:
    return {
        "line_no": row.line_no,
        **sku(row.sku),
        "action": row.action.value,
        "action_label": row.action.label,
        "replenishment": row.replenishment.value,
        "ref": row.ref,
        "ref_type": row.ref_type,
        "due_date": day(row.due_date),
        "starting_date": day(row.starting_date),
        "ending_date": day(row.ending_date),
        "qty": qty(row.qty),
        "original_due_date": day(row.original_due_date),
        "original_qty": None if row.original_qty is None else qty(row.original_qty),
        "warning": None if row.warning is None else row.warning.value,
        "warning_text": row.warning_text,
        "accepted": row.accept_action_message,
        "explanation": list(row.explanation),
        "supply_id": row.supply_id,
    }


def supply(row: Supply) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type.value,
        **sku(row.sku),
        "due_date": day(row.date),
        "qty": qty(row.qty),
        "status": row.status.value,
        "flexibility": row.flexibility.value,
        "lot": row.lot,
        "linked_demand": row.linked_demand,
        "reserved_qty": qty(row.reserved_qty),
    }


def demand(row: Demand) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": row.type.value,
        **sku(row.sku),
        "date": day(row.date),
        "qty": qty(row.qty),
        "reserved_qty": qty(row.reserved_qty),
        "lot": row.lot,
        "blanket_id": row.blanket_id,
        "parent": row.parent,
    }

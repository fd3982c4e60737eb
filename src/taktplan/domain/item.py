"""Items, their planning parameters and stockkeeping units (SKUs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from taktplan.domain.dates import NO_PERIOD, DateFormula

ZERO = Decimal(0)


class ReorderingPolicy(StrEnum):
    FIXED_REORDER_QTY = "fixed-reorder-qty"
    MAXIMUM_QTY = "maximum-qty"
    ORDER = "order"
    LOT_FOR_LOT = "lot-for-lot"

    @property
    def label(self) -> str:
        return {
            "fixed-reorder-qty": "Fixed Reorder Qty.",
            "maximum-qty": "Maximum Qty.",
            "order": "Order",
            "lot-for-lot": "Lot-for-Lot",
        }[self.value]


class Replenishment(StrEnum):
    PURCHASE = "purchase"
    PRODUCTION = "production"
    ASSEMBLY = "assembly"
    TRANSFER = "transfer"


class ManufacturingPolicy(StrEnum):
    MAKE_TO_STOCK = "make-to-stock"
    MAKE_TO_ORDER = "make-to-order"


class SkuKey(NamedTuple):
    """The planning unit: item x variant x location.

    A named tuple rather than a dataclass: SKU keys are hashed and compared
    millions of times in a large plan, and a tuple does both in C. It sorts
    by item, then variant, then location.
    """

    item: str
    variant: str = ""
    location: str = ""

    def __str__(self) -> str:
        parts = [self.item]
        if self.variant:
            parts.append(f"variant {self.variant}")
        parts.append(f"at {self.location or '(blank location)'}")
        return " ".join(parts)


def sku_order(key: SkuKey) -> tuple[str, str, str]:
    """The sort key of a SKU: the same order as comparing SKUs, without calling ``__lt__``."""
    return (key.item, key.variant, key.location)


@dataclass(frozen=True, slots=True)
class PlanningParameters:
    """The planning fields of an item card or SKU card, as entered."""

    replenishment: Replenishment = Replenishment.PURCHASE
    reordering_policy: ReorderingPolicy | None = None
    lead_time: DateFormula = NO_PERIOD
    safety_lead_time: DateFormula = NO_PERIOD
    safety_stock: Decimal = ZERO
    reorder_point: Decimal = ZERO
    reorder_qty: Decimal = ZERO
    max_inventory: Decimal = ZERO
    overflow_level: Decimal = ZERO
    time_bucket: DateFormula = NO_PERIOD
    lot_accumulation_period: DateFormula = NO_PERIOD
    rescheduling_period: DateFormula = NO_PERIOD
    dampener_period: DateFormula = NO_PERIOD
    dampener_qty: Decimal = ZERO
    include_inventory: bool = True
    min_order_qty: Decimal = ZERO
    max_order_qty: Decimal = ZERO
    order_multiple: Decimal = ZERO
    transfer_from: str | None = None
    transfer_shipping_time: DateFormula = NO_PERIOD
    # Warehouse handling at the SKU's location; filled from the location card
    # when the SKU is planned (planning-spec §9), not entered on items.
    inbound_handling: DateFormula = NO_PERIOD
    outbound_handling: DateFormula = NO_PERIOD

    def overridden(self, changes: dict[str, Any]) -> PlanningParameters:
        """A copy with the given fields replaced (an SKU over its item card)."""
        return replace(self, **changes)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class BomLine:
    """A line of a production BOM.

    A phantom line (assembly-through) names an item that is never built on its
    own: its BOM is exploded into the parent's, so its components are needed
    directly by the parent order and the phantom item itself gets no demand.
    """

    component: str
    qty_per: Decimal
    scrap_pct: Decimal = ZERO
    variant: str = ""
    phantom: bool = False


@dataclass(frozen=True, slots=True)
class Location:
    """A location card: warehouse handling times move planned dates (planning-spec §9)."""

    code: str
    inbound_handling: DateFormula = NO_PERIOD
    outbound_handling: DateFormula = NO_PERIOD


@dataclass(frozen=True, slots=True)
class Item:
    """An item card."""

    no: str
    parameters: PlanningParameters
    scrap_pct: Decimal = ZERO
    manufacturing_policy: ManufacturingPolicy = ManufacturingPolicy.MAKE_TO_STOCK
    unit_cost: Decimal = ZERO
    lot_specific: bool = False
    bom: tuple[BomLine, ...] = ()
    # Costing (not planning): standard cost as last applied from the standard
    # cost worksheet, indirect cost % and overhead rate per unit.
    standard_cost: Decimal = ZERO
    indirect_cost_pct: Decimal = ZERO
    overhead_rate: Decimal = ZERO
    # Product attributes for changeovers (colour, allergen, size...).
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sku:
    """A stockkeeping unit card: its parameters already fall back to the item card."""

    key: SkuKey
    parameters: PlanningParameters

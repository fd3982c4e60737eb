"""Demand and supply documents, inventory and reservations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from taktplan.domain.dates import Day
from taktplan.domain.item import ZERO, SkuKey


class DemandType(StrEnum):
    SALES = "sales"
    FORECAST = "forecast"
    BLANKET = "blanket"
    COMPONENT = "component"
    TRANSFER_OUT = "transfer-out"
    SERVICE = "service"
    JOB = "job"


class SupplyType(StrEnum):
    PURCHASE = "purchase"
    PRODUCTION = "production"
    ASSEMBLY = "assembly"
    TRANSFER_IN = "transfer-in"


class SupplyStatus(StrEnum):
    OPEN = "open"
    RELEASED = "released"
    PLANNED = "planned"
    FIRM_PLANNED = "firm-planned"


class PlanningFlexibility(StrEnum):
    UNLIMITED = "unlimited"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class InventoryEntry:
    """Quantity on hand of a SKU (optionally of one lot)."""

    sku: SkuKey
    qty: Decimal
    lot: str | None = None


@dataclass(frozen=True, slots=True)
class Demand:
    """A line that needs the item: sales, forecast, blanket, component, transfer out..."""

    id: str
    type: DemandType
    sku: SkuKey
    date: Day
    qty: Decimal
    reserved_qty: Decimal = ZERO
    lot: str | None = None
    blanket_id: str | None = None
    component_forecast: bool = False
    parent: str | None = None
    # Set on the component demand of a make-to-order structure: it is served
    # by its own linked supply, never by general balancing (planning-spec §5, §11).
    order_to_order: bool = False


@dataclass(frozen=True, slots=True)
class Supply:
    """An existing order that brings the item: purchase, production, assembly, transfer in."""

    id: str
    type: SupplyType
    sku: SkuKey
    date: Day
    qty: Decimal
    status: SupplyStatus = SupplyStatus.OPEN
    flexibility: PlanningFlexibility = PlanningFlexibility.UNLIMITED
    lot: str | None = None
    linked_demand: str | None = None
    reserved_qty: Decimal = ZERO

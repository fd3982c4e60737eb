"""The inventory profile of one SKU: its demand and supply as working entries.

Entries are mutable while one SKU is balanced and are thrown away after; the
engine's results are the frozen planning lines built from them. Order
priorities follow planning-spec §6.1: the lower the number, the earlier an
entry of the same date is matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from taktplan.domain.dates import Day
from taktplan.domain.documents import (
    Demand,
    DemandType,
    PlanningFlexibility,
    Supply,
    SupplyStatus,
    SupplyType,
)
from taktplan.domain.item import ZERO, SkuKey
from taktplan.planning.scheduling_dates import LineDates

# Demand order priorities (planning-spec §6.1).
DEMAND_PRIORITY: dict[DemandType, int] = {
    DemandType.SALES: 300,
    DemandType.SERVICE: 400,
    DemandType.JOB: 450,
    DemandType.COMPONENT: 500,
    DemandType.TRANSFER_OUT: 600,
    DemandType.BLANKET: 700,
    DemandType.FORECAST: 800,
}
SAFETY_STOCK_PRIORITY = 1000

# Supply order priorities (planning-spec §6.1).
INVENTORY_PRIORITY = 100
# Supply the engine creates sorts before existing supply of the same date;
# reorder-point orders sort after it (planning-spec §6.1, order priority 1000).
NEW_SUPPLY_PRIORITY = 0
REORDER_PRIORITY = 1000


def supply_priority(supply: Supply) -> int:
    if supply.type is SupplyType.TRANSFER_IN:
        base = 300
    elif supply.type is SupplyType.ASSEMBLY:
        base = 320
    elif supply.type is SupplyType.PRODUCTION:
        base = {
            SupplyStatus.RELEASED: 400,
            SupplyStatus.FIRM_PLANNED: 410,
            SupplyStatus.PLANNED: 420,
        }.get(supply.status, 410)
    else:
        base = 500
    if supply.flexibility is PlanningFlexibility.NONE:
        return INVENTORY_PRIORITY + base // 10
    return base


class Origin(StrEnum):
    """Why a supply entry exists."""

    INVENTORY = "inventory"
    EXISTING = "existing"
    EMERGENCY = "emergency"
    SAFETY_STOCK = "initial safety stock"
    EXCEPTION = "exception"
    REORDER = "reorder point"
    NEW = "new"


@dataclass(eq=False, slots=True)
class DemandEntry:
    """A demand of the SKU while it is balanced."""

    id: str
    kind: str
    date: Day
    qty: Decimal
    untracked: Decimal
    priority: int
    is_safety_stock: bool = False
    source: Demand | None = None

    def sort_key(self) -> tuple[int, int, str]:
        return (self.date, self.priority, self.id)

    def label(self) -> str:
        if self.is_safety_stock:
            return "safety stock"
        return f"{self.kind} {self.id}"


@dataclass(eq=False, slots=True)
class StockPart:
    """Where part of the opening stock comes from: on hand or a frozen-zone order."""

    supply_id: str
    kind: str
    qty: Decimal


@dataclass(eq=False, slots=True)
class SupplyEntry:
    """A supply of the SKU while it is balanced: existing, on hand or suggested."""

    seq: int
    origin: Origin
    ref: str | None
    ref_type: str
    date: Day
    qty: Decimal
    untracked: Decimal
    priority: int
    flexible: bool
    original_date: Day | None = None
    original_qty: Decimal | None = None
    status: SupplyStatus | None = None
    min_qty: Decimal = ZERO
    capped: bool = False
    fixed_date: Day | None = None
    safety_stock_hold: Decimal = ZERO
    reduce_only: bool = False
    warning_texts: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    changed_at: int | None = None
    closed: bool = False
    forward_dates: LineDates | None = None
    linked_demand: str | None = None
    overflow_text: str = ""
    lot: str | None = None
    parts: list[StockPart] = field(default_factory=list)
    # supply_id(), once worked out (it names the same entry every time).
    _supply_id: str | None = field(default=None, init=False, repr=False)

    # Identity tests: ``in`` on a tuple of enum members falls back to string
    # comparison, and these run for every supply entry many times over.
    @property
    def is_new(self) -> bool:
        origin = self.origin
        return origin is not Origin.INVENTORY and origin is not Origin.EXISTING

    @property
    def is_exception(self) -> bool:
        origin = self.origin
        return origin is Origin.EXCEPTION or origin is Origin.SAFETY_STOCK

    @property
    def tracked(self) -> Decimal:
        return self.qty - self.untracked

    def sort_key(self) -> tuple[int, int, int]:
        return (self.date, self.priority, self.seq)

    def label(self) -> str:
        if self.origin is Origin.INVENTORY:
            return "inventory"
        if self.ref:
            return f"{self.ref_type} {self.ref}"
        return f"new {self.origin.value} supply"

    def note(self, text: str) -> None:
        self.explanation.append(text)

    def supply_id(self, key: SkuKey) -> str:
        """The id pegging uses for this supply (see :class:`~taktplan.planning.result.Peg`).

        The entry belongs to one SKU, so the id is worked out once and then
        shared by every peg and line that names the entry.
        """
        known = self._supply_id
        if known is None:
            if self.origin is Origin.INVENTORY:
                known = f"on-hand {place(key)}"
            elif self.ref:
                known = self.ref
            else:
                known = f"{place(key)}#{self.seq}"
            self._supply_id = known
        return known

    @property
    def kind(self) -> str:
        """inventory, purchase, production, assembly or transfer-in."""
        if self.origin is Origin.INVENTORY:
            return "inventory"
        return "transfer-in" if self.ref_type == "transfer" else self.ref_type


def place(key: SkuKey) -> str:
    """``item@location`` (``item:variant@location`` for a variant), as used in supply ids."""
    item = f"{key.item}:{key.variant}" if key.variant else key.item
    return f"{item}@{key.location}"

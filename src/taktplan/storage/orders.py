"""Create orders in the stored world: document numbers and both sides of a transfer.

Shared by carrying out worksheet lines and by order planning. A new order is
a purchase order (``PO-00001``), a production order (``PRD-``, planned or
firm planned), an assembly order (``ASM-``) or a transfer order (``TR-``):
its receipt at the SKU and its shipment from the shipping location.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.dates import Day, from_day
from taktplan.domain.documents import DemandType, PlanningFlexibility, SupplyStatus, SupplyType
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.storage.models import DemandRecord, FinishedOrderRecord, SupplyRecord
from taktplan.storage.rows import sku_columns

PREFIX = {
    Replenishment.PURCHASE: "PO",
    Replenishment.PRODUCTION: "PRD",
    Replenishment.ASSEMBLY: "ASM",
    Replenishment.TRANSFER: "TR",
}
SUPPLY_TYPE = {
    Replenishment.PURCHASE: SupplyType.PURCHASE,
    Replenishment.PRODUCTION: SupplyType.PRODUCTION,
    Replenishment.ASSEMBLY: SupplyType.ASSEMBLY,
    Replenishment.TRANSFER: SupplyType.TRANSFER_IN,
}


class NumberSeries:
    """Next free document numbers per prefix (PO-00001, PRD-00001, ...).

    Numbers of finished production orders stay taken: history keeps them.
    """

    def __init__(self, session: Session) -> None:
        self.used = set(session.scalars(select(SupplyRecord.document_id)))
        self.used |= set(session.scalars(select(FinishedOrderRecord.document_id)))
        self.next: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        number = self.next.get(prefix, 1)
        while f"{prefix}-{number:05d}" in self.used:
            number += 1
        self.next[prefix] = number + 1
        document = f"{prefix}-{number:05d}"
        self.used.add(document)
        return document


@dataclass(frozen=True, slots=True)
class NewOrder:
    """What to create: the SKU, how it is replenished, when and how much.

    ``source`` and ``shipped`` are the shipping location and shipment date of
    a transfer; ``linked_demand`` ties the order to one demand (order to order).
    """

    sku: SkuKey
    replenishment: Replenishment
    due: Day
    qty: Decimal
    firm_planned: bool = False
    source: str | None = None
    shipped: Day | None = None
    linked_demand: str | None = None


def add_order(session: Session, order: NewOrder, numbers: NumberSeries) -> str:
    """Store the order (and a transfer's shipment); returns its document number."""
    document = numbers.take(PREFIX[order.replenishment])
    kind = SUPPLY_TYPE[order.replenishment]
    status = SupplyStatus.OPEN
    if kind is SupplyType.PRODUCTION:
        status = SupplyStatus.FIRM_PLANNED if order.firm_planned else SupplyStatus.PLANNED
    session.add(
        SupplyRecord(
            **sku_columns(order.sku),
            type=kind,
            document_id=document,
            date=from_day(order.due),
            qty=order.qty,
            status=status,
            flexibility=PlanningFlexibility.UNLIMITED,
            lot=None,
            linked_demand=order.linked_demand,
            reserved_qty=0,
        )
    )
    if kind is SupplyType.TRANSFER_IN and order.source is not None:
        session.add(_shipment(order, document))
    session.flush()
    return document


def _shipment(order: NewOrder, document: str) -> DemandRecord:
    shipped = order.shipped if order.shipped is not None else order.due
    source = SkuKey(order.sku.item, order.sku.variant, order.source or "")
    return new_demand(DemandType.TRANSFER_OUT, document, source, from_day(shipped), order.qty)


def new_demand(
    kind: DemandType, document: str, sku: SkuKey, date: dt.date, qty: Decimal
) -> DemandRecord:
    """A demand line entered by hand: no reservation, lot, blanket or parent."""
    return DemandRecord(
        **sku_columns(sku),
        type=kind,
        document_id=document,
        date=date,
        qty=qty,
        reserved_qty=0,
        lot=None,
        blanket_id=None,
        component_forecast=False,
        parent=None,
        order_to_order=False,
    )

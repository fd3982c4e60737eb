"""Enter, change and delete sales order lines, with order tracking as they are entered.

The Python API behind ``takt sales``::

    with Session(make_engine(url)) as session:
        line = SalesOrderLine("SO-1001", "BIKE-CITY", Decimal(5), date(2026, 12, 7), "", "MAIN")
        tracking = enter_sales_order(session, line)
        tracking.promise.covered, tracking.promise.earliest, tracking.flagged

Each call is one transaction. The answer says at once whether existing supply
covers the line on its date and the earliest date it can (available to
promise, from the projected inventory without this line); the line's SKU and
what it feeds are flagged for the next net change plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from taktplan.domain.dates import to_day
from taktplan.domain.documents import DemandType
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.assignment import PlanningAssignment
from taktplan.planning.availability import Promise, available_to_promise
from taktplan.planning.parameters import fmt_qty
from taktplan.storage.changes import assignment_options, tracked_change
from taktplan.storage.database import read_transaction, transaction
from taktplan.storage.models import DemandRecord
from taktplan.storage.orders import new_demand
from taktplan.storage.rows import sku_columns, table_of


@dataclass(frozen=True, slots=True)
class SalesOrderLine:
    """A sales order line: document, item, quantity, shipment date, variant, location."""

    document_id: str
    item: str
    qty: Decimal
    date: dt.date
    variant: str = ""
    location: str = ""

    @property
    def sku(self) -> SkuKey:
        return SkuKey(self.item, self.variant, self.location)


@dataclass(frozen=True, slots=True)
class OrderTracking:
    """What entering a line found: its promise and the SKUs flagged for net change."""

    line: SalesOrderLine
    promise: Promise
    flagged: tuple[PlanningAssignment, ...]


def find_sales_order(session: Session, document_id: str, item: str) -> SalesOrderLine | None:
    """The stored line of ``document_id`` for ``item`` (None: there is none)."""
    table = table_of(DemandRecord)
    with read_transaction(session):
        row = session.execute(_where(select(table), document_id, item)).first()
    if row is None:
        return None
    return SalesOrderLine(
        row.document_id, row.item_no, row.qty, row.date, row.variant, row.location_code
    )


def enter_sales_order(
    session: Session,
    line: SalesOrderLine,
    *,
    today: dt.date | None = None,
    new: bool | None = None,
) -> OrderTracking:
    """Add the line, or change it when the document already has a line for the item.

    ``new=True`` refuses a line that exists already, ``new=False`` one that
    does not (None: either).
    """
    _check(line)
    with tracked_change(session, documents_only=True) as change:
        _check_master_data(change.before, line)
        existing = find_sales_order(session, line.document_id, line.item)
        if new is True and existing is not None:
            raise InputError(
                f"already has a line for item {line.item}; change it instead",
                record=f"sales order {line.document_id}",
                field="item",
            )
        if new is False and existing is None:
            raise _unknown(line.document_id, line.item)
        table = table_of(DemandRecord)
        if existing is None:
            sale = new_demand(DemandType.SALES, line.document_id, line.sku, line.date, line.qty)
            session.add(sale)
        else:
            values = {**sku_columns(line.sku), "date": line.date, "qty": line.qty}
            session.execute(_where(update(table), line.document_id, line.item).values(**values))
        promise = _promise(session, change.before, line, today)
    return OrderTracking(line, promise, tuple(change.flagged))


def change_sales_order(
    session: Session,
    document_id: str,
    item: str,
    *,
    qty: Decimal | None = None,
    date: dt.date | None = None,
    location: str | None = None,
    today: dt.date | None = None,
) -> OrderTracking:
    """Change an existing line's quantity, date or location (what is None stays)."""
    with transaction(session):
        old = find_sales_order(session, document_id, item)
        if old is None:
            raise _unknown(document_id, item)
        line = SalesOrderLine(
            document_id,
            item,
            old.qty if qty is None else qty,
            old.date if date is None else date,
            old.variant,
            old.location if location is None else location,
        )
        return enter_sales_order(session, line, today=today, new=False)


def delete_sales_order(
    session: Session, document_id: str, item: str
) -> tuple[PlanningAssignment, ...]:
    """Delete a line; returns the SKUs flagged for net change planning."""
    with tracked_change(session, documents_only=True) as change:
        if find_sales_order(session, document_id, item) is None:
            raise _unknown(document_id, item)
        session.execute(_where(delete(table_of(DemandRecord)), document_id, item))
    return tuple(change.flagged)


def _where(statement: Any, document_id: str, item: str) -> Any:
    table = table_of(DemandRecord)
    return statement.where(
        (table.c.type == DemandType.SALES)
        & (table.c.document_id == document_id)
        & (table.c.item_no == item)
    )


def _unknown(document_id: str, item: str) -> InputError:
    return InputError(f"no line for item {item}", record=f"sales order {document_id}", field="item")


def _check(line: SalesOrderLine) -> None:
    record = f"sales order {line.document_id}"
    if not line.document_id.strip():
        raise InputError("a sales order needs a document number", record="sales order", field="id")
    if line.qty <= 0:
        raise InputError(
            f"quantity must be positive, got {fmt_qty(line.qty)}", record=record, field="qty"
        )


def _check_master_data(snapshot: Snapshot, line: SalesOrderLine) -> None:
    record = f"sales order {line.document_id}"
    if line.item not in snapshot.items:
        raise InputError(f"unknown item '{line.item}'", record=record, field="item")
    if line.location and line.location not in snapshot.locations:
        raise InputError(f"unknown location '{line.location}'", record=record, field="location")


def _promise(
    session: Session, before: Snapshot, line: SalesOrderLine, today: dt.date | None
) -> Promise:
    options = assignment_options(session)
    work_date = to_day(today or dt.date.today())
    options = replace(options, work_date=work_date, start=work_date)
    return available_to_promise(
        before, options, line.sku, line.qty, to_day(line.date), without=line.document_id
    )

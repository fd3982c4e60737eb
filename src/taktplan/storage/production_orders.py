"""The life cycle of a production order: planned -> firm planned -> released -> finished.

A status only moves forward (planned may go straight to released). Finishing
a released order posts its output to inventory at the order's SKU, consumes
its components from inventory (backward flushing: finished quantity x
quantity per x (1 + the item's scrap %), at the component's SKU), writes both
to the item ledger, and moves the order from the supply to the finished
orders: it is history and no longer planned. Every step runs in one
transaction and flags the SKUs it changed for net change planning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import Supply, SupplyStatus, SupplyType
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.assignment import PlanningAssignment
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.selection import component_sku
from taktplan.storage.changes import assignment_options, tracked_change
from taktplan.storage.database import read_transaction
from taktplan.storage.models import (
    FinishedOrderRecord,
    InventoryRecord,
    ItemLedgerEntry,
    SupplyRecord,
)
from taktplan.storage.rows import sku_columns, sku_of, table_of

HUNDRED = Decimal(100)
FINISHED = "finished"
_RANK = {
    SupplyStatus.PLANNED: 0,
    SupplyStatus.FIRM_PLANNED: 1,
    SupplyStatus.RELEASED: 2,
}


@dataclass(frozen=True, slots=True)
class ProductionOrder:
    """A production order as the planner lists it (``status`` "finished" for history)."""

    document_id: str
    sku: SkuKey
    status: str
    due_date: dt.date
    qty: Decimal
    finished_qty: Decimal | None = None
    finished_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Posting:
    """One item ledger entry a finished order posted (+ output, - consumption)."""

    entry_type: str
    sku: SkuKey
    qty: Decimal


@dataclass(frozen=True, slots=True)
class StatusChange:
    order: str
    old: str
    new: str
    postings: tuple[Posting, ...]
    flagged: tuple[PlanningAssignment, ...]


def list_production_orders(
    session: Session, *, statuses: set[str] | None = None, items: set[str] | None = None
) -> list[ProductionOrder]:
    """Open production orders by due date, then finished ones (filters keep their values)."""
    supply, finished = table_of(SupplyRecord), table_of(FinishedOrderRecord)
    with read_transaction(session):
        open_rows = session.execute(
            select(supply)
            .where(supply.c.type == SupplyType.PRODUCTION)
            .order_by(supply.c.date, supply.c.document_id)
        ).all()
        done_rows = session.execute(select(finished).order_by(finished.c.id)).all()
    found = [
        ProductionOrder(row.document_id, sku_of(row), row.status.value, row.date, row.qty)
        for row in open_rows
    ]
    found += [
        ProductionOrder(
            row.document_id,
            sku_of(row),
            FINISHED,
            row.due_date,
            row.planned_qty,
            row.finished_qty,
            row.finished_on,
        )
        for row in done_rows
    ]
    return [
        order
        for order in found
        if (statuses is None or order.status in statuses)
        and (items is None or order.sku.item in items)
    ]


def change_status(session: Session, document_id: str, status: SupplyStatus) -> StatusChange:
    """Move a production order forward to firm planned or released."""
    return change_statuses(session, [document_id], status)[0]


def change_statuses(
    session: Session, document_ids: Sequence[str], status: SupplyStatus
) -> list[StatusChange]:
    """Move production orders forward, in one transaction: all of them or none."""
    if status not in (SupplyStatus.FIRM_PLANNED, SupplyStatus.RELEASED):
        raise InputError(
            f"a production order can be made firm planned or released, not {status.value}",
            record=f"production order {document_ids[0] if document_ids else ''}",
            field="status",
        )
    with tracked_change(session, documents_only=True) as change:
        orders = [_production_order(change.before, no) for no in document_ids]
        table = table_of(SupplyRecord)
        for order in orders:
            _check_forward(order, status)
            session.execute(
                update(table).where(table.c.document_id == order.id).values(status=status)
            )
    flagged = tuple(change.flagged)
    return [StatusChange(o.id, o.status.value, status.value, (), flagged) for o in orders]


def finish(
    session: Session,
    document_id: str,
    *,
    finished_qty: Decimal | None = None,
    posted_on: dt.date | None = None,
    consume: bool = True,
) -> StatusChange:
    """Finish a released order: post output (and component consumption) and file it away.

    A component short in inventory stops the finish with an error naming the
    component's SKU and the shortage; nothing is posted.
    """
    day = posted_on or dt.date.today()
    with tracked_change(session, documents_only=True) as change:
        snapshot = change.before
        order = _production_order(snapshot, document_id)
        if order.status is not SupplyStatus.RELEASED:
            raise InputError(
                f"only a released order can be finished; it is {order.status.value}",
                record=f"production order {document_id}",
                field="status",
            )
        qty = order.qty if finished_qty is None else finished_qty
        if qty <= 0:
            raise InputError(
                f"finished quantity must be positive, got {fmt_qty(qty)}",
                record=f"production order {document_id}",
                field="finished_qty",
            )
        postings = [Posting("output", order.sku, qty)]
        if consume:
            postings += _consumption(session, snapshot, order, qty)
        _post(session, document_id, postings, day)
        _file_away(session, order, qty, day)
    return StatusChange(
        document_id, order.status.value, FINISHED, tuple(postings), tuple(change.flagged)
    )


def _production_order(snapshot: Snapshot, document_id: str) -> Supply:
    for supply in snapshot.supply:
        if supply.id == document_id:
            if supply.type is not SupplyType.PRODUCTION:
                raise InputError(
                    f"{document_id} is a {supply.type.value} order, not a production order",
                    record=f"order {document_id}",
                    field="type",
                )
            return supply
    raise InputError(
        "no such open production order", record=f"production order {document_id}", field="id"
    )


def _check_forward(order: Supply, status: SupplyStatus) -> None:
    old = _RANK.get(order.status)
    if old is None or old >= _RANK[status]:
        raise InputError(
            f"cannot go from {order.status.value} to {status.value}: a production order moves "
            "planned -> firm planned -> released -> finished",
            record=f"production order {order.id}",
            field="status",
        )


def _consumption(
    session: Session, snapshot: Snapshot, order: Supply, qty: Decimal
) -> list[Posting]:
    """Backward flushing: what the finished quantity used of each component."""
    item = snapshot.items[order.sku.item]
    scrap = 1 + item.scrap_pct / HUNDRED
    options = assignment_options(session)
    needed: dict[SkuKey, Decimal] = {}
    for need in snapshot.components.get(order.sku.item, ()):
        key = component_sku(order.sku, need, options)
        needed[key] = needed.get(key, Decimal(0)) + qty * need.qty_per * scrap
    on_hand: dict[SkuKey, Decimal] = {}
    for entry in snapshot.inventory:
        on_hand[entry.sku] = on_hand.get(entry.sku, Decimal(0)) + entry.qty
    short = [
        f"{key}: needs {fmt_qty(qty)}, {fmt_qty(on_hand.get(key, Decimal(0)))} on hand"
        for key, qty in needed.items()
        if on_hand.get(key, Decimal(0)) < qty
    ]
    if short:
        raise InputError(
            "components short in inventory: " + "; ".join(short),
            record=f"production order {order.id}",
            field="components",
        )
    return [Posting("consumption", key, -qty) for key, qty in needed.items()]


def _post(session: Session, document_id: str, postings: list[Posting], day: dt.date) -> None:
    """Write the ledger entries and apply them to the inventory rows."""
    for posting in postings:
        session.add(
            ItemLedgerEntry(
                **sku_columns(posting.sku),
                entry_type=posting.entry_type,
                document_id=document_id,
                qty=posting.qty,
                posted_on=day,
            )
        )
        _adjust_inventory(session, posting.sku, posting.qty)


def _adjust_inventory(session: Session, key: SkuKey, qty: Decimal) -> None:
    """Add to (or take from) the SKU's inventory rows: untracked stock first, then lots."""
    table = table_of(InventoryRecord)
    rows = session.execute(
        select(table.c.id, table.c.qty, table.c.lot)
        .where(
            (table.c.item_no == key.item)
            & (table.c.variant == key.variant)
            & (table.c.location_code == key.location)
        )
        .order_by(table.c.lot.is_not(None), table.c.id)
    ).all()
    if qty > 0:
        plain = next((row for row in rows if row.lot is None), None)
        if plain is None:
            session.add(InventoryRecord(**sku_columns(key), qty=qty, lot=None))
        else:
            session.execute(update(table).where(table.c.id == plain.id).values(qty=plain.qty + qty))
        return
    left = -qty
    for row in rows:
        if left <= 0:
            break
        taken = min(row.qty, left)
        left -= taken
        if taken == row.qty:
            session.execute(delete(table).where(table.c.id == row.id))
        else:
            session.execute(update(table).where(table.c.id == row.id).values(qty=row.qty - taken))


def _file_away(session: Session, order: Supply, qty: Decimal, day: dt.date) -> None:
    table = table_of(SupplyRecord)
    session.execute(delete(table).where(table.c.document_id == order.id))
    session.add(
        FinishedOrderRecord(
            **sku_columns(order.sku),
            document_id=order.id,
            due_date=from_day(order.date),
            planned_qty=order.qty,
            finished_qty=qty,
            finished_on=day,
        )
    )

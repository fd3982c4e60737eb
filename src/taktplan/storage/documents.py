"""Transaction data: inventory, demand lines and supply orders.

Same pattern as :mod:`taktplan.storage.master_data`: bulk inserts of plain
dicts, Core selects of columns, rows back in the order they were written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day, to_day
from taktplan.domain.documents import Demand, InventoryEntry, Supply
from taktplan.storage.models import DemandRecord, InventoryRecord, SupplyRecord
from taktplan.storage.rows import bulk_insert, sku_columns, sku_of, table_of


def write_inventory(session: Session, entries: Iterable[InventoryEntry]) -> None:
    rows = [{**sku_columns(row.sku), "qty": row.qty, "lot": row.lot} for row in entries]
    bulk_insert(session, InventoryRecord, rows)


def read_inventory(session: Session) -> list[InventoryEntry]:
    table = table_of(InventoryRecord)
    rows = session.execute(select(table).order_by(table.c.id))
    return [InventoryEntry(sku_of(row), row.qty, row.lot) for row in rows]


def _demand_row(row: Demand) -> dict[str, Any]:
    return {
        **sku_columns(row.sku),
        "type": row.type,
        "document_id": row.id,
        "date": from_day(row.date),
        "qty": row.qty,
        "reserved_qty": row.reserved_qty,
        "lot": row.lot,
        "blanket_id": row.blanket_id,
        "component_forecast": row.component_forecast,
        "parent": row.parent,
        "order_to_order": row.order_to_order,
    }


def write_demand(session: Session, demand: Iterable[Demand]) -> None:
    bulk_insert(session, DemandRecord, [_demand_row(row) for row in demand])


def read_demand(session: Session) -> list[Demand]:
    table = table_of(DemandRecord)
    return [
        Demand(
            id=row.document_id,
            type=row.type,
            sku=sku_of(row),
            date=to_day(row.date),
            qty=row.qty,
            reserved_qty=row.reserved_qty,
            lot=row.lot,
            blanket_id=row.blanket_id,
            component_forecast=row.component_forecast,
            parent=row.parent,
            order_to_order=row.order_to_order,
        )
        for row in session.execute(select(table).order_by(table.c.id))
    ]


def _supply_row(row: Supply) -> dict[str, Any]:
    return {
        **sku_columns(row.sku),
        "type": row.type,
        "document_id": row.id,
        "date": from_day(row.date),
        "qty": row.qty,
        "status": row.status,
        "flexibility": row.flexibility,
        "lot": row.lot,
        "linked_demand": row.linked_demand,
        "reserved_qty": row.reserved_qty,
    }


def write_supply(session: Session, supply: Iterable[Supply]) -> None:
    bulk_insert(session, SupplyRecord, [_supply_row(row) for row in supply])


def read_supply(session: Session) -> list[Supply]:
    table = table_of(SupplyRecord)
    return [
        Supply(
            id=row.document_id,
            type=row.type,
            sku=sku_of(row),
            date=to_day(row.date),
            qty=row.qty,
            status=row.status,
            flexibility=row.flexibility,
            lot=row.lot,
            linked_demand=row.linked_demand,
            reserved_qty=row.reserved_qty,
        )
        for row in session.execute(select(table).order_by(table.c.id))
    ]

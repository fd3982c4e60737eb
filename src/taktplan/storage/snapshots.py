"""Store a whole planning world and read it back as a validated snapshot."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from taktplan.domain.snapshot import Snapshot, build_snapshot, with_documents
from taktplan.planning.assignment import PlanningAssignment
from taktplan.storage import documents, master_data, shop
from taktplan.storage.assignment import flag_difference
from taktplan.storage.database import read_transaction, transaction
from taktplan.storage.models import (
    Base,
    BomLineRecord,
    DemandRecord,
    Holiday,
    InventoryRecord,
    ItemRecord,
    LocationRecord,
    NonWorkingWeekday,
    SkuRecord,
    SupplyRecord,
)
from taktplan.storage.rows import table_of

# Children before the items they refer to. The worksheet, pegging, error log
# and planning assignment are results, kept when the world is replaced.
WORLD_TABLES: tuple[type[Base], ...] = (
    *shop.SHOP_TABLES,
    InventoryRecord,
    DemandRecord,
    SupplyRecord,
    SkuRecord,
    BomLineRecord,
    ItemRecord,
    LocationRecord,
    NonWorkingWeekday,
    Holiday,
)


def save_snapshot(session: Session, snapshot: Snapshot) -> tuple[PlanningAssignment, ...]:
    """Replace the stored master and transaction data by ``snapshot``.

    One transaction (see :func:`~taktplan.storage.database.transaction`): if
    anything fails half-way, the stored data stays exactly as it was. Every
    SKU the new world changes is flagged for net change planning; returns them.
    """
    with transaction(session):
        before = load_snapshot(session)
        for model in WORLD_TABLES:
            session.execute(delete(table_of(model)))
        master_data.write_locations(session, (snapshot.location(c) for c in snapshot.locations))
        master_data.write_items(session, snapshot.items.values())
        master_data.write_skus(session, snapshot.skus.values())
        master_data.write_calendar(session, snapshot.calendar)
        shop.write_shop(session, snapshot.shop)
        documents.write_inventory(session, snapshot.inventory)
        documents.write_demand(session, snapshot.demand)
        documents.write_supply(session, snapshot.supply)
        return flag_difference(session, before, snapshot)


def reload_documents(session: Session, snapshot: Snapshot) -> Snapshot:
    """``snapshot`` with the stored inventory, demand and supply (its master data kept).

    For a change that wrote documents only: reading 100,000 item cards again
    would find what ``snapshot`` already holds.
    """
    with read_transaction(session):
        return with_documents(
            snapshot,
            inventory=documents.read_inventory(session),
            demand=documents.read_demand(session),
            supply=documents.read_supply(session),
        )


def load_snapshot(session: Session) -> Snapshot:
    """The stored world, checked by :func:`build_snapshot` like any other input."""
    with read_transaction(session):
        return build_snapshot(
            items=master_data.read_items(session),
            locations=master_data.read_locations(session),
            skus=master_data.read_skus(session),
            inventory=documents.read_inventory(session),
            demand=documents.read_demand(session),
            supply=documents.read_supply(session),
            calendar=master_data.read_calendar(session),
            shop=shop.read_shop(session),
        )

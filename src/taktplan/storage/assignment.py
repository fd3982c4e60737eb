"""The stored planning assignment: SKUs flagged for the next net change plan.

A change of the world flags SKUs with a reason (see
:mod:`taktplan.planning.assignment`); flags gather until a plan covers the
SKU. :func:`taktplan.storage.worksheet.save_plan` clears the flags of what it
replanned, in the same transaction as the new worksheet lines.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.assignment import PlanningAssignment, planning_assignment
from taktplan.storage.database import read_transaction, transaction
from taktplan.storage.models import AssignmentRecord
from taktplan.storage.rows import bulk_insert, chunks, sku_columns, sku_in, sku_of, table_of
from taktplan.storage.runs import assignment_options


def assign(session: Session, assignment: Iterable[PlanningAssignment]) -> None:
    """Flag SKUs; a SKU already flagged gets the new reasons added after its old ones."""
    wanted: dict[SkuKey, list[str]] = {}
    for row in assignment:
        reasons = wanted.setdefault(row.sku, [])
        reasons += [why for why in row.reasons if why not in reasons]
    table = table_of(AssignmentRecord)
    with transaction(session):
        updates: list[dict[str, object]] = []
        for chunk in chunks(sorted(wanted)):
            query = select(table).where(sku_in(table, chunk))
            for found in session.execute(query):
                key = sku_of(found)
                merged = [*found.reasons]
                merged += [why for why in wanted.pop(key) if why not in merged]
                if merged != found.reasons:
                    updates.append({"row_id": found.id, "new_reasons": merged})
        if updates:
            statement = (
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values(reasons=bindparam("new_reasons"))
            )
            session.connection().execute(statement, updates)
        rows = [{**sku_columns(key), "reasons": why} for key, why in sorted(wanted.items())]
        bulk_insert(session, AssignmentRecord, rows)


def load_assignment(session: Session) -> tuple[PlanningAssignment, ...]:
    """Every flagged SKU with its reasons, sorted by SKU."""
    table = table_of(AssignmentRecord)
    with read_transaction(session):
        rows = session.execute(select(table)).all()
    found = [PlanningAssignment(sku_of(row), tuple(row.reasons)) for row in rows]
    return tuple(sorted(found, key=lambda row: row.sku))


def clear_assignment(session: Session, skus: Collection[SkuKey] | None) -> None:
    """Remove the flags of ``skus`` (None: of every SKU)."""
    table = table_of(AssignmentRecord)
    with transaction(session):
        if skus is None:
            session.execute(delete(table))
            return
        for chunk in chunks(sorted(skus)):
            session.execute(delete(table).where(sku_in(table, chunk)))


def flag_difference(
    session: Session, before: Snapshot, after: Snapshot
) -> tuple[PlanningAssignment, ...]:
    """Flag the SKUs that differ between two states of the world; returns them."""
    found = planning_assignment(before, after, assignment_options(session))
    assign(session, found)
    return found

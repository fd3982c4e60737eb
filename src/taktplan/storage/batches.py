"""Merge production orders into batches in the stored world (one transaction)."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from taktplan.capacity.batches import Batch
from taktplan.domain.dates import from_day
from taktplan.planning.assignment import PlanningAssignment
from taktplan.shopfloor.batching import batch_proposals
from taktplan.storage.changes import tracked_change
from taktplan.storage.models import SupplyRecord
from taktplan.storage.rows import table_of


def merge_batches(
    session: Session, window_days: int
) -> tuple[list[Batch], tuple[PlanningAssignment, ...]]:
    """Merge every batch: its first order takes the total, due on the earliest date; the
    others are deleted. Returns the batches and the SKUs flagged for net change."""
    with tracked_change(session, documents_only=True) as change:
        batches = batch_proposals(change.before, window_days)
        table = table_of(SupplyRecord)
        for batch in batches:
            first, *rest = batch.orders
            session.execute(
                update(table)
                .where(table.c.document_id == first)
                .values(qty=batch.qty, date=from_day(batch.due))
            )
            session.execute(delete(table).where(table.c.document_id.in_(rest)))
    return batches, tuple(change.flagged)

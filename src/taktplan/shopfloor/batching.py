"""Batch proposals from the production orders of a world.

Planned and firm planned production orders of one SKU whose due dates lie
within a window of the first one's can run as one order: one setup instead
of several (see :func:`taktplan.capacity.batches.consolidate`). Released
orders are on the shop floor already and stay as they are.
"""

from __future__ import annotations

from taktplan.capacity.batches import Batch, BatchCandidate, consolidate
from taktplan.domain.documents import SupplyStatus, SupplyType
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError

MERGEABLE = (SupplyStatus.PLANNED, SupplyStatus.FIRM_PLANNED)


def batch_proposals(snapshot: Snapshot, window_days: int) -> list[Batch]:
    """Batches of two or more orders; each batch's first order is the earliest due."""
    if window_days < 0:
        raise InputError("the window must not be negative", record="--window", field="days")
    candidates = [
        BatchCandidate(s.id, _key(s.sku.item, s.sku.variant, s.sku.location), s.qty, s.date)
        for s in snapshot.supply
        if s.type is SupplyType.PRODUCTION and s.status in MERGEABLE
    ]
    return [batch for batch in consolidate(candidates, window_days) if batch.merged]


def _key(item: str, variant: str, location: str) -> str:
    """Orders merge only within a SKU: item, variant and location."""
    return "\x1f".join((item, variant, location))


def sku_of_key(key: str) -> tuple[str, str, str]:
    item, variant, location = key.split("\x1f")
    return item, variant, location

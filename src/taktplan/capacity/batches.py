"""Batch order consolidation: merge production orders that can run as one.

Orders of the same item (or, with ``by``, of the same values of some
attributes, such as one colour in a paint shop) whose due dates lie within a
window of the first one's are merged into one batch: the batch is due when
its earliest order is due and makes the sum of their quantities. One setup
instead of several, at the price of making the later orders early.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from taktplan.domain.dates import Day


@dataclass(frozen=True, slots=True)
class BatchCandidate:
    order: str
    item: str
    qty: Decimal
    due: Day
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Batch:
    key: tuple[str, ...]
    orders: tuple[str, ...]
    items: tuple[str, ...]
    qty: Decimal
    due: Day

    @property
    def merged(self) -> bool:
        return len(self.orders) > 1


def consolidate(
    orders: Iterable[BatchCandidate], window_days: int, by: Sequence[str] | None = None
) -> list[Batch]:
    """Batches by key, each spanning at most ``window_days`` after its first due date."""
    groups: dict[tuple[str, ...], list[BatchCandidate]] = defaultdict(list)
    for order in orders:
        key = (order.item,) if by is None else tuple(order.attributes.get(a, "") for a in by)
        groups[key].append(order)
    batches: list[Batch] = []
    for key in sorted(groups):
        current: list[BatchCandidate] = []
        for order in sorted(groups[key], key=lambda o: (o.due, o.order)):
            if current and order.due > current[0].due + window_days:
                batches.append(_batch(key, current))
                current = []
            current.append(order)
        batches.append(_batch(key, current))
    return sorted(batches, key=lambda b: (b.due, b.key))


def _batch(key: tuple[str, ...], orders: list[BatchCandidate]) -> Batch:
    items = tuple(sorted({o.item for o in orders}))
    total = sum((o.qty for o in orders), Decimal(0))
    return Batch(key, tuple(o.order for o in orders), items, total, orders[0].due)

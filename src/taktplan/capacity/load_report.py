"""Capacity load per work or machine center and period: load, available, % used, overloads.

Available capacity of a day is its working minutes times the resource's
capacity (parallel units). A finite resource is overloaded above its
critical load %, an infinite one above 100 %.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from taktplan.capacity.order_schedule import ScheduledOperation
from taktplan.capacity.resources import HUNDRED, Shop
from taktplan.domain.dates import Day, from_day


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class LoadRow:
    resource: str
    period: Day
    load: int
    available: int
    limit_pct: Decimal

    @property
    def used_pct(self) -> Decimal:
        if self.available == 0:
            return Decimal(0) if self.load == 0 else Decimal("Infinity")
        return (Decimal(self.load) * HUNDRED / self.available).quantize(Decimal("0.1"))

    @property
    def overloaded(self) -> bool:
        return Decimal(self.load) * HUNDRED > self.limit_pct * self.available


def period_start(day: Day, bucket: Bucket) -> Day:
    """The first day of the period ``day`` falls in (weeks start on Monday)."""
    return day if bucket is Bucket.DAY else day - from_day(day).weekday()


def capacity_load(
    operations: Iterable[ScheduledOperation],
    shop: Shop,
    first: Day,
    last: Day,
    bucket: Bucket = Bucket.DAY,
    resources: Iterable[str] | None = None,
) -> list[LoadRow]:
    """Load against available capacity per resource and period from ``first`` to ``last``."""
    load: dict[tuple[str, Day], int] = defaultdict(int)
    for op in operations:
        for day, minutes in op.load_by_day().items():
            if first <= day <= last:
                load[(op.resource, period_start(day, bucket))] += minutes
    codes = sorted(resources) if resources is not None else sorted(shop.resources)
    rows: list[LoadRow] = []
    for code in codes:
        where = shop[code]
        available: dict[Day, int] = defaultdict(int)
        for day in range(first, last + 1):
            minutes = int(where.calendar.minutes(day) * where.capacity)
            available[period_start(day, bucket)] += minutes
        limit = where.critical_load_pct if where.critical_load_pct is not None else HUNDRED
        for period in sorted(available):
            used = load.get((code, period), 0)
            rows.append(LoadRow(code, period, used, available[period], limit))
    return rows

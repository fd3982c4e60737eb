"""Capacity load per work or machine center and period: load, available, % used, overloads.

Available capacity of a day is its working minutes times the resource's
capacity (parallel units). A finite resource is overloaded above its
critical load %, an infinite one above 100 %. A work center's row includes
its machine centers (see :func:`roll_up`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from taktplan.capacity.order_schedule import ScheduledOperation
from taktplan.capacity.resources import HUNDRED, Shop
from taktplan.domain.dates import Day, from_day


class Bucket(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadRow:
    """Load against available minutes of one center in one period.

    ``allowed`` is the load it may take before it is overloaded: ``limit_pct``
    (its critical load %, 100 for an infinite center) of ``available``. For a
    work center with machine centers (``machine_centers``) all four add up
    its own and theirs; ``limit_pct`` is None when their limits differ.
    """

    resource: str
    period: Day
    load: int
    available: int
    allowed: Decimal
    limit_pct: Decimal | None
    machine_centers: tuple[str, ...] = ()

    @property
    def used_pct(self) -> Decimal:
        if self.available == 0:
            return Decimal(0) if self.load == 0 else Decimal("Infinity")
        return (Decimal(self.load) * HUNDRED / self.available).quantize(Decimal("0.1"))

    @property
    def overloaded(self) -> bool:
        return self.load > self.allowed


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
    """Load against available capacity per resource and period from ``first`` to ``last``.

    Work center rows include their machine centers, also when only the work
    center is asked for.
    """
    load: dict[tuple[str, Day], int] = defaultdict(int)
    for op in operations:
        for day, minutes in op.load_by_day().items():
            if first <= day <= last:
                load[(op.resource, period_start(day, bucket))] += minutes
    rows: list[LoadRow] = []
    for code in sorted(shop.resources):
        where = shop[code]
        available: dict[Day, int] = defaultdict(int)
        for day in range(first, last + 1):
            minutes = int(where.calendar.minutes(day) * where.capacity)
            available[period_start(day, bucket)] += minutes
        limit = where.critical_load_pct if where.critical_load_pct is not None else HUNDRED
        for period in sorted(available):
            rows.append(
                LoadRow(
                    resource=code,
                    period=period,
                    load=load.get((code, period), 0),
                    available=available[period],
                    allowed=limit * available[period] / HUNDRED,
                    limit_pct=limit,
                )
            )
    wanted = set(resources) if resources is not None else set(shop.resources)
    return [row for row in roll_up(rows, shop) if row.resource in wanted]


def roll_up(rows: Sequence[LoadRow], shop: Shop) -> list[LoadRow]:
    """Each work center's rows with its machine centers' load and capacity added in.

    As in Business Central, a planner reads a work center's load as that of
    the whole group: its row's load, available and allowed minutes are its
    own plus those of its machine centers in the same period. The work
    center's own capacity counts too, on top of theirs, not instead of it:
    operations can be routed to the work center itself and finite loading
    books it apart from its machine centers (the hand welders beside the
    welding robots), so it is capacity of its own. The row is overloaded when
    the group's load is above the sum of what each member may take. Machine
    center rows, and work centers without machine centers, stay as they are.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for code, where in shop.resources.items():
        if where.work_center != code:
            members[where.work_center].append(code)
    own = {(row.resource, row.period): row for row in rows}
    rolled: list[LoadRow] = []
    for row in rows:
        machines = tuple(sorted(members.get(row.resource, ())))
        group = [row, *(own[(code, row.period)] for code in machines)]
        limits = {member.limit_pct for member in group}
        rolled.append(
            replace(
                row,
                load=sum(member.load for member in group),
                available=sum(member.available for member in group),
                allowed=sum((member.allowed for member in group), Decimal(0)),
                limit_pct=limits.pop() if len(limits) == 1 else None,
                machine_centers=machines,
            )
        )
    return rolled

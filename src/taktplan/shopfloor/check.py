"""The check a sequenced production schedule passes before it is accepted.

In real minutes, for every scheduled operation: it runs on a center that can
run the step; its pieces lie in that center's working time and add up to the
step's span; it starts after the schedule's start, after its material day,
and after the previous step of its order ended plus wait and move time. Per
center: no two operations (changeovers included) overlap, and between two
consecutive jobs of different products the changeover the matrix asks for
lies between them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from taktplan.capacity.order_schedule import OrderSchedule, ScheduledOperation
from taktplan.capacity.resources import Shop
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import Piece, ShopCalendar, clock, day_of
from taktplan.errors import TaktplanError
from taktplan.shopfloor.jobs import ProductionJob, changeover_minutes


class InvalidProductionScheduleError(TaktplanError):
    """A production schedule breaks a rule; ``problems`` lists every violation."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"invalid production schedule: {shown}{more}")


def violations(
    jobs: Sequence[ProductionJob],
    orders: Sequence[OrderSchedule],
    shop: Shop,
    changeovers: ChangeoverMatrix | None = None,
    *,
    sequenced: bool = True,
) -> list[str]:
    """Every rule the schedule breaks (empty: valid). ``sequenced`` False skips overlaps."""
    problems: list[str] = []
    by_order = {order.order: order for order in orders}
    placed: dict[str, list[tuple[ScheduledOperation, ProductionJob]]] = defaultdict(list)
    for job in jobs:
        order = by_order.get(job.order)
        if order is None or len(order.operations) != len(job.steps):
            problems.append(f"order {job.order} is not scheduled step by step")
            continue
        for k, (step, op) in enumerate(zip(job.steps, order.operations, strict=True)):
            name = f"order {job.order} operation {step.no}"
            problems += _placement(name, job, k, op, order, shop, sequenced=sequenced)
            placed[op.resource].append((op, job))
    if sequenced:
        for code, rows in sorted(placed.items()):
            problems += _resource(code, rows, shop, changeovers)
    return problems


def check(
    jobs: Sequence[ProductionJob],
    orders: Sequence[OrderSchedule],
    shop: Shop,
    changeovers: ChangeoverMatrix | None = None,
    *,
    sequenced: bool = True,
) -> None:
    problems = violations(jobs, orders, shop, changeovers, sequenced=sequenced)
    if problems:
        raise InvalidProductionScheduleError(problems)


def _placement(
    name: str,
    job: ProductionJob,
    k: int,
    op: ScheduledOperation,
    order: OrderSchedule,
    shop: Shop,
    *,
    sequenced: bool,
) -> list[str]:
    step = job.steps[k]
    choice = next((c for c in step.choices if c.resource == op.resource), None)
    if choice is None:
        allowed = [c.resource for c in step.choices]
        return [f"{name} runs on {op.resource}, allowed {allowed}"]
    problems: list[str] = []
    calendar = shop[op.resource].calendar
    for piece in (*op.changeover, *op.pieces):
        if not _in_working_time(piece, calendar):
            problems.append(f"{name} has {clock(piece[0])}-{clock(piece[1])} outside working time")
    length = sum(end - start for start, end in op.pieces)
    # Finite loading books capacity minutes (setup + run), the others working time.
    if length != choice.span and (sequenced or length != choice.setup + choice.run):
        problems.append(f"{name} takes {length} working minutes, its span is {choice.span}")
    if sequenced:
        earliest = max(job.release, step.ready)
        if op.start < earliest:
            problems.append(
                f"{name} starts {clock(op.start)}, before {clock(earliest)} "
                "(schedule start or material)"
            )
    if k > 0:
        before = job.steps[k - 1]
        after = order.operations[k - 1].end + before.wait + before.move
        if op.start < after:
            problems.append(
                f"{name} starts {clock(op.start)}, before the previous operation "
                f"ends plus wait and move ({clock(after)})"
            )
    return problems


def _in_working_time(piece: Piece, calendar: ShopCalendar) -> bool:
    start, end = piece
    if start == end:
        return True
    return any(
        begin <= start and end <= finish for begin, finish in calendar.periods(day_of(start))
    )


def _resource(
    code: str,
    rows: list[tuple[ScheduledOperation, ProductionJob]],
    shop: Shop,
    changeovers: ChangeoverMatrix | None,
) -> list[str]:
    problems: list[str] = []
    rows.sort(key=lambda row: (row[0].start, row[0].order))
    where = shop[code]
    for (first, job_a), (second, job_b) in itertools.pairwise(rows):
        busy_from = second.changeover[0][0] if second.changeover else second.start
        if busy_from < first.end:
            problems.append(
                f"order {second.order} operation {second.operation} overlaps order "
                f"{first.order} operation {first.operation} on {code}"
            )
            continue
        needed = changeover_minutes(changeovers, job_a, job_b, (code, where.work_center))
        given = sum(end - start for start, end in second.changeover)
        if given < needed:
            problems.append(
                f"order {second.order} operation {second.operation} on {code} needs a "
                f"{needed}-minute changeover from order {first.order}, got {given}"
            )
    return problems

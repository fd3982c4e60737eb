"""Schedule production orders on the shop: infinite, finite loading, sequenced or optimised.

* ``infinite``: every order backward from its ending date through the
  calendars, as planning dates it; centers may be overloaded (the capacity
  load report shows where).
* ``finite``: finite loading (critical load % per day, splits, dampener), the
  orders by ending date; an order that would have to start before the
  schedule's start is loaded forward from it instead (and ends late).
* ``sequence``: one job at a time per center, sequenced by the fast
  Giffler-Thompson heuristic (due dates, changeovers) on the working-time
  axis, then placed exactly through the calendars.
* ``optimise``: the same, improved by CP-SAT within the time limit: weighted
  tardiness first, then changeover time, then makespan.

Every schedule passes :func:`taktplan.shopfloor.check.check` before it is
returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from taktplan.capacity.loading import CapacityBook
from taktplan.capacity.order_schedule import OrderSchedule, schedule_backward, schedule_forward
from taktplan.capacity.resources import Shop
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import Minute, ShopCalendar, day_of, minute_of
from taktplan.domain.dates import Day
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.options import PlanningOptions
from taktplan.shopfloor.axis import WorkingAxis, reference_calendar
from taktplan.shopfloor.check import check
from taktplan.shopfloor.decode import decode
from taktplan.shopfloor.jobs import ProductionJob, production_jobs
from taktplan.shopfloor.model import build_model

Progress = Callable[[str], None]


class Method(StrEnum):
    INFINITE = "infinite"
    FINITE = "finite"
    SEQUENCE = "sequence"
    OPTIMISE = "optimise"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one order came out: when it ends against when it should, and what held it up."""

    order: str
    item: str
    due_day: Day
    ending_day: Day
    start: Minute
    end: Minute
    late_minutes: int
    bottleneck: str | None
    waited: int

    @property
    def end_day(self) -> Day:
        return day_of(self.end - 1) if self.end > self.start else day_of(self.end)

    @property
    def late(self) -> bool:
        return self.end_day > self.ending_day


@dataclass(frozen=True, slots=True)
class SolverReport:
    """What the sequencing solver says about its own model (axis units)."""

    solver: str
    status: str
    objective: int
    bound: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "solver": self.solver,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "seconds": self.seconds,
        }


@dataclass(frozen=True, slots=True)
class ShopSchedule:
    method: Method
    start: Minute
    jobs: tuple[ProductionJob, ...]
    orders: tuple[OrderSchedule, ...]
    outcomes: tuple[Outcome, ...]
    changeover_minutes: int
    solver: SolverReport | None = None

    @property
    def late(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.late)


def schedule_orders(
    snapshot: Snapshot,
    options: PlanningOptions,
    method: Method = Method.SEQUENCE,
    *,
    time_limit: float = 10.0,
    start: Minute | None = None,
    ready: Mapping[tuple[str, str], Day] = MappingProxyType({}),
    orders: Collection[str] | None = None,
    centers: Collection[str] | None = None,
    horizon: tuple[Day, Day] | None = None,
    progress: Progress | None = None,
) -> ShopSchedule:
    """Schedule the production orders that have a routing; see the module docstring.

    ``start`` defaults to the work date's first minute; ``ready`` is the
    material day per (order, component) (see :mod:`taktplan.shopfloor.material`);
    ``orders``, ``centers`` (orders with an operation there) and ``horizon``
    (ending date within it) pick the orders.
    """
    began = time.monotonic()
    shop = snapshot.shop
    if not shop.routings:
        raise InputError("there are no routings to schedule", record="shop", field="routings")
    resources = shop.resources
    first = minute_of(options.work_date) if start is None else start
    chosen = frozenset(orders) if orders is not None else None
    jobs = [
        job
        for job in production_jobs(snapshot, options, first, ready, chosen)
        if _wanted(job, centers, horizon)
    ]
    if centers is not None:
        unknown = sorted(set(centers) - set(resources.resources))
        if unknown:
            raise InputError(
                f"unknown work or machine center '{unknown[0]}'", record="schedule", field="centers"
            )
    _say(progress, f"{len(jobs)} production orders to schedule ({method.value})")
    matrix = shop.changeovers if shop.changeovers.rules else None
    solver: SolverReport | None = None
    if method is Method.INFINITE:
        placed = [_backward(job, snapshot, resources, None) for job in jobs]
    elif method is Method.FINITE:
        placed = _finite(jobs, snapshot, resources, first)
    else:
        placed, solver = _sequenced(jobs, resources, first, matrix, method, time_limit, began)
    sequenced = method in (Method.SEQUENCE, Method.OPTIMISE)
    check(jobs, placed, resources, matrix, sequenced=sequenced)
    outcomes = tuple(
        outcome_of(job, order, resources) for job, order in zip(jobs, placed, strict=True)
    )
    changeover = sum(
        end - begin for order in placed for op in order.operations for begin, end in op.changeover
    )
    _say(progress, f"scheduled in {time.monotonic() - began:.1f} s")
    return ShopSchedule(method, first, tuple(jobs), tuple(placed), outcomes, changeover, solver)


def _say(progress: Progress | None, text: str) -> None:
    if progress is not None:
        progress(text)


def _wanted(
    job: ProductionJob, centers: Collection[str] | None, horizon: tuple[Day, Day] | None
) -> bool:
    if horizon is not None and not horizon[0] <= job.ending_day <= horizon[1]:
        return False
    if centers is None:
        return True
    return any(c.resource in centers for step in job.steps for c in step.choices)


def _backward(
    job: ProductionJob, snapshot: Snapshot, shop: Shop, book: CapacityBook | None
) -> OrderSchedule:
    routing = snapshot.shop.routings[job.item]
    return schedule_backward(job.order, routing, job.qty, job.ending_day, shop, book)


def _finite(
    jobs: Sequence[ProductionJob], snapshot: Snapshot, shop: Shop, first: Minute
) -> list[OrderSchedule]:
    """Finite loading by ending date: backward, or forward from the start when too late."""
    book = CapacityBook()
    placed: list[OrderSchedule] = []
    for job in jobs:
        trial = book.copy()
        order = _backward(job, snapshot, shop, trial)
        earliest = max([first, *(step.ready for step in job.steps[:1])])
        if order.start < earliest:
            trial = book.copy()
            routing = snapshot.shop.routings[job.item]
            order = schedule_forward(job.order, routing, job.qty, earliest, shop, trial)
        book = trial
        placed.append(order)
    return placed


def _sequenced(
    jobs: Sequence[ProductionJob],
    shop: Shop,
    first: Minute,
    matrix: ChangeoverMatrix | None,
    method: Method,
    time_limit: float,
    began: float,
) -> tuple[list[OrderSchedule], SolverReport | None]:
    if not jobs:
        return [], None
    calendars = [shop[c.resource].calendar for job in jobs for s in job.steps for c in s.choices]
    axis = WorkingAxis(reference_calendar(calendars), first)
    model, mapping = build_model(jobs, shop, axis, matrix)
    from taktplan.scheduling.solve import solve

    remaining = max(time_limit - (time.monotonic() - began), 0.1)
    result = solve(model, remaining, heuristic_only=method is Method.SEQUENCE)
    report = SolverReport(
        result.solver,
        result.status.value,
        result.cost.value,
        result.bound,
        round(time.monotonic() - began, 3),
    )
    return decode(jobs, result.schedule, mapping, shop, matrix), report


def outcome_of(job: ProductionJob, order: OrderSchedule, shop: Shop) -> Outcome:
    """Lateness against the ending date, and the operation that waited longest for its center.

    Waiting is counted in the center's working minutes between when the
    operation could have started (previous operation done, material there)
    and when it did; on a tie the later operation is named, as it is closer
    to the order's end.
    """
    waited, bottleneck = 0, None
    previous_end = job.release
    for step, op in zip(job.steps, order.operations, strict=True):
        earliest = max(step.ready, previous_end, job.release)
        wait = _working_minutes(shop[op.resource].calendar, earliest, op.start)
        if wait > 0 and wait >= waited:
            waited, bottleneck = wait, op.resource
        previous_end = op.end + step.wait + step.move
    if bottleneck is None and order.operations:
        longest = max(order.operations, key=lambda op: op.end - op.start)
        bottleneck = longest.resource
    return Outcome(
        job.order,
        job.item,
        job.due_day,
        job.ending_day,
        order.start,
        order.end,
        max(order.end - job.due, 0),
        bottleneck,
        waited,
    )


def _working_minutes(calendar: ShopCalendar, begin: Minute, end: Minute) -> int:
    """Working minutes of ``calendar`` in ``[begin, end)``."""
    total = 0
    for current in range(day_of(begin), day_of(end) + 1):
        for start, finish in calendar.periods(current):
            total += max(0, min(finish, end) - max(start, begin))
    return total

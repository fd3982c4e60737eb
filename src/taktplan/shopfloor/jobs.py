"""Production orders as jobs for the scheduler.

A production order of an item with a routing becomes a job: one step per
routing operation with the centers that can run it (the routing's center
first, then its alternatives), the capacity it needs there (setup and run
minutes, stretched by efficiency) and the working minutes it spans (parallel
units share the run). A job is due by the end of its ending date (the
order's due date less safety lead time and inbound handling, as planning
dates it) and may not start before the schedule's start; a step that
consumes components may not start before the day their supply is due.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from taktplan.capacity.resources import Shop
from taktplan.capacity.routing import Routing, elapsed_minutes, process_minutes
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import Minute, minute_of
from taktplan.domain.dates import Day
from taktplan.domain.documents import Supply, SupplyStatus, SupplyType
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.options import PlanningOptions
from taktplan.planning.scheduling_dates import backward, card_for_kind
from taktplan.planning.selection import card_for

SCHEDULED_STATUSES = (SupplyStatus.PLANNED, SupplyStatus.FIRM_PLANNED, SupplyStatus.RELEASED)


@dataclass(frozen=True, slots=True)
class Choice:
    """One center that can run a step: capacity minutes needed and working minutes spanned."""

    resource: str
    setup: int
    run: int
    span: int


@dataclass(frozen=True, slots=True)
class JobStep:
    """A routing operation of one order."""

    no: str
    choices: tuple[Choice, ...]
    wait: int
    move: int
    ready: Minute
    components: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProductionJob:
    order: str
    item: str
    qty: Decimal
    status: SupplyStatus
    due_day: Day
    ending_day: Day
    due: Minute
    release: Minute
    attributes: Mapping[str, str]
    steps: tuple[JobStep, ...]


def production_jobs(
    snapshot: Snapshot,
    options: PlanningOptions,
    start: Minute,
    ready: Mapping[tuple[str, str], Day] = MappingProxyType({}),
    orders: frozenset[str] | None = None,
) -> list[ProductionJob]:
    """Jobs for the production orders with a routing, by ending date then order no.

    ``ready`` gives, per (order, component item), the day the component's
    supply is due; ``orders`` limits the jobs to those order numbers.
    """
    shop = snapshot.shop
    if not shop.routings:
        return []
    resources = shop.resources
    jobs: list[ProductionJob] = []
    for order in snapshot.supply:
        if order.type is not SupplyType.PRODUCTION or order.status not in SCHEDULED_STATUSES:
            continue
        routing = shop.routings.get(order.sku.item)
        if routing is None or (orders is not None and order.id not in orders):
            continue
        ending = _ending_day(snapshot, options, order)
        last = resources[routing.operations[-1].resource]
        jobs.append(
            ProductionJob(
                order=order.id,
                item=order.sku.item,
                qty=order.qty,
                status=order.status,
                due_day=order.date,
                ending_day=ending,
                due=last.calendar.end_of_day(ending),
                release=start,
                attributes=snapshot.items[order.sku.item].attributes,
                steps=_steps(order, routing, resources, start, ready),
            )
        )
    jobs.sort(key=lambda job: (job.due, job.order))
    return jobs


def _ending_day(snapshot: Snapshot, options: PlanningOptions, order: Supply) -> Day:
    card = card_for_kind(card_for(snapshot, order.sku, options), order.type.value)
    return backward(card, order.date, snapshot.calendar).ending


def _steps(
    order: Supply,
    routing: Routing,
    resources: Shop,
    start: Minute,
    ready: Mapping[tuple[str, str], Day],
) -> tuple[JobStep, ...]:
    steps: list[JobStep] = []
    linked = {component for op in routing.operations for component in op.components}
    unlinked = [
        day for (no, component), day in ready.items() if no == order.id and component not in linked
    ]
    for index, op in enumerate(routing.operations):
        choices = []
        for code in (op.resource, *op.alternatives):
            where = resources[code]
            setup, run = process_minutes(op, where, order.qty)
            choices.append(Choice(code, setup, run, elapsed_minutes(where, setup, run)))
        needed = [ready[(order.id, c)] for c in op.components if (order.id, c) in ready]
        if index == 0:
            needed += unlinked
        earliest = max([start, *(minute_of(day) for day in needed)])
        steps.append(
            JobStep(
                op.no,
                tuple(choices),
                op.wait_time,
                op.move_time,
                earliest,
                op.components,
            )
        )
    return tuple(steps)


def changeover_minutes(
    matrix: ChangeoverMatrix | None,
    before: ProductionJob,
    after: ProductionJob,
    resource: tuple[str, ...],
) -> int:
    """Minutes ``resource`` needs to change from ``before``'s product to ``after``'s."""
    if matrix is None or before.item == after.item:
        return 0
    return matrix.minutes_at(resource, before.attributes, after.attributes)

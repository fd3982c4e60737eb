"""The stored production schedule as the Gantt chart shows it, and moving one operation.

:func:`schedule_view` gives every scheduled order with its operations on the
centers, marked late (it ends after its ending date) or short of material
(an operation starts before the day its components are due, from the
stored plan's pegging), with the changeovers the centers do before them.

:func:`move_operation` moves one operation to another start (and center):
it takes the operation's span on the center (its setup and run time there)
from the first working minute at or after the start asked for, gives every
job on the centers involved the changeover it then needs from the job
before it, and checks the schedule again with
:func:`taktplan.shopfloor.check.violations` (eligible center, working time,
precedence with wait and move time, material and schedule start, no
overlap, changeovers). A move is refused, with every rule it breaks, when it
breaks a rule the stored schedule did not break already; otherwise the
changed operations are saved in one transaction. Other operations do not
move along: the scheduler moves them one by one, or runs the optimiser again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from taktplan.capacity.order_schedule import OrderSchedule, ScheduledOperation
from taktplan.capacity.resources import Shop
from taktplan.capacity.sequencing import ChangeoverMatrix
from taktplan.capacity.shop_calendar import Minute, day_of, minute_of
from taktplan.domain.dates import Day, from_day, iso, parse_iso_date
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import ConflictError, InputError
from taktplan.planning import PlanningOptions
from taktplan.planning.result import PlanResult
from taktplan.shopfloor.check import violations
from taktplan.shopfloor.export import stamp
from taktplan.shopfloor.feedback import MANUAL, RescheduleSuggestion, suggestions_for
from taktplan.shopfloor.jobs import ProductionJob, changeover_minutes, production_jobs
from taktplan.shopfloor.material import material_ready
from taktplan.shopfloor.schedule import outcome_of
from taktplan.storage.database import transaction
from taktplan.storage.models import ScheduledOperationRecord, ScheduleRun
from taktplan.storage.schedules import load_schedule, replace_order_line
from taktplan.web import convert
from taktplan.web.convert import NotFoundError

SEQUENCED = ("sequence", "optimise")


class MoveRejectedError(InputError):
    """The move breaks the schedule's rules; ``problems`` lists every one."""

    def __init__(self, problems: list[str], *, field: str = "start") -> None:
        self.problems = problems
        super().__init__("; ".join(problems), record="schedule", field=field)


@dataclass(frozen=True, slots=True)
class StoredSchedule:
    run_id: int
    method: str
    start: Minute
    created: dt.datetime
    changeover_minutes: int
    solver: dict[str, Any] | None
    orders: tuple[OrderSchedule, ...]

    @property
    def version(self) -> str:
        """Changes whenever the scheduler replaces the schedule (ids may be reused)."""
        return f"{self.run_id}:{self.created.isoformat()}"

    @property
    def sequenced(self) -> bool:
        return self.method in SEQUENCED


def stored_schedule(session: Session) -> StoredSchedule | None:
    with transaction(session):
        run = session.scalar(select(ScheduleRun).order_by(ScheduleRun.id.desc()).limit(1))
        if run is None:
            return None
        orders = load_schedule(session) or []
        return StoredSchedule(
            run.id,
            run.method,
            run.start_minute,
            run.created,
            run.changeover_minutes,
            run.solver,
            tuple(orders),
        )


def parse_stamp(text: str, field: str = "start") -> Minute:
    """``YYYY-MM-DDTHH:MM`` (or with a space) as a minute; InputError naming ``field``."""
    cleaned = text.strip().replace(" ", "T")
    date, _, time = cleaned.partition("T")
    try:
        day = parse_iso_date(date)
        hours, minutes = (int(part) for part in time.split(":"))
    except (InputError, ValueError):
        raise InputError(
            f"'{text}' is not a time (expected YYYY-MM-DDTHH:MM)", record="schedule", field=field
        ) from None
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise InputError(f"'{text}' is not a time of day", record="schedule", field=field)
    return minute_of(day) + hours * 60 + minutes


@dataclass(frozen=True, slots=True)
class Context:
    """What checking a stored schedule needs: the shop, the jobs, the changeovers."""

    shop: Shop
    matrix: ChangeoverMatrix | None
    jobs: dict[str, ProductionJob]
    orders: tuple[OrderSchedule, ...]  # the stored orders that still have a job


def context(
    snapshot: Snapshot, options: PlanningOptions, stored: StoredSchedule, result: PlanResult
) -> Context:
    ready = material_ready(snapshot, result)
    names = frozenset(order.order for order in stored.orders)
    jobs = {
        job.order: job for job in production_jobs(snapshot, options, stored.start, ready, names)
    }
    kept = tuple(
        order
        for order in stored.orders
        if order.order in jobs and len(order.operations) == len(jobs[order.order].steps)
    )
    shop = snapshot.shop
    matrix = shop.changeovers if shop.changeovers.rules else None
    return Context(shop.resources, matrix, jobs, kept)


def _problems(ctx: Context, orders: Sequence[OrderSchedule], sequenced: bool) -> list[str]:
    jobs = [ctx.jobs[order.order] for order in orders]
    return violations(jobs, orders, ctx.shop, ctx.matrix, sequenced=sequenced)


def schedule_view(
    snapshot: Snapshot,
    options: PlanningOptions,
    stored: StoredSchedule,
    result: PlanResult,
    *,
    first: Day | None = None,
    last: Day | None = None,
) -> dict[str, Any]:
    ctx = context(snapshot, options, stored, result)
    routings = snapshot.shop.routings
    statuses = {s.id: s.status.value for s in snapshot.supply}
    orders: list[dict[str, Any]] = []
    for n, order in enumerate(sorted(ctx.orders, key=lambda o: (o.start, o.order))):
        job = ctx.jobs[order.order]
        end_day = day_of(order.end - 1) if order.end > order.start else day_of(order.end)
        routing = routings.get(order.item)
        descriptions = {op.no: op.description for op in routing.operations} if routing else {}
        operations = []
        for step, (op, job_step) in enumerate(zip(order.operations, job.steps, strict=True)):
            material = job_step.ready if job_step.ready > job.release else None
            operations.append(
                {
                    "step": step,
                    "operation": op.operation,
                    "description": descriptions.get(op.operation, ""),
                    "resource": op.resource,
                    "choices": [c.resource for c in job_step.choices],
                    "start": stamp(op.start),
                    "end": stamp(op.end),
                    "start_minute": op.start,
                    "end_minute": op.end,
                    "setup_minutes": op.setup_minutes,
                    "run_minutes": op.run_minutes,
                    "pieces": [list(p) for p in op.pieces],
                    "changeover": [list(p) for p in op.changeover],
                    "material_ready": None if material is None else stamp(material),
                    "material_short": material is not None and op.start < material,
                    "components": list(job_step.components),
                }
            )
        orders.append(
            {
                "order": order.order,
                "item": order.item,
                "qty": convert.qty(order.qty),
                "status": statuses.get(order.order, ""),
                "colour": n,
                "due_date": iso(job.due_day),
                "ending_date": iso(job.ending_day),
                "start": stamp(order.start),
                "end": stamp(order.end),
                "start_minute": order.start,
                "end_minute": order.end,
                "late": end_day > job.ending_day,
                "late_minutes": max(order.end - job.due, 0),
                "operations": operations,
            }
        )
    if ctx.orders:
        begin = min(day_of(o.start) for o in ctx.orders)
        end = max(day_of(o.end - 1) for o in ctx.orders)
    else:
        begin = end = day_of(stored.start)
    begin = first if first is not None else min(begin, day_of(stored.start))
    end = last if last is not None else max(end, begin)
    resources = [
        {
            "code": r.code,
            "kind": r.kind,
            "work_center": r.work_center,
            "calendar": r.calendar.code,
            "working": [
                list(p) for d in range(begin, end + 1) for p in r.calendar.periods(d) if p[1] > p[0]
            ],
        }
        for r in sorted(
            ctx.shop.resources.values(),
            key=lambda r: (r.work_center, r.code != r.work_center, r.code),
        )
    ]
    problems = _problems(ctx, ctx.orders, stored.sequenced)
    return {
        "run_id": stored.run_id,
        "version": stored.version,
        "method": stored.method,
        "start": stamp(stored.start),
        "created": stored.created,
        "changeover_minutes": sum(
            e - s for o in ctx.orders for op in o.operations for s, e in op.changeover
        ),
        "solver": stored.solver,
        "origin": {"date": from_day(begin).isoformat(), "minute": minute_of(begin)},
        "days": end - begin + 1,
        "resources": resources,
        "orders": orders,
        "late": [o["order"] for o in orders if o["late"]],
        "problems": problems,
    }


def move_operation(
    ctx: Context,
    stored: StoredSchedule,
    order_no: str,
    step: int,
    start: Minute,
    resource: str | None,
) -> tuple[list[OrderSchedule], list[ScheduledOperation]]:
    """The schedule after the move and the operations it changed; MoveRejectedError if invalid."""
    order = next((o for o in ctx.orders if o.order == order_no), None)
    if order is None:
        raise NotFoundError(
            f"order {order_no} is not in the stored schedule", record="schedule", field="order"
        )
    if not 0 <= step < len(order.operations):
        raise NotFoundError(
            f"order {order_no} has no operation step {step} (0 to {len(order.operations) - 1})",
            record="schedule",
            field="step",
        )
    job = ctx.jobs[order_no]
    old = order.operations[step]
    code = resource or old.resource
    choice = next((c for c in job.steps[step].choices if c.resource == code), None)
    if choice is None:
        allowed = ", ".join(c.resource for c in job.steps[step].choices)
        raise MoveRejectedError(
            [
                f"operation {old.operation} of order {order_no} cannot run on {code} (it can run "
                f"on {allowed})"
            ],
            field="resource",
        )
    calendar = ctx.shop[code].calendar
    pieces = tuple(calendar.forward(start, choice.span))
    moved = replace(
        old,
        resource=code,
        setup_minutes=choice.setup,
        run_minutes=choice.run,
        pieces=pieces,
        changeover=(),
    )
    after = [
        o
        if o.order != order_no
        else replace(
            o, operations=tuple(moved if k == step else op for k, op in enumerate(o.operations))
        )
        for o in ctx.orders
    ]
    if stored.sequenced:
        after = _with_changeovers(ctx, after, {old.resource, code})
    before = set(_problems(ctx, ctx.orders, stored.sequenced))
    found = [p for p in _problems(ctx, after, stored.sequenced) if p not in before]
    if found:
        raise MoveRejectedError(found)
    old_ops = {(o.order, op.operation): op for o in ctx.orders for op in o.operations}
    changed = [op for o in after for op in o.operations if old_ops[(o.order, op.operation)] != op]
    return after, changed


def _with_changeovers(
    ctx: Context, orders: list[OrderSchedule], codes: set[str]
) -> list[OrderSchedule]:
    """Every job on ``codes`` gets the changeover from the job before it, right before it starts."""
    new_ops: dict[tuple[str, str], ScheduledOperation] = {}
    for code in codes:
        where = ctx.shop[code]
        rows = sorted(
            ((op, o.order) for o in orders for op in o.operations if op.resource == code),
            key=lambda row: (row[0].start, row[1]),
        )
        previous: str | None = None
        for op, order_no in rows:
            minutes = 0
            if previous is not None:
                minutes = changeover_minutes(
                    ctx.matrix, ctx.jobs[previous], ctx.jobs[order_no], (code, where.work_center)
                )
            pieces = tuple(where.calendar.backward(op.start, minutes)) if minutes else ()
            new_ops[(order_no, op.operation)] = replace(op, changeover=pieces)
            previous = order_no
    return [
        replace(
            o, operations=tuple(new_ops.get((o.order, op.operation), op) for op in o.operations)
        )
        for o in orders
    ]


def moved_order_line(
    ctx: Context,
    snapshot: Snapshot,
    options: PlanningOptions,
    result: PlanResult,
    order: OrderSchedule,
) -> RescheduleSuggestion | None:
    """The Reschedule suggestion of a moved order: one if it now ends after its ending date."""
    outcome = outcome_of(ctx.jobs[order.order], order, ctx.shop)
    found = suggestions_for(snapshot, options, [outcome], MANUAL, result)
    return found[0] if found else None


def save_moves(
    session: Session,
    stored: StoredSchedule,
    changed: Sequence[ScheduledOperation],
    changeover: int,
    line: tuple[Snapshot, str, RescheduleSuggestion | None] | None = None,
) -> None:
    """Write the changed operations in one transaction, if the schedule is still ``stored``'s.

    ``line``: the moved order (in its snapshot) and its new Reschedule line,
    or None for no line (see :func:`moved_order_line`); written in the same
    transaction.
    """
    table = ScheduledOperationRecord
    run_id = stored.run_id
    with transaction(session):
        current = session.execute(
            select(ScheduleRun.id, ScheduleRun.created)
            .order_by(ScheduleRun.id.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if current is None or (current.id, current.created) != (run_id, stored.created):
            raise ConflictError(
                "the schedule was replaced since it was read (someone ran the scheduler); "
                "reload it",
                record="schedule",
                field="run_id",
            )
        for op in changed:
            done = session.execute(
                update(table)
                .where(
                    (table.run_id == run_id)
                    & (table.order_id == op.order)
                    & (table.operation == op.operation)
                )
                .values(
                    resource=op.resource,
                    setup_minutes=op.setup_minutes,
                    run_minutes=op.run_minutes,
                    start_minute=op.start,
                    end_minute=op.end,
                    pieces=[list(p) for p in op.pieces],
                    changeover=[list(p) for p in op.changeover],
                )
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(
                    f"operation {op.operation} of order {op.order} is no longer stored; reload",
                    record="schedule",
                    field="order",
                )
        session.execute(
            update(ScheduleRun)
            .where(ScheduleRun.id == run_id)
            .values(changeover_minutes=changeover)
        )
        if line is not None:
            replace_order_line(session, *line)

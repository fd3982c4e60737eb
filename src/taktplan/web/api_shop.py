"""The production schedule (read, run, move an operation), capacity load and cost estimates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from taktplan.capacity.load_report import Bucket, capacity_load
from taktplan.capacity.order_schedule import ScheduledOperation
from taktplan.capacity.shop_calendar import day_of
from taktplan.domain.dates import iso, to_day
from taktplan.errors import InputError
from taktplan.planning import plan
from taktplan.shopfloor.export import load_as_json, stamp
from taktplan.shopfloor.feedback import reschedule_suggestions
from taktplan.shopfloor.material import material_ready
from taktplan.shopfloor.schedule import Method, schedule_orders
from taktplan.storage import load_snapshot, load_worksheet
from taktplan.storage.database import read_transaction
from taktplan.storage.runs import assignment_options, default_options
from taktplan.storage.schedules import save_schedule
from taktplan.web import gantt
from taktplan.web.api_planning import stored_result
from taktplan.web.convert import NotFoundError
from taktplan.web.deps import DbSession, Planner, Viewer

router = APIRouter(tags=["schedule and capacity"])
MAX_SECONDS = 60.0


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _no_schedule() -> NotFoundError:
    return NotFoundError(
        "no schedule is stored: run the scheduler first (POST /api/schedule)",
        record="schedule",
        field="run_id",
    )


@router.get("/schedule", summary="The stored production schedule, as the Gantt chart shows it")
def schedule(
    _: Viewer,
    session: DbSession,
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    if first and last and last < first:
        raise InputError("the last day is before the first", record="schedule", field="to")
    with read_transaction(session):
        stored = gantt.stored_schedule(session)
        if stored is None:
            raise _no_schedule()
        snapshot = load_snapshot(session)
        result = stored_result(session)
        options = assignment_options(session)
    return gantt.schedule_view(
        snapshot,
        options,
        stored,
        result,
        first=to_day(first) if first else None,
        last=to_day(last) if last else None,
    )


class ScheduleRequest(Strict):
    method: Method = Field(
        default=Method.SEQUENCE, description="sequence, optimise, infinite, finite"
    )
    time_limit: float = Field(default=10.0, gt=0, le=MAX_SECONDS, description="Seconds (optimise).")
    start: dt.date | None = Field(default=None, description="Schedule from this day (today).")
    material: bool = Field(default=True, description="Wait for component supply (from a plan).")


@router.post("/schedule", summary="Schedule the production orders and store the schedule (planner)")
def run_schedule(body: ScheduleRequest, _: Planner, session: DbSession) -> dict[str, Any]:
    with read_transaction(session):
        snapshot = load_snapshot(session)
    options = default_options(body.start)
    result = plan(snapshot, options) if body.material else None
    ready = material_ready(snapshot, result) if result is not None else {}
    made = schedule_orders(snapshot, options, body.method, time_limit=body.time_limit, ready=ready)
    suggestions = reschedule_suggestions(snapshot, options, made, result)
    lines = save_schedule(session, snapshot, made, suggestions)
    if session.in_transaction():
        session.commit()
    return {
        "method": made.method.value,
        "orders": len(made.orders),
        "late": [o.order for o in made.late],
        "changeover_minutes": made.changeover_minutes,
        "reschedule_lines": lines,
        "solver": None
        if made.solver is None
        else {
            "solver": made.solver.solver,
            "status": made.solver.status,
            "seconds": made.solver.seconds,
        },
    }


class MoveRequest(Strict):
    order: str = Field(min_length=1, description="Production order no.")
    step: int = Field(ge=0, description="The operation's index in its routing (0 = first).")
    start: str = Field(description="New start, YYYY-MM-DDTHH:MM (moved to working time).")
    resource: str | None = Field(default=None, description="Another center that can run it.")
    version: str | None = Field(
        default=None, description="The schedule's version the move was made on (409 if replaced)."
    )


@router.post(
    "/schedule/moves",
    summary="Move an operation to another time or center: checked, saved or refused (planner)",
)
def move(body: MoveRequest, _: Planner, session: DbSession) -> dict[str, Any]:
    start = gantt.parse_stamp(body.start)
    with read_transaction(session):
        stored = gantt.stored_schedule(session)
        if stored is None:
            raise _no_schedule()
        snapshot = load_snapshot(session)
        result = stored_result(session)
        options = assignment_options(session)
    if body.version is not None and body.version != stored.version:
        from taktplan.errors import ConflictError

        raise ConflictError(
            "the schedule was replaced since it was read; reload it",
            record="schedule",
            field="version",
        )
    if body.resource is not None and body.resource not in snapshot.shop.resources:
        raise InputError(
            f"unknown work or machine center '{body.resource}'", record="schedule", field="resource"
        )
    ctx = gantt.context(snapshot, options, stored, result)
    after, changed = gantt.move_operation(ctx, stored, body.order, body.step, start, body.resource)
    changeover = sum(e - s for o in after for op in o.operations for s, e in op.changeover)
    moved_order = next(o for o in after if o.order == body.order)
    line = gantt.moved_order_line(ctx, snapshot, options, result, moved_order)
    gantt.save_moves(session, stored, changed, changeover, (snapshot, body.order, line))
    moved = moved_order.operations[body.step]
    return {
        "order": body.order,
        "step": body.step,
        "operation": moved.operation,
        "resource": moved.resource,
        "start": stamp(moved.start),
        "end": stamp(moved.end),
        "changed": [_changed(op) for op in changed],
        "late": None
        if line is None
        else {"new_due": iso(line.new_due), "explanation": list(line.explanation)},
    }


def _changed(op: ScheduledOperation) -> dict[str, Any]:
    return {
        "order": op.order,
        "operation": op.operation,
        "resource": op.resource,
        "start": stamp(op.start),
        "end": stamp(op.end),
    }


@router.get("/capacity-load", summary="Load against available capacity per center and day or week")
def load(
    _: Viewer,
    session: DbSession,
    bucket: Bucket = Bucket.DAY,
    first: Annotated[dt.date | None, Query(alias="from")] = None,
    last: Annotated[dt.date | None, Query(alias="to")] = None,
    center: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    """A work center's rows include its machine centers (``machine_centers`` names them)."""
    with read_transaction(session):
        snapshot = load_snapshot(session)
        stored = gantt.stored_schedule(session)
    shop = snapshot.shop.resources
    for code in center or ():
        if code not in shop:
            raise InputError(
                f"unknown work or machine center '{code}'", record="capacity-load", field="center"
            )
    source = "stored schedule"
    if stored is not None:
        operations = [op for order in stored.orders for op in order.operations]
    else:
        source = "infinite backward scheduling (no schedule stored)"
        made = schedule_orders(snapshot, default_options(), Method.INFINITE)
        operations = [op for order in made.orders for op in order.operations]
    if not operations:
        raise NotFoundError("nothing is scheduled", record="capacity-load", field="orders")
    begin = to_day(first) if first else min(day_of(op.start) for op in operations)
    end = to_day(last) if last else max(day_of(op.end) for op in operations)
    if end < begin:
        raise InputError("the last day is before the first", record="capacity-load", field="to")
    rows = capacity_load(operations, shop, begin, end, bucket, center or None)
    return {"bucket": bucket.value, "source": source, "rows": load_as_json(rows)}


# --- costs -----------------------------------------------------------------------------


@router.get("/costs/items", summary="Standard cost roll-up per item (the cost worksheet)")
def cost_items(
    _: Viewer,
    session: DbSession,
    item: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    from taktplan.costing import roll_up
    from taktplan.costing.report import item_cost_json

    snapshot = load_snapshot(session)
    for no in item or ():
        if no not in snapshot.items:
            raise NotFoundError(f"unknown item '{no}'", record="costs", field="item")
    rollup = roll_up(snapshot.items, snapshot.shop, only=item)
    rows = [row for row in rollup.worksheet() if item is None or row.item in item]
    return {"items": [item_cost_json(row) for row in rows]}


@router.get("/costs/orders/{document}", summary="Cost estimate of an existing order")
def cost_order(document: str, _: Viewer, session: DbSession) -> dict[str, Any]:
    from taktplan.costing import estimate_order, roll_up
    from taktplan.costing.report import estimate_json, open_order

    snapshot = load_snapshot(session)
    if not any(s.id == document for s in snapshot.supply):
        raise NotFoundError("no such open order", record=f"order {document}", field="document")
    costed = open_order(snapshot, document)
    rollup = roll_up(snapshot.items, snapshot.shop, only=[costed.item])
    estimate = estimate_order(rollup, costed.item, costed.qty, purchased=costed.purchased)
    return estimate_json(costed, estimate)


@router.get("/costs/worksheet/{line_no}", summary="Cost estimate of a worksheet line")
def cost_line(line_no: int, _: Viewer, session: DbSession) -> dict[str, Any]:
    from taktplan.costing import estimate_order, roll_up
    from taktplan.costing.report import estimate_json, worksheet_line

    lines = load_worksheet(session)
    if not any(line.line_no == line_no for line in lines):
        raise NotFoundError(f"no worksheet line {line_no}", record="costs", field="line_no")
    snapshot = load_snapshot(session)
    costed = worksheet_line(lines, line_no)
    rollup = roll_up(snapshot.items, snapshot.shop, only=[costed.item])
    estimate = estimate_order(rollup, costed.item, costed.qty, purchased=costed.purchased)
    return estimate_json(costed, estimate)


@router.get("/costs/plan", summary="Purchase spend and production cost of the worksheet")
def cost_plan(
    _: Viewer,
    session: DbSession,
    period: str = Query(default="week", pattern="^(week|month)$"),
) -> dict[str, Any]:
    from taktplan.costing import Period, plan_cost, roll_up
    from taktplan.costing.report import plan_json

    snapshot = load_snapshot(session)
    lines = tuple(load_worksheet(session))
    made = sorted({line.sku.item for line in lines if line.ref_type != "purchase"})
    rollup = roll_up(snapshot.items, snapshot.shop, only=made)
    return plan_json(plan_cost(rollup, lines, Period(period)))

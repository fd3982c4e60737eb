"""The planning worksheet, plan runs, pegging and item availability."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from taktplan.domain.dates import to_day
from taktplan.domain.item import SkuKey
from taktplan.errors import InputError
from taktplan.planning import PlanningOptions
from taktplan.planning.availability import committed_demand
from taktplan.planning.options import PlanKind
from taktplan.planning.pegging import peg_tree, tree_as_json
from taktplan.planning.result import Action, PlanningLine, PlanResult
from taktplan.planning.selection import card_for
from taktplan.storage import load_pegging, load_snapshot, load_worksheet
from taktplan.storage.carry_out import carry_out, set_accept
from taktplan.storage.database import read_transaction
from taktplan.storage.models import PlanningRun
from taktplan.storage.runs import assignment_options
from taktplan.web import convert
from taktplan.web.convert import NotFoundError
from taktplan.web.deps import DbSession, Planner, Viewer
from taktplan.web.jobs import PlanJob, PlanJobs

router = APIRouter(tags=["planning"])

SortKey = Literal[
    "line_no", "item", "location", "action", "due_date", "starting_date", "qty", "warning"
]
WarningFilter = Literal["emergency", "exception", "attention", "none"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- worksheet -----------------------------------------------------------------


def _sort_key(name: SortKey) -> Any:
    if name == "warning":
        return lambda line: (-(line.warning.severity if line.warning else 0), line.line_no)
    if name == "action":
        return lambda line: (list(Action).index(line.action), line.line_no)
    if name in ("item", "location"):
        return lambda line: (line.sku.item, line.sku.variant, line.sku.location, line.line_no)
    return lambda line: (getattr(line, name), line.line_no)


@router.get("/worksheet", summary="The planning worksheet, filtered and sorted")
def worksheet(
    _: Viewer,
    session: DbSession,
    item: Annotated[list[str] | None, Query(description="Only these items.")] = None,
    location: Annotated[list[str] | None, Query(description="Only these locations.")] = None,
    action: Annotated[list[Action] | None, Query(description="Only these actions.")] = None,
    warning: Annotated[
        list[WarningFilter] | None, Query(description="Only these warnings ('none': without).")
    ] = None,
    accepted: Annotated[bool | None, Query(description="Only accepted (or not).")] = None,
    search: Annotated[str | None, Query(max_length=100, description="Item contains.")] = None,
    sort: SortKey = "line_no",
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=100_000)] = 5000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    lines = load_worksheet(session, items=item, locations=location, actions=action)
    if warning is not None:
        wanted = set(warning)
        lines = [
            line for line in lines if (line.warning.value if line.warning else "none") in wanted
        ]
    if accepted is not None:
        lines = [line for line in lines if line.accept_action_message is accepted]
    if search:
        needle = search.lower()
        lines = [line for line in lines if needle in line.sku.item.lower()]
    lines.sort(key=_sort_key(sort), reverse=order == "desc")
    page = lines[offset : offset + limit]
    return {
        "total": len(lines),
        "accepted": sum(1 for line in lines if line.accept_action_message),
        "offset": offset,
        "lines": [convert.line(line) for line in page],
    }


@router.get("/worksheet/{line_no}", summary="One worksheet line with its explanation")
def worksheet_line(line_no: int, _: Viewer, session: DbSession) -> dict[str, Any]:
    for line in load_worksheet(session):
        if line.line_no == line_no:
            return convert.line(line)
    raise NotFoundError(f"no worksheet line {line_no}", record="worksheet", field="line_no")


class AcceptRequest(Strict):
    lines: list[int] | None = Field(default=None, description="Line numbers; or all=true.")
    all: bool = False
    accept: bool = Field(default=True, description="false takes the acceptance back.")


@router.post("/worksheet/accept", summary="Accept (or un-accept) lines for carrying out")
def accept(body: AcceptRequest, _: Planner, session: DbSession) -> dict[str, Any]:
    if (body.lines is None) == (not body.all):
        raise InputError(
            "give 'lines' (line numbers) or 'all': true, not both", record="accept", field="lines"
        )
    if body.lines is not None and not body.lines:
        raise InputError("'lines' is empty", record="accept", field="lines")
    count = set_accept(session, None if body.all else body.lines, body.accept)
    return {"count": count, "accepted": body.accept}


class CarryOutRequest(Strict):
    lines: list[int] | None = Field(
        default=None, description="Line numbers (they must be accepted); default every accepted."
    )
    firm_planned: bool = Field(default=False, description="New production orders firm planned.")


@router.post(
    "/worksheet/carry-out",
    summary="Carry out accepted lines into orders (409 when someone changed them meanwhile)",
)
def carry_out_lines(body: CarryOutRequest, _: Planner, session: DbSession) -> dict[str, Any]:
    if body.lines is not None and not body.lines:
        raise InputError("'lines' is empty", record="carry-out", field="lines")
    done = carry_out(session, firm_planned=body.firm_planned, line_nos=body.lines)
    return {
        "count": len(done),
        "carried_out": [
            {
                "line_no": row.line_no,
                "action": row.action.value,
                "order": row.order,
                "order_type": row.order_type,
            }
            for row in done
        ],
    }


# --- plan runs -------------------------------------------------------------------


class PlanRequest(Strict):
    start: dt.date | None = Field(default=None, description="Planning starting date (today).")
    end: dt.date | None = Field(default=None, description="Ending date (start + 12 weeks).")
    net_change: bool = Field(default=False, description="Replan only the flagged SKUs.")
    items: list[str] | None = None
    locations: list[str] | None = None
    mps: bool = False
    mrp: bool = False


def _jobs(request: Request) -> PlanJobs:
    jobs: PlanJobs = request.app.state.plans
    return jobs


def _job(job: PlanJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "state": job.state,
        "user": job.user,
        "kind": job.options.kind.value,
        "start": convert.day(job.options.start),
        "end": convert.day(job.options.end),
        "done": job.done,
        "total": job.total,
        "started": job.started,
        "finished": job.finished,
        "run_id": job.run_id,
        "lines": job.lines,
        "errors": job.errors,
        "error": job.error,
    }


@router.post("/plans", status_code=202, summary="Start a plan run in the background")
def start_plan(body: PlanRequest, request: Request, user: Planner) -> dict[str, Any]:
    if body.start and body.end and body.end < body.start:
        raise InputError("the ending date is before the starting date", record="plan", field="end")
    today = to_day(dt.date.today())
    first = to_day(body.start) if body.start else today
    last = to_day(body.end) if body.end else first + 84
    options = PlanningOptions(
        start=first,
        end=last,
        work_date=today,
        kind=PlanKind.NET_CHANGE if body.net_change else PlanKind.REGENERATIVE,
        item_filter=frozenset(body.items) if body.items else None,
        location_filter=frozenset(body.locations) if body.locations else None,
    )
    if body.mps != body.mrp:
        options = replace(options, mps=body.mps, mrp=body.mrp)
    return _job(_jobs(request).start(options, user.name))


@router.get("/plans/{job_id}", summary="A plan job's progress and outcome")
def plan_job(job_id: int, request: Request, _: Viewer) -> dict[str, Any]:
    job = _jobs(request).get(job_id)
    if job is None:
        raise NotFoundError(f"no plan job {job_id}", record="plan", field="id")
    return _job(job)


@router.get("/plans", summary="This server's plan jobs and the stored planning runs")
def plans(request: Request, _: Viewer, session: DbSession) -> dict[str, Any]:
    with read_transaction(session):
        runs = session.scalars(select(PlanningRun).order_by(PlanningRun.id.desc()).limit(20))
        stored = [
            {
                "run_id": run.id,
                "kind": run.kind.value,
                "started": run.started,
                "start": run.options.get("start"),
                "end": run.options.get("end"),
                "planned_skus": run.planned_skus,
                "lines": run.line_count,
                "errors": run.error_count,
            }
            for run in runs
        ]
    return {"jobs": [_job(job) for job in _jobs(request).all()], "runs": stored}


# --- pegging -------------------------------------------------------------------------


def stored_result(session: DbSession) -> PlanResult:
    """The stored worksheet and pegging as a plan result (for pegging and material)."""
    with read_transaction(session):
        lines = load_worksheet(session)
        pegging = load_pegging(session)
    return PlanResult(lines=tuple(lines), pegging=tuple(pegging), error_log=(), planned_skus=0)


@router.get("/pegging/{document}", summary="Pegging tree of a document (from the stored plan)")
def pegging(document: str, _: Viewer, session: DbSession) -> dict[str, Any]:
    try:
        tree = peg_tree(stored_result(session), document)
    except InputError as error:
        raise NotFoundError(
            error.message, record=f"document {document}", field="document"
        ) from None
    return tree_as_json(tree)


# --- item availability -------------------------------------------------------------------


@router.get(
    "/availability/{item}",
    summary="Projected inventory of a SKU: existing supply and with the worksheet's suggestions",
)
def availability(
    item: str,
    _: Viewer,
    session: DbSession,
    location: str = "",
    variant: str = "",
    start: Annotated[dt.date | None, Query(alias="from")] = None,
    end: Annotated[dt.date | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    snapshot = load_snapshot(session)
    if item not in snapshot.items:
        raise NotFoundError(f"unknown item '{item}'", record="availability", field="item")
    if location and location not in snapshot.locations:
        raise InputError(f"unknown location '{location}'", record="availability", field="location")
    key = SkuKey(item, variant, location)
    options = assignment_options(session)
    lines = [line for line in load_worksheet(session, items=[item]) if line.sku == key]
    card = card_for(snapshot, key, options)
    events = _events(snapshot, options, key, lines)
    on_hand = sum((e.qty for e in snapshot.inventory if e.sku == key), Decimal(0))
    first = to_day(start) if start else None
    last = to_day(end) if end else None
    existing = planned = on_hand
    rows: list[dict[str, Any]] = []
    for event in events:
        existing += event["existing"]
        planned += event["planned"]
        shown = (first is None or event["day"] >= first) and (last is None or event["day"] <= last)
        if shown:
            rows.append(
                {
                    "date": convert.day(event["day"]),
                    "kind": event["kind"],
                    "type": event["type"],
                    "document": event["document"],
                    "qty": convert.qty(event["qty"]),
                    "line_no": event["line_no"],
                    "action": event["action"],
                    "existing_balance": convert.qty(existing),
                    "planned_balance": convert.qty(planned),
                }
            )
    params = card
    return {
        **convert.sku(key),
        "on_hand": convert.qty(on_hand),
        "safety_stock": convert.qty(params.safety_stock),
        "reorder_point": convert.qty(params.reorder_point),
        "max_inventory": convert.qty(params.max_inventory),
        "reordering_policy": convert.value(params.reordering_policy),
        "replenishment": params.replenishment.value,
        "work_date": convert.day(options.work_date),
        "events": rows,
    }


def _events(
    snapshot: Any, options: PlanningOptions, key: SkuKey, lines: list[PlanningLine]
) -> list[dict[str, Any]]:
    """Every dated change of the SKU's inventory, in date order (receipts before issues).

    ``existing`` is the change by existing orders and committed demand;
    ``planned`` the change once the worksheet's lines are carried out (a new
    order adds, a rescheduled or changed order moves, a cancelled one goes).
    """
    by_ref = {line.ref: line for line in lines if line.ref is not None}
    events: list[dict[str, Any]] = []

    def add(
        day: int,
        kind: str,
        type_: str,
        document: str,
        existing: Decimal,
        planned: Decimal,
        line: PlanningLine | None = None,
        qty: Decimal | None = None,
    ) -> None:
        events.append(
            {
                "day": day,
                "kind": kind,
                "type": type_,
                "document": document,
                "qty": qty if qty is not None else (existing or planned),
                "existing": existing,
                "planned": planned,
                "line_no": None if line is None else line.line_no,
                "action": None if line is None else line.action.value,
            }
        )

    for order in snapshot.supply:
        if order.sku != key:
            continue
        line = by_ref.get(order.id)
        if line is None:
            add(order.date, "supply", order.type.value, order.id, order.qty, order.qty)
        elif line.action is Action.CANCEL:
            add(order.date, "supply", order.type.value, order.id, order.qty, Decimal(0), line)
        elif line.due_date == order.date:
            add(order.date, "supply", order.type.value, order.id, order.qty, line.qty, line)
        else:
            add(order.date, "supply", order.type.value, order.id, order.qty, Decimal(0), line)
            add(
                line.due_date,
                "supply",
                order.type.value,
                order.id,
                Decimal(0),
                line.qty,
                line,
                qty=line.qty,
            )
    for line in lines:
        if line.action is Action.NEW:
            add(
                line.due_date,
                "suggestion",
                line.replenishment.value,
                f"line {line.line_no}",
                Decimal(0),
                line.qty,
                line,
                qty=line.qty,
            )
    for row in committed_demand(snapshot, options).get(key, []):
        add(row.date, "demand", row.type.value, row.id, -row.qty, -row.qty, qty=row.qty)
    events.sort(key=lambda e: (e["day"], e["kind"] == "demand", e["document"]))
    return events

"""The planning worksheet: store a plan's lines, pegging and error log; read them back.

A regenerative plan replaces the whole worksheet; one filtered by items or
locations replaces the lines of those items or locations. A net change plan
(``result.scope`` is a set of SKUs) replaces only the lines, pegging and
error log of the SKUs in its scope; every other line stays as it was.

Line numbers are unique in the worksheet, so that a planner can name a line.
A regenerative plan keeps the numbers of its result (1, 2, ...); the lines of
a net change plan are numbered on after the highest number left standing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day, to_day
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.gc_pause import collector_paused
from taktplan.planning.options import PlanningOptions
from taktplan.planning.result import (
    Action,
    ErrorLogEntry,
    Peg,
    PlanningLine,
    PlanResult,
    Warning,
)
from taktplan.storage.assignment import clear_assignment
from taktplan.storage.database import read_transaction, transaction
from taktplan.storage.models import (
    AssignmentRecord,
    Base,
    ErrorLogRecord,
    PegRecord,
    SupplyRecord,
    WorksheetLine,
)
from taktplan.storage.rows import (
    bulk_insert,
    chunks,
    insert_rows,
    sku_columns,
    sku_in,
    sku_of,
    table_of,
)
from taktplan.storage.runs import add_run, utc_now

RESULT_TABLES: tuple[type[Base], ...] = (WorksheetLine, PegRecord, ErrorLogRecord)
SAVE_CHUNK = 20_000


def save_plan(
    session: Session,
    result: PlanResult,
    options: PlanningOptions,
    *,
    started: dt.datetime | None = None,
    planned_from: Snapshot | None = None,
) -> int:
    """Store a plan in the worksheet, in one transaction; returns the run's id.

    The SKUs it replanned leave the planning assignment (they are planned now).
    If anything fails, the previous worksheet stays exactly as it was.
    ``planned_from`` is the snapshot the plan was made from: each line keeps
    the date and quantity its order had there, so that carrying out can tell
    when the order was changed since (without it, the stored orders of now).
    Rows are built and inserted :data:`SAVE_CHUNK` at a time (a million lines
    as dictionaries at once would need gigabytes); the cyclic collector is
    paused meanwhile (see :mod:`taktplan.gc_pause`).
    """
    with collector_paused(), transaction(session):
        seen = _orders_seen(session, result, planned_from)
        run_id = add_run(session, result, options, started or utc_now())
        filtered = result.scope is None and _filtered(options)
        if filtered:
            _clear_filtered(session, options)
        else:
            _clear(session, result.scope)
            clear_assignment(session, result.scope)
        first = 0
        if result.scope is not None or filtered:
            first = session.scalar(select(func.max(WorksheetLine.line_no))) or 0
        lines = (_line_row(line, run_id, first, seen) for line in result.lines)
        for chunk in chunks(lines, SAVE_CHUNK):
            insert_rows(session, WorksheetLine, LINE_COLUMNS, chunk)
        pegs = (_peg_row(peg, run_id) for peg in result.pegging)
        for chunk in chunks(pegs, SAVE_CHUNK):
            insert_rows(session, PegRecord, PEG_COLUMNS, chunk)
        errors = [
            {**sku_columns(entry.sku), "run_id": run_id, "message": entry.message}
            for entry in result.error_log
        ]
        bulk_insert(session, ErrorLogRecord, errors)
    return run_id


def _filtered(options: PlanningOptions) -> bool:
    return options.item_filter is not None or options.location_filter is not None


def _clear_filtered(session: Session, options: PlanningOptions) -> None:
    """A regenerative plan of some items or locations replaces only their lines and flags."""
    items, locations = options.item_filter, options.location_filter
    models: tuple[type[Base], ...] = (*RESULT_TABLES, AssignmentRecord)
    for model in models:
        table = table_of(model)
        query = delete(table)
        if items is not None:
            query = query.where(table.c.item_no.in_(sorted(items)))
        if locations is not None:
            query = query.where(table.c.location_code.in_(sorted(locations)))
        session.execute(query)


def _clear(session: Session, scope: Collection[SkuKey] | None) -> None:
    for model in RESULT_TABLES:
        table = table_of(model)
        if scope is None:
            session.execute(delete(table))
            continue
        for chunk in chunks(sorted(scope)):
            session.execute(delete(table).where(sku_in(table, chunk)))


Seen = dict[str, tuple[dt.date, Decimal]]


def _orders_seen(session: Session, result: PlanResult, snapshot: Snapshot | None) -> Seen:
    """Date and quantity of every order a line changes, as the plan saw them."""
    refs = {line.ref for line in result.lines if line.ref is not None}
    if snapshot is not None:
        return {s.id: (from_day(s.date), s.qty) for s in snapshot.supply if s.id in refs}
    table = table_of(SupplyRecord)
    seen: Seen = {}
    for chunk in chunks(sorted(refs)):
        query = select(table.c.document_id, table.c.date, table.c.qty)
        for row in session.execute(query.where(table.c.document_id.in_(chunk))):
            seen[row.document_id] = (row.date, row.qty)
    return seen


LINE_COLUMNS = (
    "run_id",
    "line_no",
    "item_no",
    "variant",
    "location_code",
    "action",
    "ref",
    "ref_type",
    "due_date",
    "qty",
    "starting_date",
    "ending_date",
    "original_due_date",
    "original_qty",
    "warning",
    "warning_text",
    "accept_action_message",
    "replenishment",
    "explanation",
    "supply_id",
    "ref_date",
    "ref_qty",
)


def _line_row(line: PlanningLine, run_id: int, first: int, seen: Seen) -> tuple[Any, ...]:
    """The values of a worksheet row, in :data:`LINE_COLUMNS` order."""
    ref_date, ref_qty = seen.get(line.ref or "", (None, None))
    sku = line.sku
    original_due = line.original_due_date
    return (
        run_id,
        first + line.line_no,
        sku.item,
        sku.variant,
        sku.location,
        line.action,
        line.ref,
        line.ref_type,
        from_day(line.due_date),
        line.qty,
        from_day(line.starting_date),
        from_day(line.ending_date),
        None if original_due is None else from_day(original_due),
        line.original_qty,
        line.warning,
        line.warning_text,
        line.accept_action_message,
        line.replenishment,
        list(line.explanation),
        line.supply_id,
        ref_date,
        ref_qty,
    )


PEG_COLUMNS = (
    "run_id",
    "item_no",
    "variant",
    "location_code",
    "supply",
    "supply_type",
    "demand",
    "demand_type",
    "qty",
    "feeds",
)


def _peg_row(peg: Peg, run_id: int) -> tuple[Any, ...]:
    """The values of a pegging row, in :data:`PEG_COLUMNS` order."""
    sku = peg.sku
    return (
        run_id,
        sku.item,
        sku.variant,
        sku.location,
        peg.supply,
        peg.supply_type,
        peg.demand,
        peg.demand_type,
        peg.qty,
        peg.feeds,
    )


def load_worksheet(
    session: Session,
    *,
    items: Collection[str] | None = None,
    locations: Collection[str] | None = None,
    actions: Collection[Action] | None = None,
    warnings: Collection[Warning] | None = None,
) -> list[PlanningLine]:
    """The worksheet lines in line number order; each filter given keeps only its values."""
    table = table_of(WorksheetLine)
    query = select(table).order_by(table.c.line_no)
    if items is not None:
        query = query.where(table.c.item_no.in_(sorted(items)))
    if locations is not None:
        query = query.where(table.c.location_code.in_(sorted(locations)))
    if actions is not None:
        query = query.where(table.c.action.in_(sorted(actions)))
    if warnings is not None:
        query = query.where(table.c.warning.in_(sorted(warnings)))
    with read_transaction(session):
        return [line_of_row(row) for row in session.execute(query)]


def line_of_row(row: Row[Any]) -> PlanningLine:
    """A worksheet line from its stored row."""
    return PlanningLine(
        line_no=row.line_no,
        sku=sku_of(row),
        action=row.action,
        ref=row.ref,
        ref_type=row.ref_type,
        due_date=to_day(row.due_date),
        qty=row.qty,
        starting_date=to_day(row.starting_date),
        ending_date=to_day(row.ending_date),
        original_due_date=None if row.original_due_date is None else to_day(row.original_due_date),
        original_qty=row.original_qty,
        warning=row.warning,
        warning_text=row.warning_text,
        accept_action_message=row.accept_action_message,
        replenishment=row.replenishment,
        explanation=tuple(row.explanation),
        supply_id=row.supply_id,
    )


def load_pegging(session: Session) -> list[Peg]:
    """The stored pegging, in the order the plans reported it."""
    table = table_of(PegRecord)
    with read_transaction(session):
        rows: Sequence[Row[Any]] = session.execute(select(table).order_by(table.c.id)).all()
    return [
        Peg(
            sku_of(row),
            row.supply,
            row.supply_type,
            row.demand,
            row.demand_type,
            row.qty,
            row.feeds,
        )
        for row in rows
    ]


def load_error_log(session: Session) -> list[ErrorLogEntry]:
    table = table_of(ErrorLogRecord)
    with read_transaction(session):
        rows = session.execute(select(table).order_by(table.c.id)).all()
    return [ErrorLogEntry(sku_of(row), row.message) for row in rows]

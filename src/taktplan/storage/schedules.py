"""The stored production schedule, and what it changes in the worksheet and the orders.

:func:`save_schedule` replaces the stored schedule and, in the same
transaction, puts the schedule's Reschedule lines in the worksheet: a line
for an order replaces any line the plan had for it. :func:`release_orders`
releases the orders of a period, all or none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from taktplan.capacity.order_schedule import OrderSchedule, ScheduledOperation
from taktplan.domain.dates import from_day
from taktplan.domain.documents import SupplyStatus
from taktplan.domain.item import Replenishment
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.result import Action, PlanResult
from taktplan.shopfloor.feedback import RescheduleSuggestion, is_schedule_line
from taktplan.shopfloor.schedule import ShopSchedule
from taktplan.storage.database import transaction
from taktplan.storage.models import (
    PlanningRun,
    ScheduledOperationRecord,
    ScheduleRun,
    WorksheetLine,
)
from taktplan.storage.production_orders import change_statuses
from taktplan.storage.rows import bulk_insert, sku_columns
from taktplan.storage.runs import add_run, default_options, utc_now


def save_schedule(
    session: Session,
    snapshot: Snapshot,
    schedule: ShopSchedule,
    suggestions: Sequence[RescheduleSuggestion],
) -> int:
    """Store the schedule and its Reschedule lines; returns the number of lines written."""
    with transaction(session):
        session.execute(delete(ScheduledOperationRecord))
        session.execute(delete(ScheduleRun))
        solver = schedule.solver
        run = ScheduleRun(
            method=schedule.method.value,
            start_minute=schedule.start,
            created=utc_now(),
            changeover_minutes=schedule.changeover_minutes,
            solver=None if solver is None else solver.as_json(),
        )
        session.add(run)
        session.flush()
        rows = [
            _operation_row(run.id, order, step, op)
            for order in schedule.orders
            for step, op in enumerate(order.operations)
        ]
        bulk_insert(session, ScheduledOperationRecord, rows)
        _reschedule_lines(session, snapshot, suggestions)
    return len(suggestions)


def _operation_row(
    run_id: int, order: OrderSchedule, step: int, op: ScheduledOperation
) -> dict[str, object]:
    return {
        "run_id": run_id,
        "order_id": order.order,
        "item_no": order.item,
        "qty": order.qty,
        "step": step,
        "operation": op.operation,
        "resource": op.resource,
        "setup_minutes": op.setup_minutes,
        "run_minutes": op.run_minutes,
        "start_minute": op.start,
        "end_minute": op.end,
        "pieces": [list(piece) for piece in op.pieces],
        "changeover": [list(piece) for piece in op.changeover],
    }


def _reschedule_lines(
    session: Session, snapshot: Snapshot, suggestions: Sequence[RescheduleSuggestion]
) -> None:
    if not suggestions:
        return
    orders = [s.order for s in suggestions]
    session.execute(delete(WorksheetLine).where(WorksheetLine.ref.in_(orders)))
    run_id = session.scalar(select(func.max(PlanningRun.id)))
    if run_id is None:
        empty = PlanResult(lines=(), pegging=(), error_log=(), planned_skus=0)
        run_id = add_run(session, empty, default_options(), utc_now())
    first = session.scalar(select(func.max(WorksheetLine.line_no))) or 0
    supply = {s.id: s for s in snapshot.supply}
    rows = []
    for n, s in enumerate(suggestions, start=1):
        order = supply[s.order]
        rows.append(
            {
                **sku_columns(s.sku),
                "run_id": run_id,
                "line_no": first + n,
                "action": Action.RESCHEDULE,
                "ref": s.order,
                "ref_type": order.type.value,
                "due_date": from_day(s.new_due),
                "qty": s.qty,
                "starting_date": from_day(s.starting),
                "ending_date": from_day(s.ending),
                "original_due_date": from_day(s.original_due),
                "original_qty": None,
                "warning": None,
                "warning_text": "",
                "accept_action_message": False,
                "replenishment": Replenishment.PRODUCTION,
                "explanation": list(s.explanation),
                "supply_id": s.order,
                "ref_date": from_day(order.date),
                "ref_qty": order.qty,
            }
        )
    bulk_insert(session, WorksheetLine, rows)


def replace_order_line(
    session: Session,
    snapshot: Snapshot,
    order: str,
    suggestion: RescheduleSuggestion | None,
) -> None:
    """After one order was moved: its Reschedule line, or none when it is on time again.

    A late order's lines give way to the new Reschedule line, as when a
    schedule is stored. An order on time loses only a line a schedule wrote;
    a line the planning run made for it stays.
    """
    if suggestion is not None:
        _reschedule_lines(session, snapshot, [suggestion])
        return
    lines = session.scalars(
        select(WorksheetLine).where(
            (WorksheetLine.ref == order) & (WorksheetLine.action == Action.RESCHEDULE)
        )
    ).all()
    for line in lines:
        if is_schedule_line(line.explanation):
            session.delete(line)
    session.flush()


def load_schedule(session: Session) -> list[OrderSchedule] | None:
    """The stored schedule's orders (None: nothing was scheduled yet)."""
    if session.scalar(select(func.count()).select_from(ScheduleRun)) == 0:
        return None
    query = select(ScheduledOperationRecord).order_by(
        ScheduledOperationRecord.order_id, ScheduledOperationRecord.step
    )
    operations: dict[str, list[ScheduledOperationRecord]] = defaultdict(list)
    for record in session.scalars(query):
        operations[record.order_id].append(record)
    return [
        OrderSchedule(
            order,
            rows[0].item_no,
            rows[0].qty,
            tuple(
                ScheduledOperation(
                    order,
                    row.operation,
                    row.resource,
                    row.setup_minutes,
                    row.run_minutes,
                    tuple((a, b) for a, b in row.pieces),
                    tuple((a, b) for a, b in row.changeover),
                )
                for row in rows
            ),
        )
        for order, rows in operations.items()
    ]


def release_orders(session: Session, snapshot: Snapshot, orders: Sequence[str]) -> list[str]:
    """Release the planned and firm planned ones of ``orders``, all or none; their numbers.

    Orders already released stay as they are.
    """
    status = {s.id: s.status for s in snapshot.supply}
    waiting = [no for no in orders if status.get(no) is not SupplyStatus.RELEASED]
    if waiting:
        change_statuses(session, waiting, SupplyStatus.RELEASED)
    return waiting

"""Accept worksheet lines and carry them out into orders (the planner's last step).

Carrying out turns every accepted line into a change of the stored orders, in
one transaction, and removes the carried-out lines from the worksheet:

* New: a purchase, production (planned or firm planned, by option),
  assembly or transfer order; a transfer gets both sides, the transfer-in at
  the receiving location and the transfer-out at the shipping location, shipped
  on the line's starting date less the shipping location's outbound handling;
* Change Qty., Reschedule, Resched. & Chg. Qty.: the order's quantity and due
  date (a transfer's outbound side follows);
* Cancel: the order is deleted (a transfer with both sides).

A line that another planner carried out meanwhile, or whose order no longer
exists or changed since the plan, stops the whole carry-out with a conflict
naming the line; nothing is written. The changes flag their SKUs for the next
net change plan (:mod:`taktplan.storage.changes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import DemandType, SupplyType
from taktplan.domain.item import ManufacturingPolicy, ReorderingPolicy, Replenishment
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import ConflictError, InputError
from taktplan.planning.options import PlanningOptions
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import Action, PlanningLine
from taktplan.planning.scheduling_dates import shipment_date
from taktplan.planning.selection import card_for
from taktplan.storage.changes import tracked_change
from taktplan.storage.database import transaction
from taktplan.storage.models import (
    DemandRecord,
    PegRecord,
    PlanningRun,
    SupplyRecord,
    WorksheetLine,
)
from taktplan.storage.orders import NewOrder, NumberSeries, add_order
from taktplan.storage.rows import table_of
from taktplan.storage.runs import options_from_json
from taktplan.storage.worksheet import line_of_row

MAKE_TO_ORDER = ManufacturingPolicy.MAKE_TO_ORDER
_UNLINKED = (DemandType.FORECAST.value, DemandType.BLANKET.value, "safety stock")


@dataclass(frozen=True, slots=True)
class CarriedOut:
    """What one carried-out line did: the line, the action and the order it touched."""

    line_no: int
    action: Action
    order: str
    order_type: str


def set_accept(session: Session, line_nos: Collection[int] | None, accept: bool = True) -> int:
    """Mark lines (all when ``line_nos`` is None) accepted or not; returns how many."""
    table = table_of(WorksheetLine)
    with transaction(session):
        if line_nos is not None:
            known = set(session.scalars(select(table.c.line_no)))
            missing = sorted(set(line_nos) - known)
            if missing:
                raise InputError(
                    f"no worksheet line {', '.join(map(str, missing))}",
                    record="worksheet",
                    field="line_no",
                )
        query = update(table).values(accept_action_message=accept)
        counted = select(func.count()).select_from(table)
        if line_nos is not None:
            query = query.where(table.c.line_no.in_(sorted(line_nos)))
            counted = counted.where(table.c.line_no.in_(sorted(line_nos)))
        session.execute(query)
        return session.scalar(counted) or 0


def carry_out(
    session: Session,
    *,
    firm_planned: bool = False,
    line_nos: Collection[int] | None = None,
) -> list[CarriedOut]:
    """Carry out the accepted lines (or the named ones); returns what was done, in line order.

    Optimistic concurrency: the lines are locked, and a line that is gone
    (carried out by someone else, or replaced by a newer plan) or whose order
    changed since the plan raises :class:`ConflictError`; nothing is written.
    """
    with tracked_change(session, documents_only=True) as change:
        wanted = _wanted(session, line_nos)
        if not wanted:
            return []
        rows = _locked_lines(session, wanted)
        snapshot = change.before
        options = last_run_options(session)
        done: list[CarriedOut] = []
        numbers = NumberSeries(session)
        links = _Links(session, snapshot, options)
        for line, seen in rows:
            card = card_for(snapshot, line.sku, options)
            source = card.transfer_from if line.replenishment is Replenishment.TRANSFER else None
            shipped = line.starting_date
            if source is not None:
                outbound = snapshot.location(source).outbound_handling
                shipped = shipment_date(line.starting_date, outbound, snapshot.calendar)
            if line.action is Action.NEW:
                new = NewOrder(
                    line.sku,
                    line.replenishment,
                    line.due_date,
                    line.qty,
                    firm_planned=firm_planned,
                    source=source,
                    shipped=shipped,
                    linked_demand=links.linked_demand(line),
                )
                order = add_order(session, new, numbers)
                links.created[line.supply_id] = order
            else:
                order = _change(session, line, seen, shipped)
            done.append(CarriedOut(line.line_no, line.action, order, line.ref_type))
        table = table_of(WorksheetLine)
        numbers_done = [line.line_no for line, _ in rows]
        gone = session.execute(delete(table).where(table.c.line_no.in_(numbers_done)))
        if gone.rowcount != len(numbers_done):  # type: ignore[attr-defined]
            raise _gone(sorted(set(wanted)))
        return done


Seen = tuple[dt.date | None, Decimal | None]


def _wanted(session: Session, line_nos: Collection[int] | None) -> list[int]:
    """The numbers of the lines to carry out: the accepted ones, or those named."""
    table = table_of(WorksheetLine)
    if line_nos is None:
        query = select(table.c.line_no).where(table.c.accept_action_message.is_(True))
        return sorted(session.scalars(query))
    query = select(table.c.line_no, table.c.accept_action_message).where(
        table.c.line_no.in_(sorted(line_nos))
    )
    found = {row.line_no: row.accept_action_message for row in session.execute(query)}
    missing = sorted(set(line_nos) - set(found))
    if missing:
        raise _gone(missing)
    refused = [str(no) for no, accepted in sorted(found.items()) if not accepted]
    if refused:
        raise InputError(
            f"line {', '.join(refused)} is not accepted; accept it first (takt accept)",
            record="worksheet",
            field="accept",
        )
    return sorted(found)


def _locked_lines(session: Session, wanted: list[int]) -> list[tuple[PlanningLine, Seen]]:
    """The lines, locked until the transaction ends (another carry-out waits for it).

    A line read as accepted but gone once the lock is granted was carried out
    by someone else meanwhile, or replaced by a newer plan.
    """
    table = table_of(WorksheetLine)
    query = select(table).where(table.c.line_no.in_(wanted)).order_by(table.c.line_no)
    rows = session.execute(query.with_for_update()).all()
    missing = sorted(set(wanted) - {row.line_no for row in rows})
    if missing:
        raise _gone(missing)
    return [(line_of_row(row), (row.ref_date, row.ref_qty)) for row in rows]


def _gone(line_nos: list[int]) -> ConflictError:
    numbers = ", ".join(map(str, line_nos))
    return ConflictError(
        f"worksheet line {numbers} is gone: another planner carried it out or a newer plan "
        "replaced the worksheet; list the worksheet again",
        record="worksheet",
        field="line_no",
    )


def last_run_options(session: Session) -> PlanningOptions:
    """The options of the latest stored plan (the worksheet was made with them)."""
    stored = session.scalar(select(PlanningRun.options).order_by(PlanningRun.id.desc()).limit(1))
    if stored is None:
        raise InputError("the worksheet is empty: run a plan first", record="worksheet")
    return options_from_json(stored)


class _Links:
    """Order-to-order links a new order keeps when it is carried out.

    An Order-policy line serves exactly one demand: the order is linked to it
    (a component demand is named after its parent's order, so the link follows
    the parent's new document number). A make-to-order component line serves
    its make-to-order parent: the order is linked to the parent's order (the
    one just created from the parent's line when carried out in the same run).
    """

    def __init__(self, session: Session, snapshot: Snapshot, options: PlanningOptions) -> None:
        self.snapshot, self.options = snapshot, options
        self.created: dict[str, str] = {}
        pegs = table_of(PegRecord)
        self.served: dict[str, list[tuple[str, str]]] = {}
        for row in session.execute(select(pegs.c.supply, pegs.c.demand, pegs.c.demand_type)):
            self.served.setdefault(row.supply, []).append((row.demand, row.demand_type))

    def linked_demand(self, line: PlanningLine) -> str | None:
        served = self.served.get(line.supply_id, [])
        if len(served) != 1:
            return None
        demand, kind = served[0]
        card = card_for(self.snapshot, line.sku, self.options)
        if card.reordering_policy is ReorderingPolicy.ORDER and kind not in _UNLINKED:
            return self.created.get(demand, demand)
        item = self.snapshot.items[line.sku.item]
        if kind == DemandType.COMPONENT.value and item.manufacturing_policy is MAKE_TO_ORDER:
            return self.created.get(demand, demand)
        return None


def _change(session: Session, line: PlanningLine, seen: Seen, shipped: int) -> str:
    assert line.ref is not None
    supply = table_of(SupplyRecord)
    query = select(supply.c.id, supply.c.type, supply.c.date, supply.c.qty).where(
        supply.c.document_id == line.ref
    )
    found = session.execute(query.with_for_update()).first()
    if found is None:
        raise ConflictError(
            f"{line.ref_type} {line.ref} no longer exists; plan again before carrying out",
            record=f"worksheet line {line.line_no}",
            field="ref",
        )
    if seen != (None, None) and (found.date, found.qty) != seen:
        raise ConflictError(
            f"{line.ref_type} {line.ref} changed since the plan (the plan saw "
            f"{fmt_qty(seen[1] or Decimal(0))} due {seen[0]}, it is now {fmt_qty(found.qty)} "
            f"due {found.date}); plan again before carrying out",
            record=f"worksheet line {line.line_no}",
            field="ref",
        )
    outbound = table_of(DemandRecord)
    is_outbound = (outbound.c.document_id == line.ref) & (
        outbound.c.type == DemandType.TRANSFER_OUT
    )
    if line.action is Action.CANCEL:
        session.execute(delete(supply).where(supply.c.id == found.id))
        session.execute(delete(outbound).where(is_outbound))
        return line.ref
    due: dt.date = from_day(line.due_date)
    session.execute(update(supply).where(supply.c.id == found.id).values(date=due, qty=line.qty))
    if found.type is SupplyType.TRANSFER_IN:
        session.execute(
            update(outbound).where(is_outbound).values(date=from_day(shipped), qty=line.qty)
        )
    return line.ref

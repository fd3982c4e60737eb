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

A line whose order no longer exists (someone else changed it) stops the whole
carry-out with an error naming the line; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from taktplan.domain.dates import from_day
from taktplan.domain.documents import DemandType, PlanningFlexibility, SupplyStatus, SupplyType
from taktplan.domain.item import ManufacturingPolicy, ReorderingPolicy, Replenishment
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.options import PlanningOptions
from taktplan.planning.result import Action, PlanningLine
from taktplan.planning.scheduling_dates import shipment_date
from taktplan.planning.selection import card_for
from taktplan.storage.database import transaction
from taktplan.storage.models import (
    DemandRecord,
    PegRecord,
    PlanningRun,
    SupplyRecord,
    WorksheetLine,
)
from taktplan.storage.rows import sku_columns, table_of
from taktplan.storage.runs import options_from_json
from taktplan.storage.snapshots import load_snapshot
from taktplan.storage.worksheet import load_worksheet

MAKE_TO_ORDER = ManufacturingPolicy.MAKE_TO_ORDER
_UNLINKED = (DemandType.FORECAST.value, DemandType.BLANKET.value, "safety stock")
_PREFIX = {
    Replenishment.PURCHASE: "PO",
    Replenishment.PRODUCTION: "PRD",
    Replenishment.ASSEMBLY: "ASM",
    Replenishment.TRANSFER: "TR",
}
_SUPPLY_TYPE = {
    Replenishment.PURCHASE: SupplyType.PURCHASE,
    Replenishment.PRODUCTION: SupplyType.PRODUCTION,
    Replenishment.ASSEMBLY: SupplyType.ASSEMBLY,
    Replenishment.TRANSFER: SupplyType.TRANSFER_IN,
}


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


def carry_out(session: Session, *, firm_planned: bool = False) -> list[CarriedOut]:
    """Carry out every accepted line; returns what was done, in line order."""
    with transaction(session):
        lines = [line for line in load_worksheet(session) if line.accept_action_message]
        if not lines:
            return []
        snapshot = load_snapshot(session)
        options = last_run_options(session)
        done: list[CarriedOut] = []
        numbers = _NumberSeries(session)
        links = _Links(session, snapshot, options)
        for line in lines:
            card = card_for(snapshot, line.sku, options)
            source = card.transfer_from if line.replenishment is Replenishment.TRANSFER else None
            shipped = line.starting_date
            if source is not None:
                outbound = snapshot.location(source).outbound_handling
                shipped = shipment_date(line.starting_date, outbound, snapshot.calendar)
            if line.action is Action.NEW:
                linked = links.linked_demand(line)
                order = _create(session, line, numbers, firm_planned, source, shipped, linked)
                links.created[line.supply_id] = order
            else:
                order = _change(session, line, shipped)
            done.append(CarriedOut(line.line_no, line.action, order, line.ref_type))
        table = table_of(WorksheetLine)
        session.execute(delete(table).where(table.c.line_no.in_([ln.line_no for ln in lines])))
        return done


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


class _NumberSeries:
    """Next free document numbers per prefix (PO-00001, PRD-00001, ...)."""

    def __init__(self, session: Session) -> None:
        self.used = set(session.scalars(select(SupplyRecord.document_id)))
        self.next: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        number = self.next.get(prefix, 1)
        while f"{prefix}-{number:05d}" in self.used:
            number += 1
        self.next[prefix] = number + 1
        document = f"{prefix}-{number:05d}"
        self.used.add(document)
        return document


def _create(
    session: Session,
    line: PlanningLine,
    numbers: _NumberSeries,
    firm_planned: bool,
    source: str | None,
    shipped: int,
    linked: str | None,
) -> str:
    document = numbers.take(_PREFIX[line.replenishment])
    kind = _SUPPLY_TYPE[line.replenishment]
    status = SupplyStatus.OPEN
    if kind is SupplyType.PRODUCTION:
        status = SupplyStatus.FIRM_PLANNED if firm_planned else SupplyStatus.PLANNED
    session.add(
        SupplyRecord(
            **sku_columns(line.sku),
            type=kind,
            document_id=document,
            date=from_day(line.due_date),
            qty=line.qty,
            status=status,
            flexibility=PlanningFlexibility.UNLIMITED,
            lot=None,
            linked_demand=linked,
            reserved_qty=0,
        )
    )
    if kind is SupplyType.TRANSFER_IN and source is not None:
        session.add(_outbound(line, document, source, shipped))
    session.flush()
    return document


def _outbound(line: PlanningLine, document: str, source: str, shipped: int) -> DemandRecord:
    columns = sku_columns(line.sku)
    columns["location_code"] = source
    return DemandRecord(
        **columns,
        type=DemandType.TRANSFER_OUT,
        document_id=document,
        date=from_day(shipped),
        qty=line.qty,
        reserved_qty=0,
        lot=None,
        blanket_id=None,
        component_forecast=False,
        parent=None,
        order_to_order=False,
    )


def _change(session: Session, line: PlanningLine, shipped: int) -> str:
    assert line.ref is not None
    supply = table_of(SupplyRecord)
    found = session.execute(
        select(supply.c.id, supply.c.type).where(supply.c.document_id == line.ref)
    ).first()
    if found is None:
        raise InputError(
            f"{line.ref_type} {line.ref} no longer exists; plan again before carrying out",
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

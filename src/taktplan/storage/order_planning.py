"""Order planning on the stored world: list uncovered demand, make supply for a line.

:func:`make_supply` creates one order for the open quantity of a demand line
by the replenishment the planner picks (purchase, production, assembly or
transfer), due on the demand date and ignoring the planning parameters; the
order is an ordinary one that the next planning run treats like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from taktplan.domain.dates import Day
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.assignment import PlanningAssignment
from taktplan.planning.order_planning import UncoveredDemand, uncovered_demand
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.scheduling_dates import backward, shipment_date
from taktplan.planning.selection import card_for
from taktplan.storage.changes import assignment_options, tracked_change
from taktplan.storage.database import read_transaction
from taktplan.storage.orders import NewOrder, NumberSeries, add_order
from taktplan.storage.snapshots import load_snapshot


@dataclass(frozen=True, slots=True)
class MadeSupply:
    """The order made for a demand line, its dates, and what it flagged."""

    order: str
    line: UncoveredDemand
    replenishment: Replenishment
    qty: Decimal
    due: Day
    starting: Day
    source: str | None
    flagged: tuple[PlanningAssignment, ...]


def list_uncovered(session: Session, items: set[str] | None = None) -> list[UncoveredDemand]:
    """The stored world's demand lines that existing supply leaves open."""
    with read_transaction(session):
        snapshot = load_snapshot(session)
        options = assignment_options(session)
    if items:
        options = replace(options, item_filter=frozenset(items))
    return uncovered_demand(snapshot, options)


def make_supply(
    session: Session,
    demand: str,
    item: str,
    *,
    location: str | None = None,
    replenishment: Replenishment | None = None,
    qty: Decimal | None = None,
    source: str | None = None,
    firm_planned: bool = False,
) -> MadeSupply:
    """Create an order covering the open quantity of one uncovered demand line.

    ``replenishment`` defaults to the SKU's; ``qty`` to the open quantity;
    a transfer ships from ``source`` (default: the SKU's transfer-from code).
    """
    record = f"demand {demand}"
    with tracked_change(session, documents_only=True) as change:
        snapshot = change.before
        options = assignment_options(session)
        line = _line(uncovered_demand(snapshot, options), demand, item, location, record)
        how = replenishment or line.replenishment
        amount = line.needed if qty is None else qty
        if amount <= 0:
            raise InputError(
                f"quantity must be positive, got {fmt_qty(amount)}", record=record, field="qty"
            )
        card = replace(card_for(snapshot, line.sku, options), replenishment=how)
        starting = backward(card, line.date, snapshot.calendar).starting
        shipped: Day | None = None
        if how is Replenishment.TRANSFER:
            source = _source(snapshot, line.sku, source or card.transfer_from, record)
            outbound = snapshot.location(source).outbound_handling
            shipped = shipment_date(starting, outbound, snapshot.calendar)
        else:
            source = None
        order = NewOrder(
            line.sku,
            how,
            line.date,
            amount,
            firm_planned=firm_planned,
            source=source,
            shipped=shipped,
        )
        document = add_order(session, order, NumberSeries(session))
    return MadeSupply(
        document, line, how, amount, line.date, starting, source, tuple(change.flagged)
    )


def _line(
    lines: list[UncoveredDemand],
    demand: str,
    item: str,
    location: str | None,
    record: str,
) -> UncoveredDemand:
    found = [
        line
        for line in lines
        if line.demand == demand
        and line.sku.item == item
        and (location is None or line.sku.location == location)
    ]
    if not found:
        raise InputError(
            f"no uncovered demand line for item {item}"
            + (f" at location '{location}'" if location is not None else "")
            + " (see takt order-planning)",
            record=record,
            field="id",
        )
    if len(found) > 1:
        places = ", ".join(str(line.sku) for line in found)
        raise InputError(
            f"several uncovered lines ({places}); name the location",
            record=record,
            field="location",
        )
    return found[0]


def _source(snapshot: Snapshot, key: SkuKey, source: str | None, record: str) -> str:
    if not source:
        raise InputError(
            f"{key} has no transfer-from location; name the shipping location",
            record=record,
            field="from",
        )
    if source not in snapshot.locations:
        raise InputError(f"unknown location '{source}'", record=record, field="from")
    if source == key.location:
        raise InputError(f"cannot transfer from {source} to itself", record=record, field="from")
    return source

"""Dates of a planning line: starting, ending and due date (planning-spec §9).

Backward from the due date for demand-driven supply; forward from a start
date for reorder-point orders. Lead times are date formulas in calendar days;
a date that falls on a non-working day moves to a working day (earlier when
scheduling backward, later when scheduling forward).

A production order of an item with a routing takes its lead time from the
routing instead (:func:`routing_lead`): its operations are scheduled through
the shop calendars for the order's quantity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from taktplan.domain.calendar import WorkCalendar
from taktplan.domain.dates import DateFormula, Day
from taktplan.domain.item import PlanningParameters, Replenishment
from taktplan.domain.shop import ShopData

# A lead time other than the card's: (date, backward) -> starting date from an
# ending date (backward) or ending date from a starting date (forward).
Lead = Callable[[Day, bool], Day]


@dataclass(frozen=True, slots=True)
class LineDates:
    starting: Day
    ending: Day
    due: Day


def _lead_time(card: PlanningParameters, day: Day, backward: bool) -> Day:
    if card.replenishment is Replenishment.TRANSFER:
        formula = card.transfer_shipping_time
    else:
        formula = card.lead_time
    return formula.subtract_from(day) if backward else formula.add_to(day)


_KINDS = {
    "purchase": Replenishment.PURCHASE,
    "production": Replenishment.PRODUCTION,
    "assembly": Replenishment.ASSEMBLY,
    "transfer-in": Replenishment.TRANSFER,
}


def card_for_kind(card: PlanningParameters, kind: str) -> PlanningParameters:
    """The card to date an existing order of another kind than the SKU's replenishment.

    An existing transfer at a purchased SKU moves by its shipping time, not the
    purchase lead time (and the other way round).
    """
    replenishment = _KINDS.get(kind)
    if replenishment is None or replenishment is card.replenishment:
        return card
    return replace(card, replenishment=replenishment)


def routing_lead(shop: ShopData, kind: str, item: str, qty: Decimal) -> Lead | None:
    """The routing's lead time for a production order of ``qty`` (None: no routing applies)."""
    if kind != "production" or not shop.routings or item not in shop.routings:
        return None
    times = shop.lead_times

    def lead(day: Day, backward: bool) -> Day:
        return times.starting(item, qty, day) if backward else times.ending(item, qty, day)

    return lead


def backward(
    card: PlanningParameters, due: Day, calendar: WorkCalendar, lead: Lead | None = None
) -> LineDates:
    """Dates of a supply that must be available on ``due``.

    Ending date = due - inbound handling (- safety lead time, not for
    transfers); starting date = ending - lead time (or shipping time, or the
    routing's time when ``lead`` is given).
    """
    ending = due
    if not card.inbound_handling.is_zero:
        ending = calendar.previous_working(card.inbound_handling.subtract_from(ending))
    if card.replenishment is not Replenishment.TRANSFER:
        ending = calendar.previous_working(card.safety_lead_time.subtract_from(ending))
    if lead is not None:
        return LineDates(lead(ending, True), ending, due)
    starting = calendar.previous_working(_lead_time(card, ending, backward=True))
    return LineDates(starting, ending, due)


def forward(
    card: PlanningParameters, start: Day, calendar: WorkCalendar, lead: Lead | None = None
) -> LineDates:
    """Dates of a supply that starts on ``start`` (reorder-point orders)."""
    starting = calendar.next_working(start)
    if lead is not None:
        ending = lead(starting, False)
    else:
        ending = calendar.next_working(_lead_time(card, starting, backward=False))
    return LineDates(starting, ending, due_after(card, ending, calendar))


def due_after(card: PlanningParameters, ending: Day, calendar: WorkCalendar) -> Day:
    """The due date of a supply that ends on ``ending``: + safety lead time + inbound handling."""
    due = ending
    if card.replenishment is not Replenishment.TRANSFER:
        due = calendar.next_working(card.safety_lead_time.add_to(due))
    if not card.inbound_handling.is_zero:
        due = calendar.next_working(card.inbound_handling.add_to(due))
    return due


def shipment_date(starting: Day, outbound_handling: DateFormula, calendar: WorkCalendar) -> Day:
    """When a transfer leaves the shipping location: its starting date - outbound handling."""
    if outbound_handling.is_zero:
        return starting
    return calendar.previous_working(outbound_handling.subtract_from(starting))

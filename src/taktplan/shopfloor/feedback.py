"""What a production schedule means for the plan: reschedule lines and late sales orders.

An order the schedule cannot finish by its ending date gets a Reschedule
suggestion: its due date moves to the day it can be ready (the day it ends,
plus safety lead time and inbound handling as planning adds them), with an
explanation naming the center it waited for longest. The independent demand
pegged to it (through every level above it) that the new date makes late is
listed: those are the customers to call.

Sequenced schedules start every order as early as it can, so most orders end
before their ending date; that slack is not a reason to move a due date and
gets no line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from taktplan.capacity.shop_calendar import clock
from taktplan.domain.dates import Day, iso
from taktplan.domain.item import SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.options import PlanningOptions
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.pegging import PegNode, peg_up_each
from taktplan.planning.result import PlanResult
from taktplan.planning.scheduling_dates import card_for_kind, due_after
from taktplan.planning.selection import card_for
from taktplan.shopfloor.schedule import Method, Outcome, ShopSchedule

INDEPENDENT = ("sales", "service", "job")
MANUAL = "manual"
"""The method named in the line of an order a planner moved on the Gantt chart."""
SCHEDULE_METHODS = frozenset({*(method.value for method in Method), MANUAL})


@dataclass(frozen=True, slots=True)
class LateDemand:
    """Independent demand that an order's new date makes late."""

    type: str
    id: str
    sku: SkuKey
    date: Day


@dataclass(frozen=True, slots=True)
class RescheduleSuggestion:
    order: str
    sku: SkuKey
    qty: Decimal
    original_due: Day
    new_due: Day
    starting: Day
    ending: Day
    bottleneck: str | None
    explanation: tuple[str, ...]
    late_demand: tuple[LateDemand, ...]


def reschedule_suggestions(
    snapshot: Snapshot,
    options: PlanningOptions,
    schedule: ShopSchedule,
    result: PlanResult | None = None,
) -> list[RescheduleSuggestion]:
    """A suggestion per order the schedule makes late, with the demand it makes late."""
    return suggestions_for(snapshot, options, schedule.outcomes, schedule.method.value, result)


def suggestions_for(
    snapshot: Snapshot,
    options: PlanningOptions,
    outcomes: Sequence[Outcome],
    method: str,
    result: PlanResult | None = None,
) -> list[RescheduleSuggestion]:
    """:func:`reschedule_suggestions` for some orders' outcomes; ``method`` names the schedule.

    A planner's move on the Gantt chart (method ``manual``) gets its line this way.
    """
    orders = {s.id: s for s in snapshot.supply}
    dates = {(d.type.value, d.id, d.sku): d.date for d in snapshot.demand}
    late_ones = [outcome for outcome in outcomes if outcome.late]
    pegged = peg_up_each(result, [o.order for o in late_ones]) if result is not None else {}
    found: list[RescheduleSuggestion] = []
    for outcome in late_ones:
        order = orders[outcome.order]
        card = card_for_kind(card_for(snapshot, order.sku, options), order.type.value)
        new_due = due_after(card, outcome.end_day, snapshot.calendar)
        late = _late_demand(pegged.get(outcome.order, ()), new_due, dates)
        found.append(
            RescheduleSuggestion(
                order=order.id,
                sku=order.sku,
                qty=order.qty,
                original_due=order.date,
                new_due=new_due,
                starting=outcome.start // 1440,
                ending=outcome.end_day,
                bottleneck=outcome.bottleneck,
                explanation=_explain(method, outcome, order.qty, new_due, late),
                late_demand=late,
            )
        )
    return found


def is_schedule_line(explanation: Sequence[str]) -> bool:
    """Whether a worksheet line's explanation is one a schedule wrote (see :func:`_explain`)."""
    first = explanation[0] if explanation else ""
    method, _, rest = first.partition(" schedule: ")
    return bool(rest) and method in SCHEDULE_METHODS


def _explain(
    method: str,
    outcome: Outcome,
    qty: Decimal,
    new_due: Day,
    late: tuple[LateDemand, ...],
) -> tuple[str, ...]:
    lines = [
        f"{method} schedule: {fmt_qty(qty)} {outcome.item} end "
        f"{clock(outcome.end)}, after the ending date {iso(outcome.ending_day)}; "
        f"ready for {iso(new_due)}"
    ]
    if outcome.bottleneck is not None:
        hours, minutes = divmod(outcome.waited, 60)
        lines.append(
            f"bottleneck {outcome.bottleneck}: the order waited {hours} h {minutes:02d} min "
            "of its working time for it"
        )
    if late:
        names = ", ".join(f"{d.type} {d.id} ({iso(d.date)})" for d in late)
        lines.append(f"late because of it: {names}")
    return tuple(lines)


def _late_demand(
    roots: tuple[PegNode, ...],
    new_due: Day,
    dates: dict[tuple[str, str, SkuKey], Day],
) -> tuple[LateDemand, ...]:
    """Independent demand at the top of the order's pegging that ``new_due`` makes late."""
    found: dict[tuple[str, str, SkuKey], LateDemand] = {}
    stack: list[PegNode] = list(roots)
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.kind.value != "demand" or node.type not in INDEPENDENT or node.children:
            continue
        key = (node.type, node.id, node.sku)
        date = dates.get(key)
        if date is not None and date < new_due:
            found[key] = LateDemand(node.type, node.id, node.sku, date)
    return tuple(found[key] for key in sorted(found, key=lambda k: (found[k].date, k[1])))

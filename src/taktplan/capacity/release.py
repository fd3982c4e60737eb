"""Release to the shop floor: dispatch lists, job cards and pick lists from a schedule.

* a **dispatch list** per work or machine center: its operations in scheduled
  sequence (start time, order, item, quantity, setup and run minutes);
* a **job card** per operation: what the operator needs to run it;
* a **pick list** per order: each component with the quantity to pick
  (order quantity x quantity per, BOM-line scrap included, x (1 + the item's
  scrap %)) and when it is needed: at the start of the operation its routing
  link names, or of the first operation when none does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from taktplan.capacity.order_schedule import OrderSchedule
from taktplan.capacity.routing import Routing
from taktplan.capacity.shop_calendar import Minute
from taktplan.domain.bom import ComponentNeed

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class JobCard:
    order: str
    item: str
    qty: Decimal
    operation: str
    description: str
    resource: str
    setup_minutes: int
    run_minutes: int
    start: Minute
    end: Minute


@dataclass(frozen=True, slots=True)
class PickLine:
    order: str
    component: str
    variant: str
    qty: Decimal
    operation: str
    needed_at: Minute


@dataclass(frozen=True, slots=True)
class Release:
    """What releasing a set of scheduled orders hands to the shop floor."""

    dispatch: Mapping[str, tuple[JobCard, ...]]
    job_cards: tuple[JobCard, ...]
    pick_list: tuple[PickLine, ...]


def release(
    orders: Iterable[OrderSchedule],
    routings: Mapping[str, Routing],
    components: Mapping[str, tuple[ComponentNeed, ...]],
    scrap_pct: Mapping[str, Decimal],
) -> Release:
    """Dispatch lists, job cards and pick lists for the scheduled ``orders``."""
    cards: list[JobCard] = []
    picks: list[PickLine] = []
    for order in orders:
        routing = routings[order.item]
        descriptions = {op.no: op.description for op in routing.operations}
        for op in order.operations:
            cards.append(
                JobCard(
                    order.order,
                    order.item,
                    order.qty,
                    op.operation,
                    descriptions.get(op.operation, ""),
                    op.resource,
                    op.setup_minutes,
                    op.run_minutes,
                    op.start,
                    op.end,
                )
            )
        picks += _pick_lines(order, routing, components.get(order.item, ()), scrap_pct)
    dispatch: dict[str, list[JobCard]] = defaultdict(list)
    for card in cards:
        dispatch[card.resource].append(card)
    return Release(
        {code: tuple(sorted(rows, key=_sequence)) for code, rows in sorted(dispatch.items())},
        tuple(sorted(cards, key=lambda c: (c.order, c.start))),
        tuple(sorted(picks, key=lambda p: (p.order, p.needed_at, p.component))),
    )


def _sequence(card: JobCard) -> tuple[Minute, str, str]:
    return (card.start, card.order, card.operation)


def _pick_lines(
    order: OrderSchedule,
    routing: Routing,
    needs: tuple[ComponentNeed, ...],
    scrap_pct: Mapping[str, Decimal],
) -> list[PickLine]:
    linked = {item: op.no for op in routing.operations for item in op.components}
    starts = {op.operation: op.start for op in order.operations}
    first = order.operations[0].operation
    scrap = 1 + scrap_pct.get(order.item, Decimal(0)) / HUNDRED
    lines: list[PickLine] = []
    for need in needs:
        at = linked.get(need.component, first)
        lines.append(
            PickLine(
                order.order,
                need.component,
                need.variant,
                order.qty * need.qty_per * scrap,
                at,
                starts[at],
            )
        )
    return lines

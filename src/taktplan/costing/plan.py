"""The cost of a plan: purchase spend and production cost of worksheet lines, per period and group.

Every line is costed as the supply it leaves: a purchase line at the item's
unit cost, a production or assembly line as an order of its quantity
(:func:`~taktplan.costing.order.estimate_order`), in the week or month of its
due date. Transfer lines move stock and cost nothing here. The change against
existing orders is the same thing signed: + the supply as the line leaves it,
- the existing order as it was (its quantity, in the period of its old due
date); a new line only adds, a cancel line only takes away.

Purchase spend and production cost are two views and are not added up: the
production cost already holds, as material, the components the purchase
lines buy.

Lines are grouped by the kind of supply and the item's low-level code
("production, level 0" are end items made), there being no item category.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from taktplan.costing.order import estimate_order
from taktplan.costing.rollup import CostRollup, MissingCost, MissingCostError
from taktplan.costing.shares import ZERO, CostShares, exact
from taktplan.domain.dates import Day, from_day
from taktplan.planning.result import Action, PlanningLine

PURCHASE = "purchase"
PRODUCTION = "production"
_KINDS = {"purchase": PURCHASE, "production": PRODUCTION, "assembly": PRODUCTION}


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


def period_of(day: Day, period: Period) -> str:
    """The week (ISO, Monday first: ``2027-W10``) or month (``2027-03``) a day falls in."""
    date = from_day(day)
    if period is Period.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_start(key: str) -> dt.date:
    """The first day of a period named by :func:`period_of`."""
    if "-W" in key:
        year, week = key.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1)


@dataclass(frozen=True, slots=True)
class LineCost:
    """One worksheet line costed: the supply it leaves and the order it changes (if any).

    ``cost`` holds a purchase line's spend as material. ``original`` is the
    existing order before the line (zero for a new line), dated
    ``original_period``.
    """

    line_no: int
    item: str
    kind: str
    group: str
    period: str
    qty: Decimal
    cost: CostShares
    original_period: str
    original_qty: Decimal
    original: CostShares


@dataclass(frozen=True, slots=True)
class PlanCostRow:
    """Totals of one period, one group, or one period and group."""

    period: str
    group: str
    purchase: Decimal
    production: CostShares
    purchase_change: Decimal
    production_change: Decimal
    lines: int


@dataclass(frozen=True, slots=True)
class PlanCost:
    """The costed lines and their totals; transfer lines are listed as ``skipped``."""

    period: Period
    lines: tuple[LineCost, ...]
    skipped: tuple[int, ...]

    def cells(self) -> tuple[PlanCostRow, ...]:
        """Totals per period and group, by period then group."""
        return _totals(self.lines, lambda period, group: (period, group))

    def by_period(self) -> tuple[PlanCostRow, ...]:
        return _totals(self.lines, lambda period, group: (period, ""))

    def by_group(self) -> tuple[PlanCostRow, ...]:
        return _totals(self.lines, lambda period, group: ("", group))

    def total(self) -> PlanCostRow:
        rows = _totals(self.lines, lambda period, group: ("", ""))
        return rows[0] if rows else PlanCostRow("", "", ZERO, CostShares(), ZERO, ZERO, 0)


def group_of(kind: str, level: int) -> str:
    return f"{kind}, level {level}"


def plan_cost(
    rollup: CostRollup, lines: Iterable[PlanningLine], period: Period = Period.WEEK
) -> PlanCost:
    """Cost worksheet lines; ``rollup`` must cover their items (``only=`` their item numbers).

    A purchase line for an item without a unit cost is a :class:`MissingCostError`.
    """
    with exact():
        return _plan_cost(rollup, lines, period)


def _plan_cost(rollup: CostRollup, lines: Iterable[PlanningLine], period: Period) -> PlanCost:
    costed: list[LineCost] = []
    skipped: list[int] = []
    missing: dict[str, MissingCost] = {}
    for line in lines:
        kind = _KINDS.get(line.ref_type)
        if kind is None:
            skipped.append(line.line_no)
            continue
        item = line.sku.item
        original_qty = ZERO
        if line.action is not Action.NEW:
            original_qty = line.qty if line.original_qty is None else line.original_qty
        try:
            cost, original = (_cost(rollup, kind, item, qty) for qty in (line.qty, original_qty))
        except MissingCostError as error:
            missing.update((row.item, row) for row in error.missing)
            continue
        costed.append(
            LineCost(
                line.line_no,
                item,
                kind,
                group_of(kind, rollup.low_level_codes[item]),
                period_of(line.due_date, period),
                line.qty,
                cost,
                period_of(line.original_due_date or line.due_date, period),
                original_qty,
                original,
            )
        )
    if missing:
        raise MissingCostError(missing[no] for no in sorted(missing))
    return PlanCost(period, tuple(costed), tuple(skipped))


def _cost(rollup: CostRollup, kind: str, item: str, qty: Decimal) -> CostShares:
    return estimate_order(rollup, item, qty, purchased=kind == PURCHASE).single_level


_Key = Callable[[str, str], tuple[str, str]]


def _totals(lines: tuple[LineCost, ...], key: _Key) -> tuple[PlanCostRow, ...]:
    with exact():
        return _add_up(lines, key)


def _add_up(lines: tuple[LineCost, ...], key: _Key) -> tuple[PlanCostRow, ...]:
    found: dict[tuple[str, str], _Sum] = {}
    for line in lines:
        here = found.setdefault(key(line.period, line.group), _Sum())
        here.lines += 1
        if line.kind == PURCHASE:
            here.purchase += line.cost.total
            here.purchase_change += line.cost.total
        else:
            here.production = here.production + line.cost
            here.production_change += line.cost.total
        if line.original_qty:
            before = found.setdefault(key(line.original_period, line.group), _Sum())
            if line.kind == PURCHASE:
                before.purchase_change -= line.original.total
            else:
                before.production_change -= line.original.total
    return tuple(
        PlanCostRow(
            period,
            group,
            sums.purchase,
            sums.production,
            sums.purchase_change,
            sums.production_change,
            sums.lines,
        )
        for (period, group), sums in sorted(found.items())
    )


@dataclass(slots=True)
class _Sum:
    purchase: Decimal = ZERO
    production: CostShares = field(default_factory=CostShares)
    purchase_change: Decimal = ZERO
    production_change: Decimal = ZERO
    lines: int = 0

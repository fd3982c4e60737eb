"""Random single-SKU planning worlds for the property tests, and what to do with them.

A world is one item ``1000`` at location ``MAIN``, every day a working day,
planned from 2027-01-04 to 2027-03-31 with work date 2026-12-12 (so no line
ever starts before the work date: the longest lead time drawn is 10D + 2D
safety lead time). Quantities are integers, so all the arithmetic is exact.

The helpers build the case dictionary of ``shared/cases/FORMAT.md``, plan it,
carry a plan's lines out on the world (the planner accepting every line) and
compute the projected inventory day by day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from taktplan.domain.dates import from_day, to_day
from taktplan.io.case_json import parse_case
from taktplan.planning import Action, PlanningLine, PlanResult, plan

START_DATE = dt.date(2027, 1, 4)
END_DATE = dt.date(2027, 3, 31)
WORK_DATE = dt.date(2026, 12, 12)
START = to_day(START_DATE)  # day numbers, as the engine's dates
END = to_day(END_DATE)
HORIZON = END - START  # 86 days

LFL = "lot-for-lot"
FRQ = "fixed-reorder-qty"
MAXQ = "maximum-qty"
ORDER = "order"
POLICIES = (LFL, FRQ, MAXQ, ORDER)
REORDER_POINT_POLICIES = (FRQ, MAXQ)


@dataclass(frozen=True)
class DemandRow:
    id: str
    day: int  # day number (date.toordinal())
    qty: Decimal


@dataclass(frozen=True)
class SupplyRow:
    id: str
    day: int
    qty: Decimal
    flexible: bool = True
    released: bool = False


@dataclass(frozen=True)
class World:
    policy: str
    params: dict[str, Any] = field(hash=False)
    inventory: Decimal = Decimal(0)
    demand: tuple[DemandRow, ...] = ()
    supply: tuple[SupplyRow, ...] = ()

    def param(self, name: str, default: Any = 0) -> Any:
        return self.params.get(name, default)

    @property
    def safety_stock(self) -> Decimal:
        """The safety stock the policy keeps (planning-spec section 2.2)."""
        keeps = self.policy in REORDER_POINT_POLICIES or (
            self.policy == LFL and self.param("include_inventory", True)
        )
        return Decimal(self.param("safety_stock")) if keeps else Decimal(0)

    @property
    def counted_inventory(self) -> Decimal:
        """On hand as the planning sees it (Lot-for-Lot may leave it out)."""
        if self.policy == LFL and not self.param("include_inventory", True):
            return Decimal(0)
        return self.inventory

    def supply_by_id(self) -> dict[str, SupplyRow]:
        return {row.id: row for row in self.supply}


# ------------------------------------------------------------------ case dict
def to_case(world: World) -> dict[str, Any]:
    """The world as a case document (``shared/cases/FORMAT.md``, version 1)."""
    item: dict[str, Any] = {
        "no": "1000",
        "replenishment": "purchase",
        "reordering_policy": world.policy,
    }
    item.update(world.params)
    return {
        "format": 1,
        "name": "property-world",
        "planning": {
            "start": START_DATE.isoformat(),
            "end": END_DATE.isoformat(),
            "work_date": WORK_DATE.isoformat(),
        },
        "calendar": {"non_working_weekdays": [], "holidays": []},
        "locations": [{"code": "MAIN"}],
        "items": [item],
        "inventory": (
            [{"item": "1000", "location": "MAIN", "qty": world.inventory}]
            if world.inventory
            else []
        ),
        "demand": [
            {
                "type": "sales",
                "id": row.id,
                "item": "1000",
                "location": "MAIN",
                "date": from_day(row.day).isoformat(),
                "qty": row.qty,
            }
            for row in world.demand
        ],
        "supply": [
            {
                "type": "purchase",
                "id": row.id,
                "item": "1000",
                "location": "MAIN",
                "date": from_day(row.day).isoformat(),
                "qty": row.qty,
                "status": "released" if row.released else "open",
                "planning_flexibility": "unlimited" if row.flexible else "none",
            }
            for row in world.supply
        ],
    }


def run(world: World) -> PlanResult:
    """Plan the world; a valid world never ends in the error log."""
    case = parse_case(to_case(world))
    result = plan(case.snapshot, case.options)
    assert not result.error_log, result.error_log
    return result


# ----------------------------------------------------------- carrying out
def carry_out(world: World, lines: Iterable[PlanningLine]) -> World:
    """The world after the planner accepted every line (planning-spec section 12).

    New adds an open, flexible purchase on the due date with the line's
    quantity; Change Qty. sets the quantity; Reschedule moves the date;
    Resched. & Chg. Qty. does both; Cancel removes the order.
    """
    supply = {row.id: row for row in world.supply}
    added: list[SupplyRow] = []
    for line in lines:
        if line.action is Action.NEW:
            added.append(SupplyRow(f"NEW-{line.line_no}", line.due_date, line.qty))
            continue
        assert line.ref in supply, f"line {line.line_no} refers to unknown supply {line.ref}"
        if line.action is Action.CANCEL:
            del supply[line.ref]
        else:
            supply[line.ref] = replace(supply[line.ref], day=line.due_date, qty=line.qty)
    return replace(world, supply=(*supply.values(), *added))


def projected_by_day(world: World, first: int = START, last: int = END) -> dict[int, Decimal]:
    """On hand + supply due on or before the day - demand due on or before the day.

    Supply and demand dated before ``first`` (past due) count from the first day.
    """
    level = world.inventory
    level += sum((row.qty for row in world.supply if row.day < first), Decimal(0))
    level -= sum((row.qty for row in world.demand if row.day < first), Decimal(0))
    result: dict[int, Decimal] = {}
    for day in range(first, last + 1):
        level += sum((row.qty for row in world.supply if row.day == day), Decimal(0))
        level -= sum((row.qty for row in world.demand if row.day == day), Decimal(0))
        result[day] = level
    return result


def line_fields(line: PlanningLine) -> tuple[Any, ...]:
    """Every field of a line, in a form that compares field by field."""
    return (
        line.line_no,
        line.sku,
        line.action,
        line.ref,
        line.ref_type,
        line.due_date,
        line.qty,
        line.starting_date,
        line.ending_date,
        line.original_due_date,
        line.original_qty,
        line.warning,
        line.warning_text,
        line.accept_action_message,
        line.replenishment,
        line.explanation,
    )


def describe(lines: Sequence[PlanningLine]) -> str:
    return "\n".join(
        f"  {line.line_no}: {line.action.value} ref={line.ref} due={from_day(line.due_date)} "
        f"qty={line.qty} orig_due={line.original_due_date and from_day(line.original_due_date)} "
        f"orig_qty={line.original_qty} warning={line.warning}"
        for line in lines
    )


# ------------------------------------------------------------- strategies
def _formula(low: int, high: int) -> st.SearchStrategy[str]:
    """A date formula of ``low``..``high`` days; often blank, sometimes in weeks."""
    options: list[st.SearchStrategy[str]] = [
        st.just(""),
        st.integers(max(low, 1), high).map(lambda n: f"{n}D"),
    ]
    weeks = [f"{n}W" for n in (1, 2) if low <= 7 * n <= high]
    if weeks:
        options.append(st.sampled_from(weeks))
    return st.one_of(*options)


TWO_WEEKS = _formula(0, 14)
SMALL_QTY = st.one_of(st.just(0), st.integers(1, 20))


@st.composite
def parameters(draw: st.DrawFn, policy: str, *, modifiers: bool = True) -> dict[str, Any]:
    """Valid planning fields for ``policy``; fields the policy does not use are noise."""
    safety_stock = draw(SMALL_QTY)
    reorder_point = draw(st.integers(0, 40))
    params: dict[str, Any] = {
        "lead_time": draw(_formula(0, 10)),
        "safety_lead_time": draw(_formula(0, 2)),
        "safety_stock": safety_stock,
        "reorder_point": reorder_point,
        "reorder_qty": draw(st.integers(1 if policy == FRQ else 0, 60)),
        "time_bucket": draw(_formula(0, 14)),
        "rescheduling_period": draw(TWO_WEEKS),
        "lot_accumulation_period": draw(TWO_WEEKS),
        "dampener_period": draw(TWO_WEEKS),
        "dampener_qty": draw(st.one_of(st.just(0), st.integers(1, 10))),
        "include_inventory": draw(st.booleans()) if policy == LFL else True,
    }
    if policy == MAXQ:
        params["max_inventory"] = max(safety_stock, reorder_point) + draw(st.integers(1, 80))
    else:
        params["max_inventory"] = draw(st.integers(0, 80))
    if modifiers:
        minimum = draw(st.one_of(st.just(0), st.integers(1, 30)))
        params["min_order_qty"] = minimum
        params["max_order_qty"] = draw(st.one_of(st.just(0), st.integers(max(minimum, 1), 90)))
        params["order_multiple"] = draw(st.one_of(st.just(0), st.integers(1, 10)))
    return params


def _days(low: int, high: int) -> st.SearchStrategy[int]:
    """Day numbers START+low..START+high; often on a few shared days so that dates collide."""
    grid = [n for n in (-3, -1, 0, 1, 2, 7, 8, 14, 15, 21, 30, 45, HORIZON) if low <= n <= high]
    return st.one_of(st.integers(low, high), st.sampled_from(grid)).map(lambda n: START + n)


QTY = st.integers(1, 80).map(Decimal)


@st.composite
def demand_rows(draw: st.DrawFn, max_size: int = 6) -> tuple[DemandRow, ...]:
    pairs = draw(st.lists(st.tuples(_days(-10, HORIZON), QTY), max_size=max_size))
    return tuple(DemandRow(f"SO-{n + 1}", day, qty) for n, (day, qty) in enumerate(pairs))


@st.composite
def supply_rows(
    draw: st.DrawFn, max_size: int = 4, *, flexibility: bool = True
) -> tuple[SupplyRow, ...]:
    flexible = st.integers(0, 5).map(lambda n: n != 0) if flexibility else st.just(True)
    rows = draw(
        st.lists(
            st.tuples(_days(-5, HORIZON + 10), QTY, flexible, st.booleans()),
            max_size=max_size,
        )
    )
    return tuple(
        SupplyRow(f"PO-{n + 1}", day, qty, flex, released)
        for n, (day, qty, flex, released) in enumerate(rows)
    )


@st.composite
def worlds(
    draw: st.DrawFn,
    policies: Sequence[str] = POLICIES,
    *,
    modifiers: bool = True,
    inventory: bool = True,
    supply: bool = True,
) -> World:
    policy = draw(st.sampled_from(policies))
    return World(
        policy=policy,
        params=draw(parameters(policy, modifiers=modifiers)),
        inventory=Decimal(draw(st.one_of(st.just(0), st.integers(1, 100))))
        if inventory
        else Decimal(0),
        demand=draw(demand_rows()),
        supply=draw(supply_rows()) if supply else (),
    )

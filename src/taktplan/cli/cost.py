"""``takt cost``: the standard cost roll-up, the cost of an order, the cost of the plan.

* ``takt cost rollup [--apply]``: the standard cost worksheet (current and new
  standard cost, rolled-up or single-level shares per item); ``--apply``
  writes the new standard costs to the stored items in one transaction;
* ``takt cost order ID`` (or ``--line N``): the expected cost of a production,
  assembly or purchase order, or of a worksheet line, and its variance
  against the standard cost;
* ``takt cost plan [--period week|month]``: purchase spend and production
  cost of the worksheet per period and per group.

Each works on the database (``--db``) or on a case file (``--case``; a
worksheet line then comes from planning the case). ``--json`` prints the
figures as JSON. Unit costs are shown to 5 decimals and amounts to 2 (see
``docs/costing.md``); the arithmetic behind them is exact.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from taktplan.cli.worksheet import DbOption, database
from taktplan.costing import (
    CostRollup,
    ItemCost,
    OrderEstimate,
    Period,
    PlanCostRow,
    estimate_order,
    money,
    plan_cost,
    roll_up,
    unit_amount,
)
from taktplan.costing.report import (
    CostedOrder,
    costed_from,
    estimate_json,
    item_cost_json,
    open_order,
    plan_json,
    worksheet_line,
)
from taktplan.costing.shares import SHARE_NAMES
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.io.case_json import PlanningCase
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import PlanningLine

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The database layer is imported by the code paths that use it, so that
# `takt cost ... --case` starts without loading it.

cost_app = typer.Typer(
    help="Costs: standard cost roll-up, the expected cost of an order, the cost of the plan.",
    no_args_is_help=True,
)

CaseOption = Annotated[
    Path | None,
    typer.Option("--case", help="Planning case file (JSON); without it, the database's world."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")]

SHARE_LABELS = {
    "material": "Material",
    "capacity": "Capacity",
    "subcontracted": "Subcontracted",
    "capacity_overhead": "Cap. overhead",
    "manufacturing_overhead": "Mfg. overhead",
}


def _fail(error: InputError) -> typer.Exit:
    from taktplan.cli.main import _fail_input

    return _fail_input(error)


def _out(text: str) -> None:
    from taktplan.cli.main import console

    console.print(text, highlight=False)


def _table(table: Table) -> None:
    from taktplan.cli.main import console

    console.print(table)


def _json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _unit(value: Decimal) -> str:
    return format(unit_amount(value), "f")


def _amount(value: Decimal) -> str:
    return format(money(value), ",f")


def _case(case: Path) -> PlanningCase:
    from taktplan.cli.main import _load

    return _load(case)


def _planned_lines(loaded: PlanningCase) -> tuple[PlanningLine, ...]:
    """The worksheet lines of a case: plan it."""
    from taktplan.cli.main import _run

    return _run(loaded, loaded.options).lines


def _roll_up(snapshot: Snapshot, only: list[str] | None) -> CostRollup:
    return roll_up(snapshot.items, snapshot.shop, only=only, components=snapshot.components)


# --- takt cost rollup -------------------------------------------------------


@cost_app.command("rollup")
def cost_rollup(
    case: CaseOption = None,
    db: DbOption = None,
    item: Annotated[
        list[str], typer.Option("--item", help="Only this item and what is below it (repeatable).")
    ] = [],  # noqa: B006
    single_level: Annotated[
        bool, typer.Option("--single-level", help="Show single-level shares, not rolled-up.")
    ] = False,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Write the new standard costs to the items (database)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Roll up standard costs through BOMs and routings: the standard cost worksheet.

    Every item's current standard cost, the new one and its shares (material,
    capacity, subcontracted, capacity overhead, manufacturing overhead). With
    --apply the new standard costs (to 5 decimals) are written to the stored
    items, all in one transaction.
    """
    only = item or None
    applied: list[ItemCost] | None = None
    try:
        if case is not None:
            if apply:
                raise InputError(
                    "--apply writes to the database; leave out --case", record="--apply"
                )
            snapshot = _case(case).snapshot
            rollup = _roll_up(snapshot, only)
        else:
            with database(db) as session:
                if apply:
                    rollup, applied = apply_standard_costs(session, only)
                else:
                    rollup = _stored_rollup(session, only)
    except InputError as error:
        raise _fail(error) from None
    rows = rollup.worksheet()
    if as_json:
        payload: dict[str, Any] = {"items": [item_cost_json(row) for row in rows]}
        if applied is not None:
            payload["applied"] = [row.item for row in applied]
        _json(payload)
        return
    _table(_worksheet_table(rows, single_level))
    changed = sum(1 for row in rows if unit_amount(row.new_standard_cost) != row.standard_cost)
    _out(f"{len(rows)} items, {changed} with a new standard cost")
    if applied is not None:
        _out(f"standard cost applied to {len(applied)} items")


def _stored_rollup(session: Session, only: list[str] | None) -> CostRollup:
    from taktplan.storage import load_snapshot

    snapshot = load_snapshot(session)
    return _roll_up(snapshot, only)


def apply_standard_costs(
    session: Session, only: Iterable[str] | None = None
) -> tuple[CostRollup, list[ItemCost]]:
    """Roll up the stored world and write the new standard costs, in one transaction.

    The costs are written as shown (5 decimals); rows whose cost does not
    change are left alone. Returns the roll-up and the rows written.
    """
    from sqlalchemy import bindparam, update

    from taktplan.storage.changes import tracked_change
    from taktplan.storage.models import ItemRecord
    from taktplan.storage.rows import table_of

    with tracked_change(session) as change:
        rollup = _roll_up(change.before, None if only is None else list(only))
        written = [
            row
            for row in rollup.worksheet()
            if unit_amount(row.new_standard_cost) != row.standard_cost
        ]
        if written:
            table = table_of(ItemRecord)
            session.execute(
                update(table)
                .where(table.c.no == bindparam("item_no"))
                .values(standard_cost=bindparam("cost")),
                [
                    {"item_no": row.item, "cost": unit_amount(row.new_standard_cost)}
                    for row in written
                ],
            )
    return rollup, written


def _worksheet_table(rows: Iterable[ItemCost], single_level: bool) -> Table:
    which = "single-level" if single_level else "rolled-up"
    table = Table(title=f"Standard cost worksheet ({which} shares per unit)")
    table.add_column("Item")
    table.add_column("Costed from")
    for column in ("Lot", "Standard", "New standard", "Change", *SHARE_LABELS.values()):
        table.add_column(column, justify="right")
    for row in rows:
        shares = row.single_level if single_level else row.rolled_up
        table.add_row(
            row.item,
            costed_from(row),
            fmt_qty(row.lot_size),
            _unit(row.standard_cost),
            _unit(row.new_standard_cost),
            _unit(row.change),
            *(_unit(getattr(shares, name)) for name in SHARE_NAMES),
        )
    return table


# --- takt cost order ----------------------------------------------------------


@cost_app.command("order")
def cost_order(
    order: Annotated[
        str | None, typer.Argument(help="A production, assembly or purchase order number.")
    ] = None,
    line: Annotated[
        int | None, typer.Option("--line", help="A worksheet line (its line no.) instead.")
    ] = None,
    case: CaseOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The expected cost of an order or a worksheet line, and its variance against standard.

    Material, capacity, subcontracting and overhead for the order's quantity
    (its setup paid by this order alone), against the item's current
    standard cost times the quantity.
    """
    try:
        if (order is None) == (line is None):
            raise InputError("name an order number or a worksheet line (--line N), not both")
        if case is not None:
            loaded = _case(case)
            snapshot = loaded.snapshot
            costed = (
                open_order(snapshot, order)
                if order is not None
                else worksheet_line(_planned_lines(loaded), line or 0)
            )
        else:
            with database(db) as session:
                snapshot, costed = _stored_order(session, order, line)
        only = [] if costed.purchased else [costed.item]
        rollup = _roll_up(snapshot, only)
        estimate = estimate_order(rollup, costed.item, costed.qty, purchased=costed.purchased)
    except InputError as error:
        raise _fail(error) from None
    if as_json:
        _json(estimate_json(costed, estimate))
    else:
        _print_estimate(costed, estimate)


def _stored_order(
    session: Session, order: str | None, line: int | None
) -> tuple[Snapshot, CostedOrder]:
    from taktplan.storage import load_snapshot, load_worksheet

    snapshot = load_snapshot(session)
    if order is not None:
        return snapshot, open_order(snapshot, order)
    return snapshot, worksheet_line(load_worksheet(session), line or 0)


def _print_estimate(costed: CostedOrder, estimate: OrderEstimate) -> None:
    _out(costed.title)
    made = estimate.production
    if made is not None and made.materials:
        table = Table(title="Material")
        for column in ("Component", "Qty", "Unit cost", "Amount"):
            table.add_column(column, justify="left" if column == "Component" else "right")
        for m in made.materials:
            name = m.component + (f" / {m.variant}" if m.variant else "")
            table.add_row(name, fmt_qty(m.qty), _unit(m.unit_cost), _amount(m.amount))
        _table(table)
    if made is not None and made.operations:
        table = Table(title="Operations")
        for column in ("Op.", "Center", "Hours / units", "Rate", "Direct", "Overhead", "Kind"):
            table.add_column(
                column, justify="left" if column in ("Op.", "Center", "Kind") else "right"
            )
        for op in made.operations:
            table.add_row(
                op.operation,
                op.resource,
                f"{fmt_qty(op.quantity)} {'h' if op.basis.value == 'time' else 'units'}",
                _unit(op.rate),
                _amount(op.direct),
                _amount(op.overhead),
                "subcontracted" if op.subcontracted else "capacity",
            )
        _table(table)
    table = Table(title="Expected cost")
    for column in ("", "Single-level", "Rolled-up"):
        table.add_column(column, justify="left" if not column else "right")
    for name, label in SHARE_LABELS.items():
        table.add_row(
            label,
            _amount(getattr(estimate.single_level, name)),
            _amount(getattr(estimate.rolled_up, name)),
        )
    table.add_row("Total", _amount(estimate.total), _amount(estimate.rolled_up.total))
    _table(table)
    _out(
        f"unit cost {_unit(estimate.unit_cost)}; new standard cost "
        f"{_unit(estimate.new_standard_cost)}"
    )
    if estimate.variance is None:
        _out("no standard cost on the item: no variance (takt cost rollup --apply sets one)")
    else:
        _out(
            f"standard {_unit(estimate.standard_cost)} x {fmt_qty(estimate.qty)} = "
            f"{_amount(estimate.standard_amount)}; variance {_amount(estimate.variance)}"
        )


# --- takt cost plan -----------------------------------------------------------


@cost_app.command("plan")
def cost_plan(
    period: Annotated[
        Period, typer.Option("--period", help="Totals per week or per month.")
    ] = Period.WEEK,
    case: CaseOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Purchase spend and production cost of the worksheet, per period and per group.

    Each line is costed as the supply it leaves, in the period of its due
    date; the change columns are against the existing orders the lines
    change. Purchase spend and production cost are two views: do not add them
    (production cost includes the material the purchases buy).
    """
    try:
        if case is not None:
            loaded = _case(case)
            snapshot = loaded.snapshot
            lines: tuple[PlanningLine, ...] = _planned_lines(loaded)
        else:
            from taktplan.storage import load_snapshot, load_worksheet

            with database(db) as session:
                snapshot = load_snapshot(session)
                lines = tuple(load_worksheet(session))
        made = sorted({line.sku.item for line in lines if line.ref_type != "purchase"})
        rollup = _roll_up(snapshot, made)
        cost = plan_cost(rollup, lines, period)
    except InputError as error:
        raise _fail(error) from None
    if as_json:
        _json(plan_json(cost))
        return
    _table(_plan_table(f"Cost of the plan per {period.value}", "Period", cost.by_period()))
    _table(_plan_table("Cost of the plan per group", "Group", cost.by_group()))
    total = cost.total()
    _out(
        f"{total.lines} lines: purchase spend {_amount(total.purchase)} "
        f"({_amount(total.purchase_change)} against existing orders), production cost "
        f"{_amount(total.production.total)} ({_amount(total.production_change)})"
    )
    if cost.skipped:
        _out(f"{len(cost.skipped)} transfer lines not costed")


def _plan_table(title: str, first: str, rows: Iterable[PlanCostRow]) -> Table:
    table = Table(title=title)
    table.add_column(first)
    columns = ("Purchase", *SHARE_LABELS.values(), "Production", "Purch. chg.", "Prod. chg.")
    for column in (*columns, "Lines"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row.period or row.group,
            _amount(row.purchase),
            *(_amount(getattr(row.production, name)) for name in SHARE_NAMES),
            _amount(row.production.total),
            _amount(row.purchase_change),
            _amount(row.production_change),
            str(row.lines),
        )
    return table

"""``takt demo``: create the demo company in a database, plan it, print a summary.

The command builds Velotakt Works (:mod:`taktplan.demo.company`) as of
today, migrates the database (``--db``, else ``TAKTPLAN_DB``, else
``./taktplan.db``), runs a regenerative plan, then stores the world and the
planning worksheet in one transaction: either both replace what the database
held, or nothing changes.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Iterable
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from taktplan.cli.progress import plan_with_progress
from taktplan.cli.worksheet import DbOption
from taktplan.demo.company import COMPANY_NAME, build_demo_company
from taktplan.demo.summary import Shortage, lines_by_action_and_warning, top_shortages, world_shape
from taktplan.domain.dates import iso
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning import PlanResult, Warning
from taktplan.planning.parameters import fmt_qty

EXIT_FAILED = 1


def demo_command(
    db: DbOption = None,
    seed: Annotated[
        int,
        typer.Option(
            "--seed", help="Seed of the invented data (same seed, same day: same company)."
        ),
    ] = 7,
) -> None:
    """Create the demo company Velotakt Works in the database, plan it and print a summary.

    Replaces the items, orders and worksheet the database holds.
    """
    # main imports this module to register the command, so it is imported here;
    # the database layer too, so that other commands start without it.
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from taktplan.cli.main import _fail_input, app, console, errors
    from taktplan.cli.users import ensure_demo_user
    from taktplan.storage import (
        make_engine,
        resolve_url,
        save_plan,
        save_snapshot,
        transaction,
        upgrade,
    )

    began = time.perf_counter()
    try:
        url = resolve_url(db)
    except InputError as error:
        raise _fail_input(error) from None
    shown = _shown_url(url)
    try:
        upgrade(url)
        snapshot, options = build_demo_company(seed)
        planned = time.perf_counter()
        result = plan_with_progress(snapshot, options, errors)
        plan_seconds = time.perf_counter() - planned
        engine = make_engine(url)
        try:
            with Session(engine) as session, transaction(session):
                save_snapshot(session, snapshot)
                save_plan(session, result, options, planned_from=snapshot)
        finally:
            engine.dispose()
        login = ensure_demo_user(url)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        errors.print(f"error: database {shown}: {reason}", highlight=False)
        raise typer.Exit(EXIT_FAILED) from None
    _print_world(console, snapshot, seed)
    console.print(
        f"Planned {result.planned_skus} SKUs from {iso(options.start)} to {iso(options.end)} "
        f"(regenerative) in {plan_seconds:.1f} s: {len(result.lines)} worksheet lines, "
        f"{len(result.error_log)} errors.",
        highlight=False,
    )
    console.print(_action_table(result))
    console.print(_shortage_table(top_shortages(snapshot, result, options.work_date)))
    console.print(
        f"Stored the company and its worksheet in {shown} "
        f"({time.perf_counter() - began:.1f} s in all).",
        highlight=False,
    )
    shortages = top_shortages(snapshot, result, options.work_date)
    example = shortages[0].sku.item if shortages else next(iter(snapshot.items))
    _print_next(console, {command.name or "" for command in app.registered_commands}, db, example)
    where = "" if db is None else f" --db {shlex.quote(db)}"
    console.print(
        f"Web UI: takt serve{where}, then http://localhost:8000/ as {login[0]} / {login[1]} "
        "(a planner; takt user add NAME --role admin for your own login)",
        highlight=False,
        soft_wrap=True,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _shown_url(url: str) -> str:
    """The database for people: a SQLite file's path, else the URL without its password."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    return parsed.render_as_string(hide_password=True)


def _print_world(console: Console, snapshot: Snapshot, seed: int) -> None:
    shape = world_shape(snapshot)
    console.print(f"[bold]{COMPANY_NAME}[/] (seed {seed})", highlight=False)
    console.print(
        f"  {shape.items} items ({shape.made_items} made, {shape.purchased_items} purchased), "
        f"BOMs {shape.bom_levels + 1} levels deep; locations {', '.join(shape.locations)}; "
        f"{shape.sku_cards} SKU cards ({shape.transfer_skus} replenished by transfer)",
        highlight=False,
    )
    console.print(
        f"  {shape.sales_orders} sales orders, {shape.forecast_entries} forecast entries, "
        f"{_count(shape.blanket_orders, 'blanket order')}, "
        f"{shape.purchase_orders} purchase orders, "
        f"{shape.production_orders} production orders, {shape.transfer_orders} transfer orders, "
        f"{shape.inventory_entries} inventory entries",
        highlight=False,
    )
    console.print(
        f"  shop: {_count(shape.work_centers, 'work center')} "
        f"({_count(shape.machine_centers, 'machine center')}), "
        f"{_count(shape.shop_calendars, 'shop calendar')}, "
        f"{_count(shape.routings, 'routing')}",
        highlight=False,
    )


_WARNINGS: tuple[Warning | None, ...] = (
    Warning.EMERGENCY,
    Warning.EXCEPTION,
    Warning.ATTENTION,
    None,
)


def _action_table(result: PlanResult) -> Table:
    table = Table(title="Worksheet lines by action and warning")
    table.add_column("Action")
    for warning in _WARNINGS:
        table.add_column(warning.value.capitalize() if warning else "No warning", justify="right")
    table.add_column("Lines", justify="right", style="bold")
    counts = lines_by_action_and_warning(result)
    for action, per_warning in counts.items():
        table.add_row(
            action.label,
            *(str(per_warning[w]) for w in _WARNINGS),
            str(sum(per_warning.values())),
        )
    table.add_section()
    table.add_row(
        "Total",
        *(str(sum(c[w] for c in counts.values())) for w in _WARNINGS),
        str(len(result.lines)),
        style="bold",
    )
    return table


def _shortage_table(shortages: Iterable[Shortage]) -> Table:
    table = Table(
        title="Top 10 shortages: New orders already late to start, by value",
        caption="Late: the starting date (due date minus lead times) is before the work date, "
        "or an emergency order for past-due demand. Expedite or move the demand.",
    )
    for column in ("Item", "Loc.", "Qty", "First due", "Value", "Lines", "Warning"):
        right = column in ("Qty", "Value", "Lines")
        table.add_column(column, justify="right" if right else "left")
    for row in shortages:
        table.add_row(
            row.sku.item,
            row.sku.location,
            fmt_qty(row.qty),
            iso(row.first_due) or "",
            f"{row.value:,.2f}",
            str(row.lines),
            row.warning.value if row.warning else "",
        )
    return table


def _print_next(console: Console, commands: set[str], db: str | None, example: str) -> None:
    """Commands to try on the stored demo (only those this ``takt`` has)."""
    where = "" if db is None else f" --db {shlex.quote(db)}"
    hints = (
        ("worksheet", f"takt worksheet{where} --warning emergency", "the lines to look at first"),
        ("worksheet", f"takt worksheet{where} --item {example}", "one item's lines"),
        ("accept", f"takt accept{where} LINE...", "accept lines by their line no."),
        ("carry-out", f"takt carry-out{where}", "turn the accepted lines into orders"),
        ("plan", f"takt plan{where}", "plan the stored company again"),
    )
    rows = [(command, text) for name, command, text in hints if name in commands]
    rows.append(("takt --help", "every command"))
    width = max(len(command) for command, _ in rows)
    console.print("Next:", highlight=False)
    for command, text in rows:
        console.print(f"  {command.ljust(width)}   {text}", highlight=False, soft_wrap=True)

"""``takt plan`` on the database, ``takt worksheet``, ``takt accept``, ``takt carry-out``.

The planner's loop: plan the stored world, review the worksheet, accept the
lines to act on, carry them out into orders, plan again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from taktplan.cli.progress import plan_with_progress
from taktplan.domain.dates import iso, parse_iso_date, to_day
from taktplan.errors import InputError
from taktplan.planning import PlanningOptions, PlanResult
from taktplan.planning.options import PlanKind
from taktplan.planning.parameters import fmt_qty
from taktplan.planning.result import Action, PlanningLine, Warning

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The database layer (SQLAlchemy, Alembic) is imported by the commands that
# use it, so that `takt plan --case` starts without loading it.

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL or SQLite file (default: TAKTPLAN_DB or ./taktplan.db)."
    ),
]


@contextmanager
def database(db: str | None) -> Iterator[Session]:
    """A session on the migrated database the options name.

    A database that cannot be reached or used ends the command with exit 1
    and one line naming it (never its password).
    """
    from sqlalchemy import make_url
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from taktplan.storage import make_engine, resolve_url, upgrade

    url = resolve_url(db)
    try:
        upgrade(url)
        engine = make_engine(url)
        try:
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()
    except SQLAlchemyError as error:
        text = str(getattr(error, "orig", None) or error)
        reason = " ".join(part.strip() for part in text.splitlines() if part.strip())
        shown = make_url(url).render_as_string(hide_password=True)
        Console(stderr=True).print(f"error: database {shown}: {reason}", highlight=False)
        raise typer.Exit(1) from None


def stored_options(
    start: str | None, end: str | None, net_change: bool, items: list[str], locations: list[str]
) -> PlanningOptions:
    """Run options from the command line: start defaults to today, end to start + 12 weeks."""
    first = parse_iso_date(start) if start else to_day(dt.date.today())
    last = parse_iso_date(end) if end else first + 84
    if last < first:
        raise InputError("ending date is before the starting date", record="--to", field="date")
    return PlanningOptions(
        start=first,
        end=last,
        work_date=to_day(dt.date.today()),
        kind=PlanKind.NET_CHANGE if net_change else PlanKind.REGENERATIVE,
        item_filter=frozenset(items) if items else None,
        location_filter=frozenset(locations) if locations else None,
    )


def plan_stored(db: str | None, options: PlanningOptions) -> tuple[PlanResult, str]:
    """Plan the stored world and store the worksheet; returns the result and the database."""
    from taktplan.storage import load_assignment, load_snapshot, resolve_url, save_plan

    url = resolve_url(db)
    with database(db) as session:
        snapshot = load_snapshot(session)
        assigned = None
        if options.kind is PlanKind.NET_CHANGE:
            assigned = frozenset(row.sku for row in load_assignment(session))
        result = plan_with_progress(snapshot, options, Console(stderr=True), assigned)
        save_plan(session, result, options, planned_from=snapshot)
    return result, url


_COLUMNS = (
    "Line",
    "Item",
    "Loc.",
    "Action",
    "Supply",
    "Ref.",
    "Due date",
    "Qty",
    "Orig. date",
    "Orig. qty",
    "Starting",
    "Warning",
)


def worksheet_table(lines: list[PlanningLine], *, accept_column: bool = False) -> Table:
    """The planning worksheet as a table; the stored worksheet also shows what is accepted."""
    table = Table(title="Planning worksheet", show_lines=False)
    for column in (*_COLUMNS, "Accept") if accept_column else _COLUMNS:
        table.add_column(
            column, justify="right" if column in ("Line", "Qty", "Orig. qty") else "left"
        )
    for line in lines:
        warning = "" if line.warning is None else f"{line.warning.value}: {line.warning_text}"
        cells = [
            str(line.line_no),
            line.sku.item + (f" / {line.sku.variant}" if line.sku.variant else ""),
            line.sku.location,
            line.action.label,
            line.ref_type,
            line.ref or "",
            iso(line.due_date) or "",
            fmt_qty(line.qty),
            iso(line.original_due_date) or "",
            "" if line.original_qty is None else fmt_qty(line.original_qty),
            iso(line.starting_date) or "",
            warning,
        ]
        if accept_column:
            cells.append("yes" if line.accept_action_message else "")
        table.add_row(*cells)
    return table


SHOWN_LINES = 200
"""How many lines a worksheet listing prints unless ``--limit`` says otherwise.

A large company's plan has hundreds of thousands of lines: drawing them all
as a table takes minutes and shows nothing a planner can read. The listing
shows the first lines and says how many there are by action and warning.
"""

LimitOption = Annotated[
    int,
    typer.Option(
        "--limit",
        min=0,
        help=f"Print at most this many lines (default {SHOWN_LINES}; 0 prints all).",
    ),
]


def print_lines(
    console: Console,
    lines: Sequence[PlanningLine],
    limit: int,
    *,
    accept_column: bool = False,
    more: str,
) -> None:
    """The table of the first ``limit`` lines (0: all); ``more`` says how to see the rest."""
    shown = lines if limit == 0 else lines[:limit]
    console.print(worksheet_table(list(shown), accept_column=accept_column))
    if len(shown) < len(lines):
        console.print(
            f"showing the first {len(shown):,} of {len(lines):,} lines ({more})", highlight=False
        )


def lines_by_action(lines: Iterable[PlanningLine]) -> str:
    """``by action: New 12, Cancel 1; warnings: Emergency 1`` (kinds with no line left out)."""
    actions: Counter[Action] = Counter()
    warnings: Counter[Warning] = Counter()
    for line in lines:
        actions[line.action] += 1
        if line.warning is not None:
            warnings[line.warning] += 1
    text = "by action: " + (
        ", ".join(f"{kind.label} {actions[kind]:,}" for kind in Action if actions[kind]) or "none"
    )
    if warnings:
        text += "; warnings: " + ", ".join(
            f"{kind.value.capitalize()} {warnings[kind]:,}" for kind in Warning if warnings[kind]
        )
    return text


def worksheet_command(
    db: DbOption = None,
    item: Annotated[list[str], typer.Option("--item", help="Only this item (repeatable).")] = [],  # noqa: B006
    action: Annotated[
        list[Action], typer.Option("--action", help="Only this action (repeatable).")
    ] = [],  # noqa: B006
    warning: Annotated[
        list[Warning], typer.Option("--warning", help="Only lines with this warning.")
    ] = [],  # noqa: B006
    limit: LimitOption = SHOWN_LINES,
) -> None:
    """List the stored planning worksheet, filtered by item, action or warning."""
    from taktplan.cli.main import console
    from taktplan.storage import load_worksheet

    with database(db) as session:
        lines = load_worksheet(
            session,
            items=item or None,
            actions=action or None,
            warnings=warning or None,
        )
    print_lines(
        console,
        lines,
        limit,
        accept_column=True,
        more="filter with --item, --action or --warning; --limit 0 prints all",
    )
    accepted = sum(1 for line in lines if line.accept_action_message)
    console.print(f"{len(lines)} lines, {accepted} accepted")
    if len(lines) > limit > 0:
        console.print(lines_by_action(lines), highlight=False)


def accept_command(
    lines: Annotated[list[int], typer.Argument(help="Line numbers (none with --all).")] = [],  # noqa: B006
    all_lines: Annotated[bool, typer.Option("--all", help="Every line of the worksheet.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Un-accept instead.")] = False,
    db: DbOption = None,
) -> None:
    """Accept (or with --reject un-accept) worksheet lines for carrying out."""
    from taktplan.cli.main import _fail_input, console
    from taktplan.storage.carry_out import set_accept

    if not lines and not all_lines:
        raise _fail_input(InputError("name line numbers or use --all", record="accept"))
    try:
        with database(db) as session:
            count = set_accept(session, None if all_lines else lines, not reject)
    except InputError as error:
        raise _fail_input(error) from None
    console.print(f"{count} lines {'un-accepted' if reject else 'accepted'}")


def carry_out_command(
    lines: Annotated[
        list[int], typer.Argument(help="Line numbers (default: every accepted line).")
    ] = [],  # noqa: B006
    db: DbOption = None,
    firm_planned: Annotated[
        bool,
        typer.Option(
            "--firm-planned", help="New production orders as firm planned (default: planned)."
        ),
    ] = False,
) -> None:
    """Turn the accepted lines (or those named) into orders and remove them from the worksheet.

    A line another planner carried out meanwhile, or whose order changed since
    the plan, is a conflict (exit 3): nothing is carried out.
    """
    from taktplan.cli.main import _fail_input, console
    from taktplan.storage.carry_out import carry_out

    try:
        with database(db) as session:
            done = carry_out(session, firm_planned=firm_planned, line_nos=lines or None)
    except InputError as error:
        raise _fail_input(error) from None
    table = Table(title="Carried out")
    for column in ("Line", "Action", "Order"):
        table.add_column(column)
    for row in done:
        table.add_row(str(row.line_no), row.action.label, f"{row.order_type} {row.order}")
    console.print(table)
    console.print(f"{len(done)} lines carried out")

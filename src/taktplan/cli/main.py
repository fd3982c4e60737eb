"""``takt``: the taktplan command line (Typer + Rich).

Exit codes: 0 success, 1 a check failed (e.g. a planning case did not pass),
2 bad input (the message names the file, the record and the field), 3 a
conflict with another planner's change (nothing was written; read again).
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from taktplan.cli.cost import cost_app
from taktplan.cli.data import data_app
from taktplan.cli.demo import demo_command
from taktplan.cli.jobshop import jobshop_command
from taktplan.cli.orders import order_app, order_planning_app, sales_app
from taktplan.cli.peg import peg_command
from taktplan.cli.progress import plan_with_progress
from taktplan.cli.schedule import (
    batches_command,
    load_command,
    release_command,
    schedule_command,
)
from taktplan.cli.serve import serve_command
from taktplan.cli.users import user_app
from taktplan.cli.worksheet import (
    SHOWN_LINES,
    DbOption,
    LimitOption,
    accept_command,
    carry_out_command,
    lines_by_action,
    plan_stored,
    print_lines,
    stored_options,
    worksheet_command,
)
from taktplan.domain.dates import iso
from taktplan.errors import ConflictError, InputError
from taktplan.io.case_check import line_as_case_json, run_case_file
from taktplan.io.case_json import PlanningCase, read_case
from taktplan.planning import PlanningOptions, PlanResult
from taktplan.planning.assignment import assigned_skus, planning_assignment
from taktplan.planning.options import PlanKind, default_workers
from taktplan.planning.parameters import fmt_qty

app = typer.Typer(
    name="takt",
    help="taktplan: production planning and scheduling.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
if not console.is_terminal:
    console = Console(width=200)
errors = Console(stderr=True, soft_wrap=True)

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_CONFLICT = 3


def _fail_input(error: InputError) -> typer.Exit:
    if isinstance(error, ConflictError):
        errors.print(f"[bold red]conflict:[/] {error.describe()}", markup=True, highlight=False)
        return typer.Exit(EXIT_CONFLICT)
    errors.print(f"[bold red]error:[/] {error.describe()}", markup=True, highlight=False)
    return typer.Exit(EXIT_BAD_INPUT)


def short_lived_process() -> None:
    """Turn the cyclic garbage collector off for the rest of this command.

    Reading and planning pause it anyway (see :mod:`taktplan.gc_pause`); when
    they switch it back on, the first collection walks every object they made,
    a second or more on a large world, to find no cycles. A command ends soon
    after, so it never needs switching back on.
    """
    gc.disable()


def _load(path: Path) -> PlanningCase:
    try:
        return read_case(path)
    except InputError as error:
        raise _fail_input(error) from None


def _run(case: PlanningCase, options: PlanningOptions) -> PlanResult:
    try:
        return plan_with_progress(case.snapshot, options, errors, case.assigned)
    except InputError as error:
        raise _fail_input(error) from None


@app.command("plan")
def plan_command(
    case: Annotated[
        Path | None,
        typer.Option(
            "--case", help="Planning case file (JSON); without it, plan the database's world."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the lines as JSON.")] = False,
    explain: Annotated[
        int | None,
        typer.Option("--explain", help="Print why line LINE (its line no.) was suggested."),
    ] = None,
    stop_on_first_error: Annotated[
        bool, typer.Option("--stop-on-first-error", help="Stop at the first SKU that fails.")
    ] = False,
    mps: Annotated[
        bool, typer.Option("--mps", help="Plan MPS items (with sales orders or forecast).")
    ] = False,
    mrp: Annotated[
        bool, typer.Option("--mrp", help="Plan MRP items (the others, with component demand).")
    ] = False,
    changed_from: Annotated[
        Path | None,
        typer.Option(
            "--changed-from",
            help="Net change plan: replan what changed since this earlier case file.",
        ),
    ] = None,
    db: DbOption = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Planning starting date (default today).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Planning ending date (default +12 weeks).")
    ] = None,
    net_change: Annotated[
        bool, typer.Option("--net-change", help="Replan only the SKUs flagged as changed.")
    ] = False,
    item: Annotated[list[str], typer.Option("--item", help="Only this item (repeatable).")] = [],  # noqa: B006
    location: Annotated[
        list[str], typer.Option("--location", help="Only this location (repeatable).")
    ] = [],  # noqa: B006
    limit: LimitOption = SHOWN_LINES,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes a large plan runs on (default: one per CPU); the plan is the same.",
        ),
    ] = None,
) -> None:
    """Plan a case and print the planning worksheet.

    The case says whether the plan is regenerative or net change (then its
    planning_assignment lists the changed SKUs). Without --mps or --mrp, or
    with both, every item is planned. Without --case the world in the database
    is planned and the worksheet stored there (see `takt worksheet`).
    """
    short_lived_process()
    if case is None:
        try:
            options = stored_options(start, end, net_change, item, location)
            options = replace(
                options,
                stop_on_first_error=stop_on_first_error,
                workers=workers or default_workers(),
            )
            if mps != mrp:
                options = replace(options, mps=mps, mrp=mrp)
            result, url = plan_stored(db, options)
        except InputError as error:
            raise _fail_input(error) from None
        _print_worksheet(result, limit, "see `takt worksheet` to filter the stored worksheet")
        console.print(f"worksheet stored in {url}", highlight=False)
        return
    loaded = _load(case)
    options = replace(loaded.options, workers=workers or default_workers())
    if stop_on_first_error:
        options = replace(options, stop_on_first_error=True)
    if mps != mrp:
        options = replace(options, mps=mps, mrp=mrp)
    if changed_from is not None:
        before = _load(changed_from)
        flagged = planning_assignment(before.snapshot, loaded.snapshot, options)
        options = replace(options, kind=PlanKind.NET_CHANGE)
        loaded = replace(loaded, assigned=assigned_skus(flagged))
    result = _run(loaded, options)
    if explain is not None:
        _print_explanation(result, explain)
    elif as_json:
        payload = {
            "lines": [line_as_case_json(line) for line in result.lines],
            "errors": [{"sku": str(e.sku), "message": e.message} for e in result.error_log],
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        _print_worksheet(result, limit, "--json or --limit 0 prints all, --explain LINE one")
    if result.stopped_early:
        raise typer.Exit(EXIT_FAILED)


def _print_worksheet(result: PlanResult, limit: int, more: str) -> None:
    print_lines(console, result.lines, limit, more=more)
    console.print(
        f"{len(result.lines):,} lines for {result.planned_skus:,} SKUs planned.", highlight=False
    )
    if len(result.lines) > limit > 0:
        console.print(lines_by_action(result.lines), highlight=False)
    if result.error_log:
        console.print(f"[bold red]Error log ({len(result.error_log)}):[/]")
        for entry in result.error_log:
            console.print(f"  {entry.sku}: {entry.message}", highlight=False)
    if result.stopped_early:
        console.print(
            "[bold red]Stopped at the first error; the lines above were made before it.[/]"
        )


def _print_explanation(result: PlanResult, line_no: int) -> None:
    try:
        line = result.line(line_no)
    except KeyError:
        numbers = [line.line_no for line in result.lines]
        known = f"{min(numbers)} to {max(numbers)}" if numbers else "none"
        errors.print(f"error: no planning line {line_no} (lines: {known})", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    console.print(
        f"[bold]Line {line.line_no}[/]: {line.action.label} {fmt_qty(line.qty)} of {line.sku} "
        f"due {iso(line.due_date)}" + (f" ({line.ref_type} {line.ref})" if line.ref else ""),
        highlight=False,
    )
    if line.warning is not None:
        console.print(f"  warning {line.warning.value}: {line.warning_text}", highlight=False)
    for step, text in enumerate(line.explanation, start=1):
        console.print(f"  {step}. {text}", highlight=False)


app.command("worksheet")(worksheet_command)
app.command("accept")(accept_command)
app.command("carry-out")(carry_out_command)


@app.command("assignment")
def assignment_command(
    before: Annotated[Path, typer.Option("--before", help="The case file before the change.")],
    after: Annotated[Path, typer.Option("--after", help="The case file after the change.")],
) -> None:
    """List the SKUs a change flags for net change planning, and why."""
    old, new = _load(before), _load(after)
    flagged = planning_assignment(old.snapshot, new.snapshot, new.options)
    table = Table(title="Planning assignment")
    table.add_column("SKU")
    table.add_column("Reasons")
    for row in flagged:
        table.add_row(str(row.sku), "; ".join(row.reasons))
    console.print(table)
    console.print(f"{len(flagged)} SKUs flagged for net change planning")


@app.command("check-cases")
def check_cases(
    folder: Annotated[Path, typer.Argument(help="Folder of planning case files (*.json).")],
) -> None:
    """Run every case of a folder and print pass/fail per case."""
    files = sorted(folder.glob("*.json"))
    if not folder.is_dir():
        errors.print(f"error: {folder}: not a folder", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    passed = failed = 0
    for path in files:
        try:
            outcome = run_case_file(path)
        except InputError as error:
            console.print(f"[red]FAIL[/] {path.name}: {error.describe()}", highlight=False)
            failed += 1
            continue
        if outcome.passed:
            passed += 1
            console.print(f"[green]pass[/] {path.name}", highlight=False)
        else:
            failed += 1
            console.print(f"[red]FAIL[/] {path.name}", highlight=False)
            for row in outcome.report().splitlines():
                console.print(f"     {row}", highlight=False)
    console.print(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_FAILED)


app.command("peg")(peg_command)
app.command("demo")(demo_command)
app.command("jobshop")(jobshop_command)
app.command("schedule")(schedule_command)
app.command("load")(load_command)
app.command("release")(release_command)
app.command("serve")(serve_command)
app.command("batches")(batches_command)
app.add_typer(data_app)
app.add_typer(order_app, name="order")
app.add_typer(sales_app, name="sales")
app.add_typer(order_planning_app, name="order-planning")
app.add_typer(cost_app, name="cost")
app.add_typer(user_app, name="user")

if __name__ == "__main__":  # pragma: no cover
    app()

"""``takt import`` and ``takt export``: move a planning world in and out of the database.

Formats (by path): a case file (``.json``), an Excel workbook (``.xlsx``) or a
folder of CSV files; see ``docs/import-export.md``. An import validates
everything first and lists every bad row; with any error it exits with code 2
and the database is not touched. Otherwise the world replaces the stored one
in one transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from taktplan.domain.dates import parse_iso_date, to_day
from taktplan.errors import InputError
from taktplan.io.records import ImportErrors, record_counts
from taktplan.planning.options import PlanningOptions

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The file formats (openpyxl) and the database layer (SQLAlchemy, Alembic) are
# imported by the commands that use them, so that other commands start faster.

EXIT_BAD_INPUT = 2
DEFAULT_HORIZON_DAYS = 91

data_app = typer.Typer()
console = Console()
if not console.is_terminal:
    console = Console(width=200)
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL or SQLite file (default: TAKTPLAN_DB, else ./taktplan.db)."
    ),
]


def _fail(error: InputError) -> typer.Exit:
    if isinstance(error, ImportErrors):
        for problem in error.problems:
            errors.print(f"error: {problem.describe()}", highlight=False, markup=False)
        errors.print(f"{error.message}.", highlight=False, markup=False)
    else:
        errors.print(f"error: {error.describe()}", highlight=False, markup=False)
    return typer.Exit(EXIT_BAD_INPUT)


@data_app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="Case file (.json), Excel workbook (.xlsx) or folder of CSVs.")
    ],
    db: DbOption = None,
) -> None:
    """Validate a planning world and store it, replacing the stored one.

    Every bad row is listed (file, row, column, reason); with any error
    nothing is written and the exit code is 2.
    """
    from sqlalchemy.orm import Session

    from taktplan.io.formats import read_data
    from taktplan.storage import make_engine, resolve_url, save_snapshot, upgrade

    try:
        url = resolve_url(db)
        case = read_data(path)
    except InputError as error:
        raise _fail(error) from None
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            save_snapshot(session, case.snapshot)
    finally:
        engine.dispose()
    table = Table(title=f"Imported {path.name}")
    table.add_column("Records")
    table.add_column("Count", justify="right")
    for name, count in record_counts(case).items():
        table.add_row(name, str(count))
    console.print(table)


def _day(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except InputError as error:
        raise InputError(error.message, record=option) from None


def _options(
    session: Session, start: int | None, end: int | None, work: int | None
) -> PlanningOptions:
    """The run options to export: the last stored plan's, else today for three months."""
    from sqlalchemy import select

    from taktplan.storage.models import PlanningRun
    from taktplan.storage.runs import options_from_json

    last = session.scalars(select(PlanningRun).order_by(PlanningRun.id.desc()).limit(1)).first()
    if last is not None:
        options = options_from_json(last.options)
    else:
        today = to_day(dt.date.today())
        options = PlanningOptions(today, today + DEFAULT_HORIZON_DAYS, today)
    span = options.end - options.start
    start = options.start if start is None else start
    end = start + span if end is None else end
    if end < start:
        raise InputError("ending date is before the starting date", record="--end")
    work = work if work is not None else (start if start != options.start else options.work_date)
    return PlanningOptions(
        start=start,
        end=end,
        work_date=work,
        kind=options.kind,
        respect_planning_parameters_for_exceptions=options.respect_planning_parameters_for_exceptions,
        locations_without_sku=options.locations_without_sku,
        blank_overflow_level=options.blank_overflow_level,
        mps=options.mps,
        mrp=options.mrp,
        components_at_location=options.components_at_location,
    )


@data_app.command("export")
def export_command(
    path: Annotated[
        Path,
        typer.Argument(help="Where to write: a .json case file, an .xlsx workbook or a folder."),
    ],
    db: DbOption = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Planning starting date (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Planning ending date (YYYY-MM-DD).")
    ] = None,
    work_date: Annotated[
        str | None, typer.Option("--work-date", help="Work date (default: the starting date).")
    ] = None,
) -> None:
    """Write the stored planning world as a case file, a CSV folder or a workbook.

    The run options come from --start/--end/--work-date, else from the last
    stored plan, else today for three months (--start alone keeps the span).
    """
    from sqlalchemy.orm import Session

    from taktplan.io.formats import write_data
    from taktplan.storage import load_snapshot, make_engine, resolve_url, upgrade

    try:
        url = resolve_url(db)
        days = (_day(start, "--start"), _day(end, "--end"), _day(work_date, "--work-date"))
    except InputError as error:
        raise _fail(error) from None
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            snapshot = load_snapshot(session)
            options = _options(session, *days)
    except InputError as error:
        raise _fail(error) from None
    finally:
        engine.dispose()
    try:
        kind = write_data(path, snapshot, options)
    except InputError as error:
        raise _fail(error) from None
    except OSError as error:
        raise _fail(InputError(f"cannot write: {error.strerror}", source=str(path))) from None
    console.print(
        f"Exported {len(snapshot.items)} items, {len(snapshot.demand)} demand and "
        f"{len(snapshot.supply)} supply records to {path} ({kind.value}).",
        highlight=False,
    )

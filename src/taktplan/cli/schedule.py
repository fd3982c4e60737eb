"""``takt schedule``, ``takt load`` and ``takt release``: production orders on the shop floor.

Each works on a case file (``--case``) or on the database (the default):

* ``takt schedule`` schedules the production orders that have a routing
  (sequenced by the fast heuristic, or ``--optimise`` with CP-SAT, or
  ``--method infinite|finite``), prints when each order runs and which are
  late and why, and (on the database) stores the schedule and puts a
  Reschedule line in the worksheet for every order it makes late;
* ``takt load`` prints the capacity load per center and day or week;
* ``takt release`` releases the orders that start in a period and prints
  their dispatch lists, job cards and pick list (or writes them as CSV/JSON).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from taktplan.capacity.load_report import Bucket, LoadRow, capacity_load
from taktplan.capacity.release import Release, release
from taktplan.capacity.shop_calendar import clock, day_of, minute_of
from taktplan.cli.worksheet import DbOption, database
from taktplan.domain.dates import Day, iso, parse_iso_date, to_day
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning import PlanningOptions, plan
from taktplan.planning.parameters import fmt_qty
from taktplan.shopfloor.export import (
    load_as_json,
    release_as_json,
    schedule_as_json,
    write_csv,
    write_release_csv,
)
from taktplan.shopfloor.feedback import RescheduleSuggestion, reschedule_suggestions
from taktplan.shopfloor.material import material_ready
from taktplan.shopfloor.schedule import Method, ShopSchedule, schedule_orders

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CaseOption = Annotated[
    Path | None,
    typer.Option("--case", help="Case file (JSON); without it, the database's world."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
CenterOption = Annotated[
    list[str], typer.Option("--center", help="Only this work or machine center (repeatable).")
]
FromOption = Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day (YYYY-MM-DD).")]


@dataclass(slots=True)
class World:
    """The world a command works on, and the database session when it came from one."""

    snapshot: Snapshot
    options: PlanningOptions
    session: Session | None = None


@contextmanager
def _world(case: Path | None, db: str | None, start: str | None) -> Iterator[World]:
    """The case's world or the stored one (work date today, or ``start``)."""
    first = _day(start, "--start") if start else None
    if case is not None:
        from taktplan.io.case_json import read_case

        loaded = read_case(case)
        options = loaded.options
        if first is not None:
            options = _moved(options, first)
        yield World(loaded.snapshot, options)
        return
    from taktplan.storage import load_snapshot
    from taktplan.storage.database import read_transaction
    from taktplan.storage.runs import default_options

    with database(db) as session:
        with read_transaction(session):  # ends before the command writes in its own
            snapshot = load_snapshot(session)
        options = default_options()
        if first is not None:
            options = _moved(options, first)
        yield World(snapshot, options, session)
        # Storage functions join a transaction the session already has (a read
        # begins one): what the command wrote is committed here, once it is done.
        session.commit()


def _moved(options: PlanningOptions, first: Day) -> PlanningOptions:
    from dataclasses import replace

    # The planning horizon keeps its length from the new first day (12 weeks by default).
    return replace(options, work_date=first, start=first, end=first + options.end - options.start)


def _day(text: str, record: str) -> Day:
    try:
        return parse_iso_date(text)
    except InputError as error:
        raise InputError(error.message, record=record, field="date") from None


def _fail(error: InputError) -> typer.Exit:
    from taktplan.cli.main import _fail_input

    return _fail_input(error)


def _print(item: object) -> None:
    from taktplan.cli.main import console

    console.print(item, highlight=False)


def _horizon(start: str | None, end: str | None) -> tuple[Day, Day] | None:
    if start is None and end is None:
        return None
    first = _day(start, "--from") if start else 0
    last = _day(end, "--to") if end else 10**7
    if last < first:
        raise InputError("the last day is before the first", record="--to", field="date")
    return first, last


def run_schedule(
    world: World,
    method: Method,
    *,
    time_limit: float = 10.0,
    material: bool = True,
    centers: Sequence[str] = (),
    orders: Sequence[str] = (),
    horizon: tuple[Day, Day] | None = None,
) -> tuple[ShopSchedule, list[RescheduleSuggestion]]:
    """Plan (for material days and pegging), schedule, and work out what it means for the plan."""
    from taktplan.cli.main import errors

    result = plan(world.snapshot, world.options) if material else None
    ready = material_ready(world.snapshot, result) if result is not None else {}
    with errors.status(f"scheduling ({method.value})", spinner="dots"):
        schedule = schedule_orders(
            world.snapshot,
            world.options,
            method,
            time_limit=time_limit,
            ready=ready,
            centers=centers or None,
            orders=orders or None,
            horizon=horizon,
        )
    return schedule, reschedule_suggestions(world.snapshot, world.options, schedule, result)


def schedule_command(
    case: CaseOption = None,
    db: DbOption = None,
    optimise: Annotated[
        bool, typer.Option("--optimise", help="Improve the schedule with CP-SAT.")
    ] = False,
    method: Annotated[
        Method | None,
        typer.Option("--method", help="sequence (default), optimise, infinite or finite."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds for --optimise.", min=0.1)
    ] = 10.0,
    start: Annotated[
        str | None, typer.Option("--start", help="Schedule from this day (default: work date).")
    ] = None,
    first: FromOption = None,
    last: ToOption = None,
    center: CenterOption = [],  # noqa: B006
    order: Annotated[list[str], typer.Option("--order", help="Only this order (repeatable).")] = [],  # noqa: B006
    no_material: Annotated[
        bool, typer.Option("--no-material", help="Do not wait for component supply.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Schedule production orders on the work and machine centers.

    --from/--to pick the orders whose ending date falls in the period; --center
    the orders with an operation there. On the database the schedule is stored
    (replacing the previous one) and late orders get Reschedule lines.
    """
    chosen = method or (Method.OPTIMISE if optimise else Method.SEQUENCE)
    try:
        with _world(case, db, start) as world:
            schedule, suggestions = run_schedule(
                world,
                chosen,
                time_limit=time_limit,
                material=not no_material,
                centers=center,
                orders=order,
                horizon=_horizon(first, last),
            )
            stored = None
            if world.session is not None:
                from taktplan.storage.schedules import save_schedule

                stored = save_schedule(world.session, world.snapshot, schedule, suggestions)
    except InputError as error:
        raise _fail(error) from None
    if as_json:
        sys.stdout.write(json.dumps(schedule_as_json(schedule, suggestions), indent=2) + "\n")
        return
    _print(_schedule_table(schedule))
    _print(_summary(schedule))
    if suggestions:
        _print(_suggestion_table(suggestions))
    if stored is not None:
        _print(f"schedule stored; {stored} Reschedule lines in the worksheet")


def _schedule_table(schedule: ShopSchedule) -> Table:
    outcomes = {o.order: o for o in schedule.outcomes}
    table = Table(title=f"Production schedule ({schedule.method.value})")
    for column in ("Order", "Item", "Qty", "Start", "End", "Ending date", "Late", "Waited for"):
        table.add_column(column, justify="right" if column == "Qty" else "left")
    for order in sorted(schedule.orders, key=lambda o: (o.start, o.order)):
        outcome = outcomes[order.order]
        table.add_row(
            order.order,
            order.item,
            fmt_qty(order.qty),
            clock(order.start),
            clock(order.end),
            iso(outcome.ending_day),
            "[red]late[/]" if outcome.late else "",
            outcome.bottleneck or "" if outcome.waited else "",
        )
    return table


def _summary(schedule: ShopSchedule) -> str:
    late_minutes = sum(o.late_minutes for o in schedule.late)
    text = (
        f"{len(schedule.orders)} orders, {len(schedule.late)} late"
        + (
            f" (by {late_minutes // 60} h {late_minutes % 60:02d} min in all)"
            if late_minutes
            else ""
        )
        + f", changeovers {schedule.changeover_minutes} min"
    )
    solver = schedule.solver
    if solver is not None:
        if solver.solver == "cpsat":
            how = "proven best" if solver.status == "optimal" else "best found in the time"
            text += f"; CP-SAT: {how} on its model, {solver.seconds:.1f} s"
        else:
            text += f"; heuristic rule {solver.solver}, {solver.seconds:.1f} s"
    return text


def _suggestion_table(suggestions: Sequence[RescheduleSuggestion]) -> Table:
    table = Table(title="Reschedule (the schedule makes these orders late)")
    for column in ("Order", "Item", "Due date", "New due date", "Bottleneck", "Late demand"):
        table.add_column(column)
    for s in suggestions:
        table.add_row(
            s.order,
            s.sku.item,
            iso(s.original_due),
            iso(s.new_due),
            s.bottleneck or "",
            ", ".join(f"{d.id} ({iso(d.date)})" for d in s.late_demand),
        )
    return table


# --- load --------------------------------------------------------------------


def load_command(
    case: CaseOption = None,
    db: DbOption = None,
    bucket: Annotated[Bucket, typer.Option("--bucket", help="day or week.")] = Bucket.DAY,
    method: Annotated[
        Method,
        typer.Option("--method", help="For a case file: how to schedule (default infinite)."),
    ] = Method.INFINITE,
    first: FromOption = None,
    last: ToOption = None,
    center: CenterOption = [],  # noqa: B006
    as_json: JsonOption = False,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Write the rows to a CSV file.")
    ] = None,
) -> None:
    """Capacity load per work or machine center: load, available, % used, overloads.

    A work center's row includes its machine centers: load and available
    capacity are its own plus theirs.

    On the database it shows the stored schedule (see `takt schedule`), or the
    orders scheduled backward at infinite capacity when none is stored.
    """
    try:
        with _world(case, db, None) as world:
            operations = _stored_operations(world) if case is None else None
            if operations is None:
                schedule, _ = run_schedule(world, method, material=False)
                operations = [op for o in schedule.orders for op in o.operations]
            shop = world.snapshot.shop.resources
            for code in center:
                if code not in shop:
                    raise InputError(
                        f"unknown work or machine center '{code}'",
                        record="--center",
                        field="center",
                    )
            if not operations:
                raise InputError("nothing is scheduled", record="schedule", field="orders")
            begin = _day(first, "--from") if first else min(day_of(op.start) for op in operations)
            end = _day(last, "--to") if last else max(day_of(op.end) for op in operations)
            rows = capacity_load(operations, shop, begin, end, bucket, center or None)
    except InputError as error:
        raise _fail(error) from None
    if csv_file is not None:
        write_csv(csv_file, load_as_json(rows))
    if as_json:
        sys.stdout.write(json.dumps(load_as_json(rows), indent=2) + "\n")
        return
    _print(_load_table(rows, bucket))


def _stored_operations(world: World) -> list | None:  # type: ignore[type-arg]
    from taktplan.storage.schedules import load_schedule

    assert world.session is not None
    stored = load_schedule(world.session)
    if stored is None:
        return None
    return [op for order in stored for op in order.operations]


def _load_table(rows: Sequence[LoadRow], bucket: Bucket) -> Table:
    table = Table(title=f"Capacity load per {bucket.value}")
    for column in ("Center", "Period", "Load (h)", "Available (h)", "Used %", ""):
        table.add_column(column, justify="left" if column in ("Center", "Period", "") else "right")
    for row in rows:
        if row.load == 0 and row.available == 0:
            continue
        used = "-" if row.available == 0 else f"{row.used_pct}"
        center = row.resource
        if row.machine_centers:
            center += f" (incl. {', '.join(row.machine_centers)})"
        table.add_row(
            center,
            iso(row.period),
            f"{row.load / 60:.1f}",
            f"{row.available / 60:.1f}",
            f"[red]{used}[/]" if row.overloaded else used,
            "[red]overloaded[/]" if row.overloaded else "",
        )
    return table


# --- release -----------------------------------------------------------------


def release_command(
    case: CaseOption = None,
    db: DbOption = None,
    first: FromOption = None,
    last: ToOption = None,
    order: Annotated[list[str], typer.Option("--order", help="Only this order (repeatable).")] = [],  # noqa: B006
    method: Annotated[
        Method,
        typer.Option("--method", help="For a case file: how to schedule (default sequence)."),
    ] = Method.SEQUENCE,
    as_json: JsonOption = False,
    csv_dir: Annotated[
        Path | None,
        typer.Option("--csv", help="Write dispatch.csv, job_cards.csv and pick_list.csv here."),
    ] = None,
) -> None:
    """Release the orders that start in a period: dispatch lists, job cards, pick list.

    The period defaults to the week from the schedule's start. On the database
    the orders' status becomes released (all of them or none) and the stored
    schedule is used (run `takt schedule` first).
    """
    try:
        with _world(case, db, None) as world:
            if world.session is None:
                schedule, _ = run_schedule(world, method)
                orders = list(schedule.orders)
                begin = day_of(schedule.start)
            else:
                from taktplan.storage.schedules import load_schedule

                stored = load_schedule(world.session)
                if stored is None:
                    raise InputError(
                        "no schedule is stored: run takt schedule first",
                        record="schedule",
                        field="orders",
                    )
                orders = stored
                begin = to_day(dt.date.today())
            begin = _day(first, "--from") if first else begin
            end = _day(last, "--to") if last else begin + 6
            picked = [
                o
                for o in orders
                if (not order or o.order in order)
                and minute_of(begin) <= o.start < minute_of(end + 1)
            ]
            missing = sorted(set(order) - {o.order for o in picked})
            if missing:
                raise InputError(
                    f"order '{missing[0]}' is not scheduled to start in the period",
                    record="--order",
                    field="order",
                )
            snapshot = world.snapshot
            documents = release(
                picked,
                snapshot.shop.routings,
                snapshot.components,
                {no: item.scrap_pct for no, item in snapshot.items.items()},
            )
            if world.session is not None:
                from taktplan.storage.schedules import release_orders

                released = release_orders(world.session, snapshot, [o.order for o in picked])
                _print(f"released: {', '.join(released) or 'none (already released)'}")
    except InputError as error:
        raise _fail(error) from None
    if csv_dir is not None:
        for path in write_release_csv(csv_dir, documents):
            _print(f"wrote {path}")
    if as_json:
        sys.stdout.write(json.dumps(release_as_json(documents), indent=2) + "\n")
        return
    _print_release(documents, len(picked))


def _print_release(documents: Release, count: int) -> None:
    for code, cards in documents.dispatch.items():
        table = Table(title=f"Dispatch list {code}")
        for column in ("#", "Start", "End", "Order", "Item", "Qty", "Op.", "Setup", "Run"):
            table.add_column(column)
        for n, card in enumerate(cards, start=1):
            table.add_row(
                str(n),
                clock(card.start),
                clock(card.end),
                card.order,
                card.item,
                fmt_qty(card.qty),
                card.operation,
                f"{card.setup_minutes} min",
                f"{card.run_minutes} min",
            )
        _print(table)
    picks = Table(title="Pick list")
    for column in ("Order", "Component", "Qty", "For op.", "Needed at"):
        picks.add_column(column)
    for line in documents.pick_list:
        picks.add_row(
            line.order, line.component, fmt_qty(line.qty), line.operation, clock(line.needed_at)
        )
    _print(picks)
    _print(f"{count} orders released, {len(documents.job_cards)} job cards")


# --- batches -----------------------------------------------------------------


def batches_command(
    case: CaseOption = None,
    db: DbOption = None,
    window: Annotated[
        int, typer.Option("--window", help="Days after the first order's due date.")
    ] = 3,
    apply: Annotated[
        bool, typer.Option("--apply", help="Merge them in the database (not with --case).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Propose batches: planned and firm planned orders of one SKU due within a window.

    With --apply each batch becomes its first order (the total quantity, due on
    the earliest date) and the others are deleted, in one transaction.
    """
    from taktplan.shopfloor.batching import batch_proposals, sku_of_key

    try:
        if apply and case is not None:
            raise InputError("--apply works on the database only", record="--apply", field="case")
        with _world(case, db, None) as world:
            if apply and world.session is not None:
                from taktplan.storage.batches import merge_batches

                batches, _ = merge_batches(world.session, window)
            else:
                batches = batch_proposals(world.snapshot, window)
    except InputError as error:
        raise _fail(error) from None
    rows = [
        {
            "item": sku_of_key(batch.items[0])[0],
            "location": sku_of_key(batch.items[0])[2],
            "orders": list(batch.orders),
            "qty": str(batch.qty),
            "due_date": iso(batch.due),
        }
        for batch in batches
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"Batches (orders due within {window} days of the first)")
    for column in ("Item", "Location", "Orders", "Qty", "Due date"):
        table.add_column(column, justify="right" if column == "Qty" else "left")
    for batch in batches:
        item, _variant, location = sku_of_key(batch.items[0])
        table.add_row(item, location, ", ".join(batch.orders), fmt_qty(batch.qty), iso(batch.due))
    _print(table)
    verb = "merged" if apply else "proposed"
    _print(f"{len(batches)} batches {verb}")

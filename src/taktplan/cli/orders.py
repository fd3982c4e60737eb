"""``takt order``, ``takt sales`` and ``takt order-planning``: orders on the stored world.

* ``takt order list | firm-plan | release | finish``: the production order
  life cycle (planned -> firm planned -> released -> finished);
* ``takt sales add | change | delete``: sales order lines with order tracking
  (covered by existing supply? earliest date? flagged for net change);
* ``takt order-planning`` lists the demand no supply covers, ``takt
  order-planning make`` creates supply for one line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from taktplan.cli.worksheet import DbOption, database
from taktplan.domain.dates import iso, parse_iso_date
from taktplan.domain.documents import SupplyStatus
from taktplan.domain.item import Replenishment
from taktplan.errors import InputError
from taktplan.planning.assignment import FED, PlanningAssignment
from taktplan.planning.parameters import fmt_qty

if TYPE_CHECKING:
    from taktplan.storage.production_orders import StatusChange
    from taktplan.storage.sales_orders import OrderTracking

# The storage modules (SQLAlchemy, Alembic) are imported by the commands that
# use them, so that other commands start faster.

order_app = typer.Typer(help="Production orders: list, firm plan, release, finish.")
sales_app = typer.Typer(help="Sales order lines, with order tracking as they are entered.")
order_planning_app = typer.Typer(
    help="Demand that no supply covers; make supply for a line by hand.",
    invoke_without_command=True,
)


def _out(text: str) -> None:
    from taktplan.cli.main import console

    console.print(text, highlight=False)


def _fail(error: InputError) -> typer.Exit:
    from taktplan.cli.main import _fail_input

    return _fail_input(error)


def _qty(value: str | None, record: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise InputError(f"'{value}' is not a number", record=record, field="qty") from None


def _date(value: str | None, record: str, field: str = "date") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromordinal(parse_iso_date(value))
    except InputError as error:
        raise InputError(error.message, record=record, field=field) from None


def _flagged(flagged: tuple[PlanningAssignment, ...]) -> None:
    """The SKUs a change flagged: those it changed by name, what they feed as a count."""
    changed = [row for row in flagged if any(why != FED for why in row.reasons)]
    if not changed:
        return
    names = ", ".join(str(row.sku) for row in changed[:6])
    if len(changed) > 6:
        names += f" and {len(changed) - 6} more"
    fed = len(flagged) - len(changed)
    _out(
        f"flagged for net change planning: {names}"
        + (f" (and {fed} SKUs they feed)" if fed else "")
    )


# --- production orders -------------------------------------------------------


@order_app.command("list")
def order_list(
    db: DbOption = None,
    status: Annotated[
        list[str],
        typer.Option("--status", help="planned, firm-planned, released or finished."),
    ] = [],  # noqa: B006
    item: Annotated[list[str], typer.Option("--item", help="Only this item (repeatable).")] = [],  # noqa: B006
) -> None:
    """List production orders: open ones by due date, then finished ones."""
    from taktplan.storage.production_orders import list_production_orders

    with database(db) as session:
        orders = list_production_orders(
            session, statuses=set(status) or None, items=set(item) or None
        )
    table = Table(title="Production orders")
    for column in ("Order", "Item", "Loc.", "Status", "Due date", "Qty", "Finished", "On"):
        table.add_column(column, justify="right" if column in ("Qty", "Finished") else "left")
    for order in orders:
        table.add_row(
            order.document_id,
            order.sku.item + (f" / {order.sku.variant}" if order.sku.variant else ""),
            order.sku.location,
            order.status,
            order.due_date.isoformat(),
            fmt_qty(order.qty),
            "" if order.finished_qty is None else fmt_qty(order.finished_qty),
            "" if order.finished_on is None else order.finished_on.isoformat(),
        )
    _out_table(table)
    _out(f"{len(orders)} production orders")


def _out_table(table: Table) -> None:
    from taktplan.cli.main import console

    console.print(table)


def _report(change: StatusChange) -> None:
    _out(f"{change.order}: {change.old} -> {change.new}")
    for posting in change.postings:
        _out(f"  {posting.entry_type} {fmt_qty(posting.qty)} {posting.sku}")
    _flagged(change.flagged)


@order_app.command("firm-plan")
def order_firm_plan(
    order: Annotated[str, typer.Argument(help="Production order number.")],
    db: DbOption = None,
) -> None:
    """Make a planned production order firm planned."""
    _move(order, SupplyStatus.FIRM_PLANNED, db)


@order_app.command("release")
def order_release(
    order: Annotated[str, typer.Argument(help="Production order number.")],
    db: DbOption = None,
) -> None:
    """Release a planned or firm planned production order to the shop floor."""
    _move(order, SupplyStatus.RELEASED, db)


def _move(order: str, status: SupplyStatus, db: str | None) -> None:
    from taktplan.storage.production_orders import change_status

    try:
        with database(db) as session:
            _report(change_status(session, order, status))
    except InputError as error:
        raise _fail(error) from None


@order_app.command("finish")
def order_finish(
    order: Annotated[str, typer.Argument(help="Production order number.")],
    qty: Annotated[
        str | None, typer.Option("--qty", help="Finished quantity (default: the order's).")
    ] = None,
    posted_on: Annotated[
        str | None, typer.Option("--date", help="Posting date (default today).")
    ] = None,
    no_consumption: Annotated[
        bool, typer.Option("--no-consumption", help="Post the output only.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Finish a released order: output to inventory, components consumed, order filed."""
    from taktplan.storage.production_orders import finish

    record = f"production order {order}"
    try:
        finished = _qty(qty, record)
        day = _date(posted_on, record)
        with database(db) as session:
            change = finish(
                session, order, finished_qty=finished, posted_on=day, consume=not no_consumption
            )
        _report(change)
    except InputError as error:
        raise _fail(error) from None


# --- sales orders ------------------------------------------------------------


def _tracking(tracking: OrderTracking) -> None:
    line, promise = tracking.line, tracking.promise
    _out(
        f"{line.document_id}: {fmt_qty(line.qty)} {line.sku} wanted {line.date.isoformat()}",
    )
    if promise.covered:
        _out("  covered by existing supply on the requested date")
    else:
        _out(
            f"  not covered: existing supply leaves {fmt_qty(promise.available)} "
            f"available to promise on {iso(promise.requested)}"
        )
        if promise.earliest is not None:
            _out(f"  earliest date from existing supply: {iso(promise.earliest)}")
        else:
            _out("  existing supply never covers it")
        timing = "in time" if promise.by_new_supply <= promise.requested else "late"
        _out(f"  a new order started today is due {iso(promise.by_new_supply)} ({timing})")
    _flagged(tracking.flagged)


@sales_app.command("add")
def sales_add(
    document: Annotated[str, typer.Argument(help="Sales order number.")],
    item: Annotated[str, typer.Option("--item", help="Item number.")],
    qty: Annotated[str, typer.Option("--qty", help="Quantity.")],
    date: Annotated[str, typer.Option("--date", help="Shipment date (YYYY-MM-DD).")],
    location: Annotated[str, typer.Option("--location", help="Location code.")] = "",
    variant: Annotated[str, typer.Option("--variant", help="Variant code.")] = "",
    db: DbOption = None,
) -> None:
    """Enter a sales order line and see at once whether it can be met, and when."""
    from taktplan.storage.sales_orders import SalesOrderLine, enter_sales_order

    record = f"sales order {document}"
    try:
        amount, day = _qty(qty, record), _date(date, record)
        assert amount is not None and day is not None
        line = SalesOrderLine(document, item, amount, day, variant, location)
        with database(db) as session:
            _tracking(enter_sales_order(session, line, new=True))
    except InputError as error:
        raise _fail(error) from None


@sales_app.command("change")
def sales_change(
    document: Annotated[str, typer.Argument(help="Sales order number.")],
    item: Annotated[str, typer.Option("--item", help="Item number of the line.")],
    qty: Annotated[str | None, typer.Option("--qty", help="New quantity.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="New shipment date.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="New location.")] = None,
    db: DbOption = None,
) -> None:
    """Change a sales order line's quantity, date or location, with order tracking."""
    from taktplan.storage.sales_orders import change_sales_order

    record = f"sales order {document}"
    try:
        amount, day = _qty(qty, record), _date(date, record)
        with database(db) as session:
            tracking = change_sales_order(
                session, document, item, qty=amount, date=day, location=location
            )
        _tracking(tracking)
    except InputError as error:
        raise _fail(error) from None


@sales_app.command("delete")
def sales_delete(
    document: Annotated[str, typer.Argument(help="Sales order number.")],
    item: Annotated[str, typer.Option("--item", help="Item number of the line.")],
    db: DbOption = None,
) -> None:
    """Delete a sales order line."""
    from taktplan.storage.sales_orders import delete_sales_order

    try:
        with database(db) as session:
            flagged = delete_sales_order(session, document, item)
    except InputError as error:
        raise _fail(error) from None
    _out(f"{document}: line for {item} deleted")
    _flagged(flagged)


# --- order planning ----------------------------------------------------------


@order_planning_app.callback()
def order_planning_list(
    ctx: typer.Context,
    db: DbOption = None,
    item: Annotated[list[str], typer.Option("--item", help="Only this item (repeatable).")] = [],  # noqa: B006
) -> None:
    """List the demand lines that stock and existing orders leave open."""
    from taktplan.storage.order_planning import list_uncovered

    if ctx.invoked_subcommand is not None:
        return
    with database(db) as session:
        lines = list_uncovered(session, set(item) or None)
    table = Table(title="Order planning: uncovered demand")
    for column in ("Demand", "Type", "Item", "Loc.", "Date", "Qty", "Needed", "Replenish by"):
        table.add_column(column, justify="right" if column in ("Qty", "Needed") else "left")
    for line in lines:
        table.add_row(
            line.demand,
            line.demand_type.value,
            line.sku.item + (f" / {line.sku.variant}" if line.sku.variant else ""),
            line.sku.location,
            iso(line.date) or "",
            fmt_qty(line.qty),
            fmt_qty(line.needed),
            line.replenishment.value,
        )
    _out_table(table)
    _out(f"{len(lines)} demand lines not covered by existing supply")


@order_planning_app.command("make")
def order_planning_make(
    demand: Annotated[str, typer.Argument(help="Demand document (as listed).")],
    item: Annotated[str, typer.Option("--item", help="Item of the demand line.")],
    location: Annotated[
        str | None, typer.Option("--location", help="Location of the demand line.")
    ] = None,
    by: Annotated[
        Replenishment | None,
        typer.Option("--by", help="Replenish by (default: the SKU's replenishment)."),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--from", help="Shipping location of a transfer.")
    ] = None,
    qty: Annotated[
        str | None, typer.Option("--qty", help="Quantity (default: what is needed).")
    ] = None,
    firm_planned: Annotated[
        bool, typer.Option("--firm-planned", help="A production order as firm planned.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create supply for one uncovered demand line, ignoring planning parameters."""
    from taktplan.storage.order_planning import make_supply

    try:
        amount = _qty(qty, f"demand {demand}")
        with database(db) as session:
            made = make_supply(
                session,
                demand,
                item,
                location=location,
                replenishment=by,
                qty=amount,
                source=source,
                firm_planned=firm_planned,
            )
    except InputError as error:
        raise _fail(error) from None
    origin = f" from {made.source}" if made.source else ""
    _out(
        f"{made.order}: {made.replenishment.value}{origin} of {fmt_qty(made.qty)} "
        f"{made.line.sku}, starting {iso(made.starting)}, due {iso(made.due)} "
        f"for {made.line.demand_type.value} {made.line.demand}"
    )
    if made.starting < dt.date.today().toordinal():
        _out(f"  attention: starting date {iso(made.starting)} is before today")
    _flagged(made.flagged)

"""Master data and documents: items, SKUs, BOMs, routings, work centers, orders, inventory.

Reads for every role; sales order lines and production order statuses for
planners; item planning parameters for admins. Each write is one
transaction through the storage layer and flags what it changed for the
next net change plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import update

from taktplan.capacity.resources import SETTINGS
from taktplan.capacity.shop_calendar import ShopCalendar
from taktplan.domain.dates import DateFormula
from taktplan.domain.documents import DemandType, SupplyStatus, SupplyType
from taktplan.domain.item import ReorderingPolicy, Replenishment
from taktplan.domain.snapshot import Snapshot
from taktplan.errors import InputError
from taktplan.planning.assignment import PlanningAssignment
from taktplan.storage import load_snapshot
from taktplan.storage.changes import tracked_change
from taktplan.storage.models import ItemRecord
from taktplan.storage.production_orders import change_status
from taktplan.storage.sales_orders import SalesOrderLine, enter_sales_order
from taktplan.web import convert
from taktplan.web.convert import NotFoundError
from taktplan.web.deps import Admin, DbSession, Planner, Viewer

router = APIRouter(tags=["master data and orders"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _item_or_404(snapshot: Snapshot, no: str) -> None:
    if no not in snapshot.items:
        raise NotFoundError(f"unknown item '{no}'", record=f"item {no}", field="no")


def _flagged(rows: tuple[PlanningAssignment, ...] | list[PlanningAssignment]) -> list[str]:
    return [str(row.sku) for row in rows]


# --- items and SKUs -------------------------------------------------------------------


@router.get("/items", summary="Items with their main planning fields")
def items(
    _: Viewer,
    session: DbSession,
    search: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100_000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    snapshot = load_snapshot(session)
    found = [
        item for item in snapshot.items.values() if not search or search.lower() in item.no.lower()
    ]
    return {
        "total": len(found),
        "items": [
            {
                "no": item.no,
                "replenishment": item.parameters.replenishment.value,
                "reordering_policy": convert.value(item.parameters.reordering_policy),
                "low_level_code": snapshot.low_level_codes.get(item.no, 0),
                "bom_lines": len(item.bom),
                "routing": item.no in snapshot.shop.routings,
                "unit_cost": convert.qty(item.unit_cost),
            }
            for item in found[offset : offset + limit]
        ],
    }


def _bom(snapshot: Snapshot, no: str) -> list[dict[str, Any]]:
    return [
        {
            "line_no": n,
            "component": line.component,
            "qty_per": convert.qty(line.qty_per),
            "scrap_pct": convert.qty(line.scrap_pct),
            "variant": line.variant,
            "phantom": line.phantom,
        }
        for n, line in enumerate(snapshot.items[no].bom, start=1)
    ]


def _routing(snapshot: Snapshot, no: str) -> dict[str, Any] | None:
    routing = snapshot.shop.routings.get(no)
    if routing is None:
        return None
    return {
        "item": no,
        "operations": [
            {
                "no": op.no,
                "resource": op.resource,
                "alternatives": list(op.alternatives),
                "setup_time": convert.qty(op.setup_time),
                "run_time": convert.qty(op.run_time),
                "wait_time": op.wait_time,
                "move_time": op.move_time,
                "components": list(op.components),
                "description": op.description,
            }
            for op in routing.operations
        ],
    }


@router.get("/items/{no}", summary="An item card with its BOM, SKUs, routing and where used")
def item(no: str, _: Viewer, session: DbSession) -> dict[str, Any]:
    snapshot = load_snapshot(session)
    _item_or_404(snapshot, no)
    card = snapshot.items[no]
    return {
        "no": card.no,
        "parameters": convert.parameters(card.parameters),
        "scrap_pct": convert.qty(card.scrap_pct),
        "manufacturing_policy": card.manufacturing_policy.value,
        "unit_cost": convert.qty(card.unit_cost),
        "standard_cost": convert.qty(card.standard_cost),
        "lot_specific": card.lot_specific,
        "attributes": dict(card.attributes),
        "low_level_code": snapshot.low_level_codes.get(no, 0),
        "bom": _bom(snapshot, no),
        "used_in": sorted(
            parent.no
            for parent in snapshot.items.values()
            if any(line.component == no for line in parent.bom)
        ),
        "skus": [
            {**convert.sku(key), "parameters": convert.parameters(sku.parameters)}
            for key, sku in snapshot.skus.items()
            if key.item == no
        ],
        "routing": _routing(snapshot, no),
    }


class ItemChange(Strict):
    """Planning fields of an item card; what is left out stays as it is."""

    replenishment: Replenishment | None = None
    reordering_policy: ReorderingPolicy | Literal[""] | None = None
    lead_time: str | None = Field(default=None, description="A date formula: 5D, 2W, 1M.")
    safety_lead_time: str | None = None
    safety_stock: Decimal | None = Field(default=None, ge=0)
    reorder_point: Decimal | None = Field(default=None, ge=0)
    reorder_qty: Decimal | None = Field(default=None, ge=0)
    max_inventory: Decimal | None = Field(default=None, ge=0)
    min_order_qty: Decimal | None = Field(default=None, ge=0)
    max_order_qty: Decimal | None = Field(default=None, ge=0)
    order_multiple: Decimal | None = Field(default=None, ge=0)

    @field_validator("lead_time", "safety_lead_time")
    @classmethod
    def _formula(cls, text: str | None) -> str | None:
        if text is not None:
            try:
                DateFormula.parse(text)
            except InputError as error:
                raise ValueError(error.message) from None
        return text

    @field_validator(
        "safety_stock",
        "reorder_point",
        "reorder_qty",
        "max_inventory",
        "min_order_qty",
        "max_order_qty",
        "order_multiple",
    )
    @classmethod
    def _finite(cls, number: Decimal | None) -> Decimal | None:
        if number is not None and not number.is_finite():
            raise ValueError("must be a finite number")
        return number


@router.patch("/items/{no}", summary="Change an item's planning fields (admin)")
def change_item(no: str, body: ItemChange, _: Admin, session: DbSession) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, given in body.model_dump(exclude_unset=True).items():
        if given is None and name != "reordering_policy":
            raise InputError("may not be null", record=f"item {no}", field=name)
        if name in ("lead_time", "safety_lead_time"):
            given = DateFormula.parse(given)
        if name == "reordering_policy":
            given = None if given in ("", None) else ReorderingPolicy(given)
        values[name] = given
    if not values:
        raise InputError("nothing to change", record=f"item {no}", field="")
    with tracked_change(session) as change:
        _item_or_404(change.before, no)
        session.execute(update(ItemRecord).where(ItemRecord.no == no).values(**values))
    after = item(no, _, session)
    return {**after, "flagged": _flagged(change.flagged)}


@router.get("/skus", summary="Stockkeeping unit cards")
def skus(
    _: Viewer,
    session: DbSession,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    snapshot = load_snapshot(session)
    return [
        {**convert.sku(key), "parameters": convert.parameters(card.parameters)}
        for key, card in snapshot.skus.items()
        if (item_no is None or key.item == item_no)
        and (location is None or key.location == location)
    ]


@router.get("/boms/{no}", summary="The production BOM of an item (one level)")
def bom(no: str, _: Viewer, session: DbSession) -> dict[str, Any]:
    snapshot = load_snapshot(session)
    _item_or_404(snapshot, no)
    return {"item": no, "lines": _bom(snapshot, no)}


# --- shop -----------------------------------------------------------------------------


@router.get("/routings", summary="Every routing")
def routings(_: Viewer, session: DbSession) -> list[dict[str, Any]]:
    snapshot = load_snapshot(session)
    return [r for no in snapshot.shop.routings if (r := _routing(snapshot, no)) is not None]


@router.get("/routings/{no}", summary="The routing of an item")
def routing(no: str, _: Viewer, session: DbSession) -> dict[str, Any]:
    found = _routing(load_snapshot(session), no)
    if found is None:
        raise NotFoundError(f"item '{no}' has no routing", record=f"routing {no}", field="item")
    return found


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _calendar(calendar: ShopCalendar) -> dict[str, Any]:
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return {
        "code": calendar.code,
        "shifts": {
            day: [f"{_hhmm(s.start)}-{_hhmm(s.end)}" for s in shifts]
            for day, shifts in zip(days, calendar.weekly, strict=True)
        },
        "holidays": sorted(convert.day(d) for d in calendar.holidays),
    }


def _settings(center: Any) -> dict[str, Any]:
    return {name: convert.value(getattr(center, name)) for name in SETTINGS}


@router.get("/work-centers", summary="Work centers, machine centers and shop calendars")
def work_centers(_: Viewer, session: DbSession) -> dict[str, Any]:
    shop = load_snapshot(session).shop
    return {
        "work_centers": [
            {"code": c.code, "calendar": c.calendar, **_settings(c)} for c in shop.work_centers
        ],
        "machine_centers": [
            {"code": c.code, "work_center": c.work_center, **_settings(c)}
            for c in shop.machine_centers
        ],
        "calendars": [_calendar(c) for c in shop.calendars],
    }


# --- orders, demand, inventory -------------------------------------------------------------


@router.get("/orders", summary="Existing supply orders: purchase, production, assembly, transfer")
def orders(
    _: Viewer,
    session: DbSession,
    type_: Annotated[list[SupplyType] | None, Query(alias="type")] = None,
    status: list[SupplyStatus] | None = None,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    snapshot = load_snapshot(session)
    return [
        convert.supply(row)
        for row in snapshot.supply
        if (type_ is None or row.type in type_)
        and (status is None or row.status in status)
        and (item_no is None or row.sku.item == item_no)
        and (location is None or row.sku.location == location)
    ]


def _demand(
    session: DbSession, types: list[DemandType] | None, item_no: str | None, location: str | None
) -> list[dict[str, Any]]:
    snapshot = load_snapshot(session)
    return [
        convert.demand(row)
        for row in snapshot.demand
        if (types is None or row.type in types)
        and (item_no is None or row.sku.item == item_no)
        and (location is None or row.sku.location == location)
    ]


@router.get("/demand", summary="Demand lines of every type")
def demand(
    _: Viewer,
    session: DbSession,
    type_: Annotated[list[DemandType] | None, Query(alias="type")] = None,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    return _demand(session, type_, item_no, location)


@router.get("/sales-orders", summary="Sales order lines")
def sales_orders(
    _: Viewer,
    session: DbSession,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    return _demand(session, [DemandType.SALES], item_no, location)


@router.get("/forecasts", summary="Demand forecast entries")
def forecasts(
    _: Viewer,
    session: DbSession,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    return _demand(session, [DemandType.FORECAST], item_no, location)


class SalesLine(Strict):
    document: str = Field(min_length=1, max_length=50)
    item: str = Field(min_length=1)
    qty: Decimal = Field(gt=0)
    date: dt.date
    location: str = ""
    variant: str = ""

    @field_validator("qty")
    @classmethod
    def _finite(cls, number: Decimal) -> Decimal:
        if not number.is_finite():
            raise ValueError("must be a finite number")
        return number


@router.post(
    "/sales-orders",
    status_code=201,
    summary="Enter or change a sales order line, with available to promise (planner)",
)
def enter_sales_line(body: SalesLine, _: Planner, session: DbSession) -> dict[str, Any]:
    line = SalesOrderLine(
        body.document, body.item, body.qty, body.date, body.variant, body.location
    )
    tracking = enter_sales_order(session, line)
    promise = tracking.promise
    return {
        "document": body.document,
        "item": body.item,
        "qty": convert.qty(body.qty),
        "date": body.date.isoformat(),
        "covered": promise.covered,
        "available": convert.qty(promise.available),
        "earliest": convert.day(promise.earliest),
        "by_new_supply": convert.day(promise.by_new_supply),
        "flagged": _flagged(tracking.flagged),
    }


@router.get("/inventory", summary="Stock on hand per SKU (and lot)")
def inventory(
    _: Viewer,
    session: DbSession,
    item_no: Annotated[str | None, Query(alias="item")] = None,
    location: str | None = None,
) -> list[dict[str, Any]]:
    snapshot = load_snapshot(session)
    return [
        {**convert.sku(row.sku), "qty": convert.qty(row.qty), "lot": row.lot}
        for row in snapshot.inventory
        if (item_no is None or row.sku.item == item_no)
        and (location is None or row.sku.location == location)
    ]


class StatusChange(Strict):
    status: Literal["firm-planned", "released"]


@router.post(
    "/production-orders/{order}/status",
    summary="Firm-plan or release a production order (planner)",
)
def production_status(
    order: str, body: StatusChange, _: Planner, session: DbSession
) -> dict[str, Any]:
    done = change_status(session, order, SupplyStatus(body.status))
    return {
        "order": done.order,
        "old": done.old,
        "new": done.new,
        "flagged": _flagged(done.flagged),
    }

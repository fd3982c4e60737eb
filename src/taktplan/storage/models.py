"""The database tables: master data, documents, calendar and the planning worksheet.

Design notes (the why behind the columns):

* Records refer to items by their number (``item_no`` -> ``items.no``), the
  natural key a planner types, so bulk loads need no id look-ups or joins.
* A blank location or variant is ``""`` as in the domain. Locations get no
  foreign key: the blank location is a valid location without a location card.
* Worksheet, pegging, error log and planning assignment rows name their SKU
  without foreign keys: they are results of a run (or flags for the next one)
  and must survive master data being replaced or an item being removed.
* Every table of records has an integer ``id`` in insertion order; loads
  return rows in that order, so a stored world plans exactly like the one
  that was saved (ties keep their order).
* The shop (calendars, work and machine centers, routings, changeovers)
  refers by code too. A routing operation's resource is a work *or* machine
  center, so it has no foreign key; its alternatives and components are short
  lists of codes kept in JSON columns (portable between SQLite and
  PostgreSQL, read and written whole with their operation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, MetaData, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column

from taktplan.capacity.resources import CostBasis
from taktplan.domain.dates import DateFormula
from taktplan.domain.documents import (
    DemandType,
    PlanningFlexibility,
    SupplyStatus,
    SupplyType,
)
from taktplan.domain.item import ManufacturingPolicy, ReorderingPolicy, Replenishment
from taktplan.planning.options import PlanKind
from taktplan.planning.result import Action, Warning
from taktplan.storage.types import FormulaText, Quantity, enum_type

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        Decimal: Quantity(),
        DateFormula: FormulaText(),
        Replenishment: enum_type(Replenishment),
        ReorderingPolicy: enum_type(ReorderingPolicy),
        ManufacturingPolicy: enum_type(ManufacturingPolicy),
        DemandType: enum_type(DemandType),
        SupplyType: enum_type(SupplyType),
        SupplyStatus: enum_type(SupplyStatus),
        PlanningFlexibility: enum_type(PlanningFlexibility),
        PlanKind: enum_type(PlanKind),
        Action: enum_type(Action),
        Warning: enum_type(Warning),
        CostBasis: enum_type(CostBasis),
        dict[str, Any]: JSON(),
        dict[str, str]: JSON(),
        list[str]: JSON(),
    }
    metadata = MetaData(naming_convention=NAMING)


def _id() -> MappedColumn[int]:
    """The surrogate key, first column of its table."""
    return mapped_column(primary_key=True, sort_order=-2)


def _item_fk(*, cascade: bool = False) -> MappedColumn[str]:
    """``items.no``; only an item's own cards (BOM lines, SKUs) go when it is deleted."""
    return mapped_column(
        ForeignKey("items.no", ondelete="CASCADE" if cascade else None), sort_order=-1
    )


class SkuColumns:
    """Item, variant and location of a SKU-level row (blank variant/location = "")."""

    item_no: Mapped[str] = mapped_column(sort_order=-1)
    variant: Mapped[str] = mapped_column(default="", sort_order=-1)
    location_code: Mapped[str] = mapped_column(default="", sort_order=-1)


class ParameterColumns:
    """The fields of :class:`~taktplan.domain.item.PlanningParameters`, one column each."""

    replenishment: Mapped[Replenishment]
    reordering_policy: Mapped[ReorderingPolicy | None]
    lead_time: Mapped[DateFormula]
    safety_lead_time: Mapped[DateFormula]
    safety_stock: Mapped[Decimal]
    reorder_point: Mapped[Decimal]
    reorder_qty: Mapped[Decimal]
    max_inventory: Mapped[Decimal]
    overflow_level: Mapped[Decimal]
    time_bucket: Mapped[DateFormula]
    lot_accumulation_period: Mapped[DateFormula]
    rescheduling_period: Mapped[DateFormula]
    dampener_period: Mapped[DateFormula]
    dampener_qty: Mapped[Decimal]
    include_inventory: Mapped[bool]
    min_order_qty: Mapped[Decimal]
    max_order_qty: Mapped[Decimal]
    order_multiple: Mapped[Decimal]
    transfer_from: Mapped[str | None]
    transfer_shipping_time: Mapped[DateFormula]
    inbound_handling: Mapped[DateFormula]
    outbound_handling: Mapped[DateFormula]


# --- master data -------------------------------------------------------------


class LocationRecord(Base):
    __tablename__ = "locations"

    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(unique=True)
    inbound_handling: Mapped[DateFormula]
    outbound_handling: Mapped[DateFormula]


class ItemRecord(ParameterColumns, Base):
    __tablename__ = "items"

    id: Mapped[int] = _id()
    no: Mapped[str] = mapped_column(unique=True)
    scrap_pct: Mapped[Decimal]
    manufacturing_policy: Mapped[ManufacturingPolicy]
    unit_cost: Mapped[Decimal]
    lot_specific: Mapped[bool]
    # Added by revision 0003; the server defaults fill the rows it finds.
    standard_cost: Mapped[Decimal] = mapped_column(server_default="0")
    indirect_cost_pct: Mapped[Decimal] = mapped_column(server_default="0")
    overhead_rate: Mapped[Decimal] = mapped_column(server_default="0")
    attributes: Mapped[dict[str, str]] = mapped_column(server_default="{}")


class BomLineRecord(Base):
    """A production BOM line; ``line_no`` keeps the order of the item's BOM."""

    __tablename__ = "bom_lines"
    __table_args__ = (UniqueConstraint("parent_no", "line_no"),)

    id: Mapped[int] = _id()
    parent_no: Mapped[str] = _item_fk(cascade=True)
    line_no: Mapped[int]
    component_no: Mapped[str] = mapped_column(ForeignKey("items.no"), index=True)
    qty_per: Mapped[Decimal]
    scrap_pct: Mapped[Decimal]
    variant: Mapped[str]
    phantom: Mapped[bool]


class SkuRecord(SkuColumns, ParameterColumns, Base):
    """A stockkeeping unit card: full planning fields (already defaulted from the item)."""

    __tablename__ = "skus"
    __table_args__ = (UniqueConstraint("item_no", "variant", "location_code"),)

    id: Mapped[int] = _id()
    item_no: Mapped[str] = _item_fk(cascade=True)


class NonWorkingWeekday(Base):
    """A weekday of the work calendar that is not worked (0 = Monday)."""

    __tablename__ = "calendar_weekdays"

    weekday: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class Holiday(Base):
    __tablename__ = "calendar_holidays"

    date: Mapped[dt.date] = mapped_column(primary_key=True)


# --- the shop ----------------------------------------------------------------


class ShopCalendarRecord(Base):
    """A shop calendar; its shifts and holidays are rows of their own."""

    __tablename__ = "shop_calendars"

    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(unique=True)


def _calendar_fk() -> MappedColumn[str]:
    return mapped_column(ForeignKey("shop_calendars.code", ondelete="CASCADE"), sort_order=-1)


class ShopShiftRecord(Base):
    """A shift of a calendar's weekday (0 = Monday), in minutes after midnight."""

    __tablename__ = "shop_calendar_shifts"

    id: Mapped[int] = _id()
    calendar_code: Mapped[str] = _calendar_fk()
    weekday: Mapped[int]
    start_minute: Mapped[int]
    end_minute: Mapped[int]


class ShopHolidayRecord(Base):
    __tablename__ = "shop_calendar_holidays"
    __table_args__ = (UniqueConstraint("calendar_code", "date"),)

    id: Mapped[int] = _id()
    calendar_code: Mapped[str] = _calendar_fk()
    date: Mapped[dt.date]


class CenterColumns:
    """The settings of :class:`~taktplan.capacity.resources.CenterSettings`, one column each."""

    capacity: Mapped[Decimal]
    efficiency_pct: Mapped[Decimal]
    unit_cost: Mapped[Decimal]
    cost_basis: Mapped[CostBasis]
    indirect_cost_pct: Mapped[Decimal]
    overhead_rate: Mapped[Decimal]
    subcontractor: Mapped[str]
    queue_time: Mapped[int]
    critical_load_pct: Mapped[Decimal | None]
    dampener_pct: Mapped[Decimal]


class WorkCenterRecord(CenterColumns, Base):
    __tablename__ = "work_centers"

    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(unique=True, sort_order=-1)
    calendar_code: Mapped[str] = mapped_column(ForeignKey("shop_calendars.code"), sort_order=-1)


class MachineCenterRecord(CenterColumns, Base):
    __tablename__ = "machine_centers"

    id: Mapped[int] = _id()
    code: Mapped[str] = mapped_column(unique=True, sort_order=-1)
    work_center_code: Mapped[str] = mapped_column(ForeignKey("work_centers.code"), sort_order=-1)


class RoutingOperationRecord(Base):
    """An operation of an item's routing; ``line_no`` keeps the order of the routing."""

    __tablename__ = "routing_operations"
    __table_args__ = (
        UniqueConstraint("item_no", "line_no"),
        UniqueConstraint("item_no", "operation_no"),
    )

    id: Mapped[int] = _id()
    item_no: Mapped[str] = _item_fk(cascade=True)
    line_no: Mapped[int]
    operation_no: Mapped[str]
    resource: Mapped[str]
    setup_time: Mapped[Decimal]
    run_time: Mapped[Decimal]
    wait_time: Mapped[int]
    move_time: Mapped[int]
    alternatives: Mapped[list[str]]
    components: Mapped[list[str]]
    unit_cost_per: Mapped[Decimal | None]
    description: Mapped[str]


class ChangeoverRecord(Base):
    """A rule of the changeover matrix (``*`` matches any value)."""

    __tablename__ = "changeover_rules"

    id: Mapped[int] = _id()
    attribute: Mapped[str]
    from_value: Mapped[str]
    to_value: Mapped[str]
    minutes: Mapped[int]
    resource: Mapped[str]  # blank: every center


# --- transaction data --------------------------------------------------------


class InventoryRecord(SkuColumns, Base):
    __tablename__ = "inventory"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    item_no: Mapped[str] = _item_fk()
    qty: Mapped[Decimal]
    lot: Mapped[str | None]


class DemandRecord(SkuColumns, Base):
    """A demand line. Its document id is unique per type and item; forecast
    entries share their forecast's id, so the unique index leaves them out."""

    __tablename__ = "demand"
    __table_args__ = (
        Index(None, "item_no", "location_code"),
        Index(
            "uq_demand_type_document_id_item_no",
            "type",
            "document_id",
            "item_no",
            unique=True,
            sqlite_where=text("type <> 'forecast'"),
            postgresql_where=text("type <> 'forecast'"),
        ),
    )

    id: Mapped[int] = _id()
    type: Mapped[DemandType]
    document_id: Mapped[str]
    item_no: Mapped[str] = _item_fk()
    date: Mapped[dt.date]
    qty: Mapped[Decimal]
    reserved_qty: Mapped[Decimal]
    lot: Mapped[str | None]
    blanket_id: Mapped[str | None]
    component_forecast: Mapped[bool]
    parent: Mapped[str | None]
    order_to_order: Mapped[bool]


class SupplyRecord(SkuColumns, Base):
    """An existing order (purchase, production, assembly, transfer in); ids are unique."""

    __tablename__ = "supply"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    type: Mapped[SupplyType]
    document_id: Mapped[str] = mapped_column(unique=True)
    item_no: Mapped[str] = _item_fk()
    date: Mapped[dt.date]
    qty: Mapped[Decimal]
    status: Mapped[SupplyStatus]
    flexibility: Mapped[PlanningFlexibility]
    lot: Mapped[str | None]
    linked_demand: Mapped[str | None]
    reserved_qty: Mapped[Decimal]


class FinishedOrderRecord(SkuColumns, Base):
    """A production order that was finished: out of planning, kept as history."""

    __tablename__ = "finished_orders"

    id: Mapped[int] = _id()
    document_id: Mapped[str] = mapped_column(unique=True)
    item_no: Mapped[str]
    due_date: Mapped[dt.date]
    planned_qty: Mapped[Decimal]
    finished_qty: Mapped[Decimal]
    finished_on: Mapped[dt.date]


class ItemLedgerEntry(SkuColumns, Base):
    """A posted movement of stock: output of a finished order (+), consumption (-).

    Inventory holds the stock on hand; the ledger says how it got there.
    """

    __tablename__ = "item_ledger"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    entry_type: Mapped[str]
    document_id: Mapped[str] = mapped_column(index=True)
    item_no: Mapped[str]
    qty: Mapped[Decimal]
    posted_on: Mapped[dt.date]


# --- planning results --------------------------------------------------------


class PlanningRun(Base):
    """One stored plan: what was asked (options) and what came out (counts).

    ``started`` is in UTC without a time zone (SQLite keeps none).
    ``scope_skus`` is the number of SKUs a net change plan replaced; None for
    a regenerative plan, which replaces the whole worksheet.
    """

    __tablename__ = "planning_runs"

    id: Mapped[int] = _id()
    kind: Mapped[PlanKind]
    started: Mapped[dt.datetime]
    options: Mapped[dict[str, Any]]
    planned_skus: Mapped[int]
    line_count: Mapped[int]
    peg_count: Mapped[int]
    error_count: Mapped[int]
    stopped_early: Mapped[bool]
    scope_skus: Mapped[int | None]


class WorksheetLine(SkuColumns, Base):
    """A line of the planning worksheet; ``line_no`` is unique in the worksheet."""

    __tablename__ = "worksheet_lines"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    run_id: Mapped[int] = mapped_column(ForeignKey("planning_runs.id"), index=True)
    line_no: Mapped[int] = mapped_column(unique=True)
    item_no: Mapped[str]
    action: Mapped[Action]
    ref: Mapped[str | None]
    ref_type: Mapped[str]
    due_date: Mapped[dt.date]
    qty: Mapped[Decimal]
    starting_date: Mapped[dt.date]
    ending_date: Mapped[dt.date]
    original_due_date: Mapped[dt.date | None]
    original_qty: Mapped[Decimal | None]
    warning: Mapped[Warning | None]
    warning_text: Mapped[str]
    accept_action_message: Mapped[bool]
    replenishment: Mapped[Replenishment]
    explanation: Mapped[list[str]]
    supply_id: Mapped[str]
    # The referenced order as the plan saw it: carrying out refuses the line
    # when the stored order no longer matches (someone changed it since).
    ref_date: Mapped[dt.date | None]
    ref_qty: Mapped[Decimal | None]


class PegRecord(SkuColumns, Base):
    """Pegging: part of a supply that serves one demand (see planning.result.Peg)."""

    __tablename__ = "pegging"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    run_id: Mapped[int] = mapped_column(ForeignKey("planning_runs.id"), index=True)
    item_no: Mapped[str]
    supply: Mapped[str] = mapped_column(index=True)
    supply_type: Mapped[str]
    demand: Mapped[str] = mapped_column(index=True)
    demand_type: Mapped[str]
    qty: Mapped[Decimal]
    feeds: Mapped[str | None]


class ErrorLogRecord(SkuColumns, Base):
    __tablename__ = "error_log"
    __table_args__ = (Index(None, "item_no", "location_code"),)

    id: Mapped[int] = _id()
    run_id: Mapped[int] = mapped_column(ForeignKey("planning_runs.id"), index=True)
    item_no: Mapped[str]
    message: Mapped[str]


class AssignmentRecord(SkuColumns, Base):
    """A SKU flagged for the next net change plan, with every reason found so far."""

    __tablename__ = "planning_assignments"
    __table_args__ = (UniqueConstraint("item_no", "variant", "location_code"),)

    id: Mapped[int] = _id()
    item_no: Mapped[str]
    reasons: Mapped[list[str]]


# --- production schedule -----------------------------------------------------


class ScheduleRun(Base):
    """The stored production schedule's header (one row: ``takt schedule`` replaces it)."""

    __tablename__ = "schedule_runs"

    id: Mapped[int] = _id()
    method: Mapped[str]
    start_minute: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[dt.datetime]
    changeover_minutes: Mapped[int]
    solver: Mapped[dict[str, Any] | None]


class ScheduledOperationRecord(Base):
    """One scheduled operation: where and when it runs, minute by minute."""

    __tablename__ = "scheduled_operations"
    __table_args__ = (UniqueConstraint("order_id", "step"),)

    id: Mapped[int] = _id()
    run_id: Mapped[int] = mapped_column(ForeignKey("schedule_runs.id"))
    order_id: Mapped[str]
    item_no: Mapped[str]
    qty: Mapped[Decimal]
    step: Mapped[int]
    operation: Mapped[str]
    resource: Mapped[str] = mapped_column(index=True)
    setup_minutes: Mapped[int]
    run_minutes: Mapped[int]
    start_minute: Mapped[int] = mapped_column(BigInteger)
    end_minute: Mapped[int] = mapped_column(BigInteger)
    pieces: Mapped[list[list[int]]] = mapped_column(JSON)
    changeover: Mapped[list[list[int]]] = mapped_column(JSON)

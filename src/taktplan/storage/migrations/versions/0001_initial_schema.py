"""Initial schema: master data, documents, calendar, planning runs and worksheet.

Revision ID: 0001
Revises:
Created: 2026-11-23

Written out in full (no imports from taktplan) so that the revision keeps
creating this exact schema whatever the models become later. Column types
match taktplan.storage.types: a quantity is NUMERIC (exact) on PostgreSQL and
its text on SQLite, an enum value and a date formula are VARCHAR.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

QTY = sa.Numeric().with_variant(sa.String(), "sqlite")
ENUM = sa.String(32)
FORMULA = sa.String()


def _table(name: str, *elements: SchemaItem, key: str = "id") -> None:
    """Create a table; its key is an integer ``id`` unless ``key`` names another column."""
    head = [sa.Column("id", sa.Integer(), nullable=False)] if key == "id" else []
    op.create_table(name, *head, *elements, sa.PrimaryKeyConstraint(key, name=f"pk_{name}"))


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=f"uq_{table}_{'_'.join(columns)}")


def _item(table: str, *, cascade: bool = False) -> sa.Column[str]:
    """``item_no`` referring to ``items.no`` (only BOM lines and SKUs cascade)."""
    return sa.Column(
        "item_no",
        sa.String(),
        sa.ForeignKey(
            "items.no", name=f"fk_{table}_item_no_items", ondelete="CASCADE" if cascade else None
        ),
        nullable=False,
    )


def _sku(item: sa.Column[str] | None = None) -> list[sa.Column[str]]:
    return [
        item if item is not None else sa.Column("item_no", sa.String(), nullable=False),
        sa.Column("variant", sa.String(), nullable=False),
        sa.Column("location_code", sa.String(), nullable=False),
    ]


def _parameters() -> list[sa.Column[Any]]:
    """The planning fields shared by the item card and the SKU card."""
    formulas = (
        "lead_time",
        "safety_lead_time",
        "time_bucket",
        "lot_accumulation_period",
        "rescheduling_period",
        "dampener_period",
        "transfer_shipping_time",
        "inbound_handling",
        "outbound_handling",
    )
    quantities = (
        "safety_stock",
        "reorder_point",
        "reorder_qty",
        "max_inventory",
        "overflow_level",
        "dampener_qty",
        "min_order_qty",
        "max_order_qty",
        "order_multiple",
    )
    return [
        sa.Column("replenishment", ENUM, nullable=False),
        sa.Column("reordering_policy", ENUM, nullable=True),
        *(sa.Column(name, FORMULA, nullable=False) for name in formulas),
        *(sa.Column(name, QTY, nullable=False) for name in quantities),
        sa.Column("include_inventory", sa.Boolean(), nullable=False),
        sa.Column("transfer_from", sa.String(), nullable=True),
    ]


def _run(table: str) -> sa.Column[int]:
    run = sa.ForeignKey("planning_runs.id", name=f"fk_{table}_run_id_planning_runs")
    return sa.Column("run_id", sa.Integer(), run, nullable=False)


def upgrade() -> None:
    _master_data()
    _documents()
    _planning()


def _master_data() -> None:
    _table(
        "locations",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("inbound_handling", FORMULA, nullable=False),
        sa.Column("outbound_handling", FORMULA, nullable=False),
        _unique("locations", "code"),
    )
    _table(
        "items",
        sa.Column("no", sa.String(), nullable=False),
        sa.Column("scrap_pct", QTY, nullable=False),
        sa.Column("manufacturing_policy", ENUM, nullable=False),
        sa.Column("unit_cost", QTY, nullable=False),
        sa.Column("lot_specific", sa.Boolean(), nullable=False),
        *_parameters(),
        _unique("items", "no"),
    )
    _table(
        "bom_lines",
        sa.Column(
            "parent_no",
            sa.String(),
            sa.ForeignKey("items.no", name="fk_bom_lines_parent_no_items", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column(
            "component_no",
            sa.String(),
            sa.ForeignKey("items.no", name="fk_bom_lines_component_no_items"),
            nullable=False,
        ),
        sa.Column("qty_per", QTY, nullable=False),
        sa.Column("scrap_pct", QTY, nullable=False),
        sa.Column("variant", sa.String(), nullable=False),
        sa.Column("phantom", sa.Boolean(), nullable=False),
        _unique("bom_lines", "parent_no", "line_no"),
    )
    op.create_index(op.f("ix_bom_lines_component_no"), "bom_lines", ["component_no"])
    _table(
        "skus",
        *_sku(_item("skus", cascade=True)),
        *_parameters(),
        _unique("skus", "item_no", "variant", "location_code"),
    )
    _table(
        "calendar_weekdays",
        sa.Column("weekday", sa.Integer(), nullable=False, autoincrement=False),
        key="weekday",
    )
    _table("calendar_holidays", sa.Column("date", sa.Date(), nullable=False), key="date")


def _documents() -> None:
    _table(
        "inventory",
        *_sku(_item("inventory")),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("lot", sa.String(), nullable=True),
    )
    _table(
        "demand",
        *_sku(_item("demand")),
        sa.Column("type", ENUM, nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("reserved_qty", QTY, nullable=False),
        sa.Column("lot", sa.String(), nullable=True),
        sa.Column("blanket_id", sa.String(), nullable=True),
        sa.Column("component_forecast", sa.Boolean(), nullable=False),
        sa.Column("parent", sa.String(), nullable=True),
        sa.Column("order_to_order", sa.Boolean(), nullable=False),
    )
    # Forecast entries share their forecast's id: the document key leaves them out.
    op.create_index(
        "uq_demand_type_document_id_item_no",
        "demand",
        ["type", "document_id", "item_no"],
        unique=True,
        sqlite_where=sa.text("type <> 'forecast'"),
        postgresql_where=sa.text("type <> 'forecast'"),
    )
    _table(
        "supply",
        *_sku(_item("supply")),
        sa.Column("type", ENUM, nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("flexibility", ENUM, nullable=False),
        sa.Column("lot", sa.String(), nullable=True),
        sa.Column("linked_demand", sa.String(), nullable=True),
        sa.Column("reserved_qty", QTY, nullable=False),
        _unique("supply", "document_id"),
    )
    for table in ("inventory", "demand", "supply"):
        op.create_index(
            op.f(f"ix_{table}_item_no_location_code"), table, ["item_no", "location_code"]
        )


def _planning() -> None:
    _table(
        "planning_runs",
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("planned_skus", sa.Integer(), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("peg_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("stopped_early", sa.Boolean(), nullable=False),
        sa.Column("scope_skus", sa.Integer(), nullable=True),
    )
    _table(
        "worksheet_lines",
        *_sku(),
        _run("worksheet_lines"),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("action", ENUM, nullable=False),
        sa.Column("ref", sa.String(), nullable=True),
        sa.Column("ref_type", sa.String(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("starting_date", sa.Date(), nullable=False),
        sa.Column("ending_date", sa.Date(), nullable=False),
        sa.Column("original_due_date", sa.Date(), nullable=True),
        sa.Column("original_qty", QTY, nullable=True),
        sa.Column("warning", ENUM, nullable=True),
        sa.Column("warning_text", sa.String(), nullable=False),
        sa.Column("accept_action_message", sa.Boolean(), nullable=False),
        sa.Column("replenishment", ENUM, nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("supply_id", sa.String(), nullable=False),
        _unique("worksheet_lines", "line_no"),
    )
    _table(
        "pegging",
        *_sku(),
        _run("pegging"),
        sa.Column("supply", sa.String(), nullable=False),
        sa.Column("supply_type", sa.String(), nullable=False),
        sa.Column("demand", sa.String(), nullable=False),
        sa.Column("demand_type", sa.String(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("feeds", sa.String(), nullable=True),
    )
    op.create_index(op.f("ix_pegging_supply"), "pegging", ["supply"])
    op.create_index(op.f("ix_pegging_demand"), "pegging", ["demand"])
    _table(
        "error_log",
        *_sku(),
        _run("error_log"),
        sa.Column("message", sa.String(), nullable=False),
    )
    for table in ("worksheet_lines", "pegging", "error_log"):
        op.create_index(
            op.f(f"ix_{table}_item_no_location_code"), table, ["item_no", "location_code"]
        )
        op.create_index(op.f(f"ix_{table}_run_id"), table, ["run_id"])
    _table(
        "planning_assignments",
        *_sku(),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.UniqueConstraint("item_no", "variant", "location_code"),
    )


def downgrade() -> None:
    for table in (
        "planning_assignments",
        "error_log",
        "pegging",
        "worksheet_lines",
        "planning_runs",
        "supply",
        "demand",
        "inventory",
        "calendar_holidays",
        "calendar_weekdays",
        "skus",
        "bom_lines",
        "items",
        "locations",
    ):
        op.drop_table(table)

"""The shop: calendars with shifts and holidays, work and machine centers, routings,
changeover rules; cost fields and attributes on items.

Revision ID: 0003
Revises: 0002
Created: 2026-11-24

Written out in full like revisions 0001 and 0002. Items get their new
columns with server defaults (0 and an empty JSON object), so the rows of a
database at 0002 come through with no cost fields and no attributes. The
columns are added and dropped in place (SQLite has ``ADD COLUMN`` and, since
3.35, ``DROP COLUMN``): copying the items table, as a batch operation would,
is not safe while bills of material and SKUs refer to it with ``ON DELETE
CASCADE``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

QTY = sa.Numeric().with_variant(sa.String(), "sqlite")
ENUM = sa.String(32)

ITEM_COLUMNS = ("standard_cost", "indirect_cost_pct", "overhead_rate", "attributes")


def _table(name: str, *elements: SchemaItem) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *elements,
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=f"uq_{table}_{'_'.join(columns)}")


def _calendar(table: str, *, cascade: bool = True) -> sa.Column[str]:
    """``calendar_code`` referring to ``shop_calendars.code``."""
    return sa.Column(
        "calendar_code",
        sa.String(),
        sa.ForeignKey(
            "shop_calendars.code",
            name=f"fk_{table}_calendar_code_shop_calendars",
            ondelete="CASCADE" if cascade else None,
        ),
        nullable=False,
    )


def _center_settings() -> list[sa.Column[Any]]:
    """What work and machine centers share: capacity, efficiency, cost, queue, loading."""
    return [
        sa.Column("capacity", QTY, nullable=False),
        sa.Column("efficiency_pct", QTY, nullable=False),
        sa.Column("unit_cost", QTY, nullable=False),
        sa.Column("cost_basis", ENUM, nullable=False),
        sa.Column("indirect_cost_pct", QTY, nullable=False),
        sa.Column("overhead_rate", QTY, nullable=False),
        sa.Column("subcontractor", sa.String(), nullable=False),
        sa.Column("queue_time", sa.Integer(), nullable=False),
        sa.Column("critical_load_pct", QTY, nullable=True),
        sa.Column("dampener_pct", QTY, nullable=False),
    ]


def upgrade() -> None:
    _calendars()
    _centers()
    _routings()
    for name in ITEM_COLUMNS[:3]:
        op.add_column("items", sa.Column(name, QTY, server_default="0", nullable=False))
    op.add_column("items", sa.Column("attributes", sa.JSON(), server_default="{}", nullable=False))


def _calendars() -> None:
    _table(
        "shop_calendars",
        sa.Column("code", sa.String(), nullable=False),
        _unique("shop_calendars", "code"),
    )
    _table(
        "shop_calendar_shifts",
        _calendar("shop_calendar_shifts"),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.Integer(), nullable=False),
        sa.Column("end_minute", sa.Integer(), nullable=False),
    )
    _table(
        "shop_calendar_holidays",
        _calendar("shop_calendar_holidays"),
        sa.Column("date", sa.Date(), nullable=False),
        _unique("shop_calendar_holidays", "calendar_code", "date"),
    )


def _centers() -> None:
    _table(
        "work_centers",
        sa.Column("code", sa.String(), nullable=False),
        _calendar("work_centers", cascade=False),
        *_center_settings(),
        _unique("work_centers", "code"),
    )
    _table(
        "machine_centers",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column(
            "work_center_code",
            sa.String(),
            sa.ForeignKey(
                "work_centers.code", name="fk_machine_centers_work_center_code_work_centers"
            ),
            nullable=False,
        ),
        *_center_settings(),
        _unique("machine_centers", "code"),
    )


def _routings() -> None:
    _table(
        "routing_operations",
        sa.Column(
            "item_no",
            sa.String(),
            sa.ForeignKey(
                "items.no", name="fk_routing_operations_item_no_items", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("operation_no", sa.String(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("setup_time", QTY, nullable=False),
        sa.Column("run_time", QTY, nullable=False),
        sa.Column("wait_time", sa.Integer(), nullable=False),
        sa.Column("move_time", sa.Integer(), nullable=False),
        sa.Column("alternatives", sa.JSON(), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("unit_cost_per", QTY, nullable=True),
        sa.Column("description", sa.String(), nullable=False),
        _unique("routing_operations", "item_no", "line_no"),
        _unique("routing_operations", "item_no", "operation_no"),
    )
    _table(
        "changeover_rules",
        sa.Column("attribute", sa.String(), nullable=False),
        sa.Column("from_value", sa.String(), nullable=False),
        sa.Column("to_value", sa.String(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for name in reversed(ITEM_COLUMNS):
        op.drop_column("items", name)
    for table in (
        "changeover_rules",
        "routing_operations",
        "machine_centers",
        "work_centers",
        "shop_calendar_holidays",
        "shop_calendar_shifts",
        "shop_calendars",
    ):
        op.drop_table(table)

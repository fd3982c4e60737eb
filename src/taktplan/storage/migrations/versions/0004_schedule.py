"""The production schedule: the latest schedule run and its operations.

Revision ID: 0004
Revises: 0003
Created: 2026-11-23

``takt schedule`` replaces the stored schedule as a whole: one row in
``schedule_runs`` (method, start, solver figures) and one row per scheduled
operation with its working pieces and changeover. Times are minutes counted
from 0001-01-01 (day ordinal x 1440 + minute of the day). Written out in full
like revision 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

QTY = sa.Numeric().with_variant(sa.String(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "schedule_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("start_minute", sa.BigInteger(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("changeover_minutes", sa.Integer(), nullable=False),
        sa.Column("solver", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_schedule_runs"),
    )
    op.create_table(
        "scheduled_operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(), nullable=False),
        sa.Column("item_no", sa.String(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(), nullable=False),
        sa.Column("resource", sa.String(), nullable=False),
        sa.Column("setup_minutes", sa.Integer(), nullable=False),
        sa.Column("run_minutes", sa.Integer(), nullable=False),
        sa.Column("start_minute", sa.BigInteger(), nullable=False),
        sa.Column("end_minute", sa.BigInteger(), nullable=False),
        sa.Column("pieces", sa.JSON(), nullable=False),
        sa.Column("changeover", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["schedule_runs.id"], name="fk_scheduled_operations_run_id_schedule_runs"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_scheduled_operations"),
        sa.UniqueConstraint("order_id", "step", name="uq_scheduled_operations_order_id_step"),
    )
    op.create_index("ix_scheduled_operations_resource", "scheduled_operations", ["resource"])


def downgrade() -> None:
    op.drop_index("ix_scheduled_operations_resource", table_name="scheduled_operations")
    op.drop_table("scheduled_operations")
    op.drop_table("schedule_runs")

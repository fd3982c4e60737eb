"""Production order history (finished orders, item ledger) and carry-out checks.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23

Finished production orders leave the supply table for ``finished_orders``;
their output and the components they consumed are posted to ``item_ledger``.
Worksheet lines remember the date and quantity of the order they change as
the plan saw it (``ref_date``, ``ref_qty``), so carrying out can refuse a line
whose order was changed since. Written out in full like revision 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

QTY = sa.Numeric().with_variant(sa.String(), "sqlite")


def _sku_columns() -> list[sa.Column[str]]:
    return [
        sa.Column("item_no", sa.String(), nullable=False),
        sa.Column("variant", sa.String(), nullable=False),
        sa.Column("location_code", sa.String(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "finished_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        *_sku_columns(),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("planned_qty", QTY, nullable=False),
        sa.Column("finished_qty", QTY, nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_finished_orders"),
        sa.UniqueConstraint("document_id", name="uq_finished_orders_document_id"),
    )
    op.create_table(
        "item_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        *_sku_columns(),
        sa.Column("entry_type", sa.String(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("qty", QTY, nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_item_ledger"),
    )
    op.create_index("ix_item_ledger_document_id", "item_ledger", ["document_id"])
    op.create_index(
        "ix_item_ledger_item_no_location_code", "item_ledger", ["item_no", "location_code"]
    )
    with op.batch_alter_table("worksheet_lines") as batch:
        batch.add_column(sa.Column("ref_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ref_qty", QTY, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("worksheet_lines") as batch:
        batch.drop_column("ref_qty")
        batch.drop_column("ref_date")
    op.drop_index("ix_item_ledger_item_no_location_code", table_name="item_ledger")
    op.drop_index("ix_item_ledger_document_id", table_name="item_ledger")
    op.drop_table("item_ledger")
    op.drop_table("finished_orders")

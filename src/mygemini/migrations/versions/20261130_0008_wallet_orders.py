"""wallet orders: one row per attempt to buy stars (docs/adr/0010-payments.md)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:51:14.493836
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mygemini.models.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wallet_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partner_order_id", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("package_id", sa.String(length=32), nullable=False),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("price_krw", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tid", sa.String(length=64), nullable=True),
        sa.Column("redirect_url", sa.String(length=1024), nullable=True),
        sa.Column("redirect_mobile_url", sa.String(length=1024), nullable=True),
        sa.Column("approved_amount", sa.Integer(), nullable=True),
        sa.Column("approved_at", mygemini.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("settled_at", mygemini.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("provider_cancel_amount", sa.Integer(), nullable=True),
        sa.Column(
            "provider_cancelled_at", mygemini.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "created_at",
            mygemini.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_wallet_orders_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_orders")),
        sa.UniqueConstraint("partner_order_id", name=op.f("uq_wallet_orders_partner_order_id")),
    )
    with op.batch_alter_table("wallet_orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_wallet_orders_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index("ix_wallet_orders_user_page", ["user_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wallet_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_wallet_orders_user_page")
        batch_op.drop_index("ix_wallet_orders_status_created")

    op.drop_table("wallet_orders")

"""generation sent_at: queued jobs whose message the broker never accepted are sent again

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mygemini.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sent_at", mygemini.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("sent_epoch", sa.String(length=64), nullable=True))
    # Jobs queued before now start unsent: they are sent once more, and duplicates are harmless.


def downgrade() -> None:
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.drop_column("sent_epoch")
        batch_op.drop_column("sent_at")

"""generation purpose + ref: the job row names what it is for, not which four-cut it feeds

`kind` becomes `purpose` (same values); a four-cut frame's `fourcut_id`/`frame` become its
`ref` "<fourcut id>/<frame>" (docs/adr/0007-generation-pipeline.md).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            new_column_name="purpose",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            existing_server_default=sa.text("'portrait'"),
        )
        batch_op.add_column(sa.Column("ref", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE generations SET ref = CAST(fourcut_id AS VARCHAR(20)) || '/' || "
        "CAST(COALESCE(frame, 0) AS VARCHAR(20)) WHERE fourcut_id IS NOT NULL"
    )
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.drop_constraint("fk_generations_fourcut_id_fourcuts", type_="foreignkey")
        batch_op.drop_column("frame")
        batch_op.drop_column("fourcut_id")
        batch_op.create_index("ix_generations_purpose_ref", ["purpose", "ref"], unique=False)


_ORPHANS_PG = (
    "DELETE FROM generations WHERE purpose = 'fourcut_frame' AND ref IS NOT NULL "
    "AND CAST(split_part(ref, '/', 1) AS INTEGER) NOT IN (SELECT id FROM fourcuts)"
)
_ORPHANS_SQLITE = (
    "DELETE FROM generations WHERE purpose = 'fourcut_frame' AND ref IS NOT NULL "
    "AND CAST(substr(ref, 1, instr(ref, '/') - 1) AS INTEGER) NOT IN (SELECT id FROM fourcuts)"
)
_SPLIT_PG = (
    "UPDATE generations SET fourcut_id = CAST(split_part(ref, '/', 1) AS INTEGER), "
    "frame = CAST(split_part(ref, '/', 2) AS INTEGER) "
    "WHERE purpose = 'fourcut_frame' AND ref IS NOT NULL"
)
_SPLIT_SQLITE = (
    "UPDATE generations SET fourcut_id = CAST(substr(ref, 1, instr(ref, '/') - 1) AS INTEGER), "
    "frame = CAST(substr(ref, instr(ref, '/') + 1) AS INTEGER) "
    "WHERE purpose = 'fourcut_frame' AND ref IS NOT NULL"
)


def downgrade() -> None:
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.drop_index("ix_generations_purpose_ref")
        batch_op.add_column(sa.Column("fourcut_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("frame", sa.Integer(), nullable=True))
    # Frames whose four-cut is gone would break the foreign key: they go with it, as before.
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute(_ORPHANS_PG if postgresql else _ORPHANS_SQLITE)
    op.execute(_SPLIT_PG if postgresql else _SPLIT_SQLITE)
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_generations_fourcut_id_fourcuts",
            "fourcuts",
            ["fourcut_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_column("ref")
        batch_op.alter_column(
            "purpose",
            new_column_name="kind",
            existing_type=sa.String(length=16),
            existing_nullable=False,
            existing_server_default=sa.text("'portrait'"),
        )

"""gallery discovery: the attribute index and name search behind the feed's filters, saves, and
no owner's like counted

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-30 17:00:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import mygemini.models.base

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Created only on PostgreSQL where pg_trgm can be installed; the models leave it out and the
# drift check skips it by name (migrations/env.py).
NAME_INDEX = "ix_geminis_name_trgm"
_SLUG_MAX = 40
_BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "gemini_attributes",
        sa.Column("gemini_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("option", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["gemini_id"],
            ["geminis.id"],
            name=op.f("fk_gemini_attributes_gemini_id_geminis"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gemini_id", "category", name=op.f("pk_gemini_attributes")),
    )
    with op.batch_alter_table("gemini_attributes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_gemini_attributes_lookup", ["category", "option", "gemini_id"], unique=False
        )

    op.create_table(
        "saves",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("gemini_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            mygemini.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["gemini_id"],
            ["geminis.id"],
            name=op.f("fk_saves_gemini_id_geminis"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saves_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "gemini_id", name=op.f("pk_saves")),
    )
    with op.batch_alter_table("saves", schema=None) as batch_op:
        batch_op.create_index("ix_saves_gemini", ["gemini_id"], unique=False)
        batch_op.create_index(
            "ix_saves_user_page", ["user_id", "created_at", "gemini_id"], unique=False
        )

    _index_existing_recipes()
    _drop_owners_likes()
    _name_search_index()


def _attributes(recipe: Any) -> list[tuple[str, str]]:
    if isinstance(recipe, str):
        recipe = json.loads(recipe)
    attributes = recipe.get("attributes") if isinstance(recipe, dict) else None
    if not isinstance(attributes, dict):
        return []
    return [
        (k, v)
        for k, v in attributes.items()
        if isinstance(k, str) and isinstance(v, str) and 0 < len(k) <= _SLUG_MAX >= len(v) > 0
    ]


def _index_existing_recipes() -> None:
    """Every gemini already drawn gets its rows in the attribute index, in batches by id."""
    bind = op.get_bind()
    geminis = sa.table("geminis", sa.column("id", sa.Integer), sa.column("recipe", sa.JSON))
    rows_table = sa.table(
        "gemini_attributes",
        sa.column("gemini_id", sa.Integer),
        sa.column("category", sa.String),
        sa.column("option", sa.String),
    )
    after = 0
    while True:
        batch = bind.execute(
            sa.select(geminis.c.id, geminis.c.recipe)
            .where(geminis.c.id > after)
            .order_by(geminis.c.id)
            .limit(_BATCH)
        ).all()
        if not batch:
            return
        rows = [
            {"gemini_id": gid, "category": c, "option": o}
            for gid, recipe in batch
            for c, o in _attributes(recipe)
        ]
        if rows:
            bind.execute(rows_table.insert(), rows)
        after = batch[-1][0]


def _drop_owners_likes() -> None:
    """Owners may no longer like their own geminis: the likes they gave before go, and the
    counts they lifted come down (docs/adr/0013-gallery-discovery.md)."""
    bind = op.get_bind()
    owned = sa.text(
        "SELECT likes.gemini_id FROM likes JOIN geminis ON geminis.id = likes.gemini_id"
        " WHERE likes.user_id = geminis.owner_id"
    )
    touched = [r[0] for r in bind.execute(owned)]
    if not touched:
        return
    bind.execute(
        sa.text(
            "DELETE FROM likes WHERE id IN (SELECT likes.id FROM likes JOIN geminis"
            " ON geminis.id = likes.gemini_id WHERE likes.user_id = geminis.owner_id)"
        )
    )
    for gid in touched:
        bind.execute(
            sa.text(
                "UPDATE geminis SET like_count ="
                " (SELECT count(*) FROM likes WHERE likes.gemini_id = :gid) WHERE id = :gid"
            ),
            {"gid": gid},
        )


def _name_search_index() -> None:
    """A trigram index for `lower(name) LIKE '%text%'` (Korean included) where pg_trgm can be
    installed; without it (SQLite, or a PostgreSQL that refuses) name search scans the feed's
    rows, which the other filters and the page size bound."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).first()
    if available is None:
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return  # not allowed to install it here: the documented fallback
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME_INDEX} ON geminis USING gin (lower(name) gin_trgm_ops)"
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {NAME_INDEX}")
    with op.batch_alter_table("saves", schema=None) as batch_op:
        batch_op.drop_index("ix_saves_user_page")
        batch_op.drop_index("ix_saves_gemini")
    op.drop_table("saves")
    with op.batch_alter_table("gemini_attributes", schema=None) as batch_op:
        batch_op.drop_index("ix_gemini_attributes_lookup")
    op.drop_table("gemini_attributes")
    # The owners' likes removed on the way up are not restored.

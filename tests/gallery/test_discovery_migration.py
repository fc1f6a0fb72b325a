"""Migration 0011 indexes the geminis drawn before it (looks and names) and takes back the likes
owners gave their own geminis, with the counts they lifted."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from mygemini.migrations import alembic_config

_BEFORE = [
    "INSERT INTO users (id, email, nickname, nickname_key, updated_at)"
    " VALUES (1, 'a@x.io', 'ara', 'ara', CURRENT_TIMESTAMP),"
    " (2, 'b@x.io', 'bo', 'bo', CURRENT_TIMESTAMP)",
    "INSERT INTO geminis (id, owner_id, image_key, thumbnail_key, recipe, seed, backend, model,"
    " width, height, visibility, name, like_count)"
    """ VALUES (1, 1, 'i', 't', '{"attributes": {"hair_color": "pink", "costume": "hanbok"}}',"""
    " 1, 'noop', 'none', 512, 680, 'public', 'Star 별', 2)",
    "INSERT INTO likes (user_id, gemini_id) VALUES (1, 1), (2, 1)",
]


async def _run(url: str, statements: list[str]) -> list[list[tuple[object, ...]]]:
    engine = create_async_engine(url)
    out = []
    async with engine.begin() as conn:
        for statement in statements:
            result = await conn.execute(text(statement))
            out.append([tuple(r) for r in result.all()] if result.returns_rows else [])
    await engine.dispose()
    return out


def test_existing_geminis_are_indexed_and_owners_likes_dropped(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    cfg = alembic_config(url)
    command.upgrade(cfg, "0009")
    asyncio.run(_run(url, _BEFORE))
    command.upgrade(cfg, "head")
    looks, grams, likes, count = asyncio.run(
        _run(
            url,
            [
                "SELECT category, option FROM gemini_attributes ORDER BY category",
                "SELECT gram FROM gemini_name_grams ORDER BY gram",
                "SELECT user_id FROM likes",
                "SELECT like_count FROM geminis",
            ],
        )
    )
    assert looks == [("costume", "hanbok"), ("hair_color", "pink")]
    assert sorted(str(g) for (g,) in grams) == sorted(
        ["s", "t", "a", "r", "별", "st", "ta", "ar", "r ", " 별"]
    )
    assert likes == [(2,)] and count == [(1,)]

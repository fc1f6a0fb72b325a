"""The PostgreSQL pool keeps every connection it opens (core/db.py): no overflow connections,
which were closed as soon as they were given back, so a steady load above the pool size
connected and disconnected again and again."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import literal, select

from mygemini.core.db import POOL_SIZE, Database


async def test_the_pool_opens_no_connections_it_would_close_again() -> None:
    db = Database("postgresql+asyncpg://nobody@127.0.0.1:1/nothing")  # never connected
    try:
        pool: Any = db.engine.sync_engine.pool
        assert pool.size() == POOL_SIZE == 20
        assert pool._max_overflow == 0
    finally:
        await db.dispose()


async def test_a_plain_read_never_waits_for_the_units_of_works_pool(database_url: str) -> None:
    """Requests that hold a unit of work and read a page on the side (a ranking's cards) must not
    starve each other: with every unit-of-work connection taken, a read still goes through."""
    db = Database(database_url)
    pool: Any = db.engine.sync_engine.pool
    held: list[Any] = []
    try:
        for _ in range(pool.size() + pool._max_overflow):
            cm = db.read_only()
            uow = await cm.__aenter__()
            await uow.session.execute(select(literal(1)))
            held.append(cm)
        rows = await asyncio.wait_for(db.read_rows(select(literal(7).label("n"))), 10)
        assert [r["n"] for r in rows] == [7]
    finally:
        for cm in held:
            await cm.__aexit__(None, None, None)
        await db.dispose()

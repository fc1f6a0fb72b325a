"""The PostgreSQL pool keeps every connection it opens (core/db.py): no overflow connections,
which were closed as soon as they were given back, so a steady load above the pool size
connected and disconnected again and again."""

from __future__ import annotations

from typing import Any

from mygemini.core.db import POOL_SIZE, Database


async def test_the_pool_opens_no_connections_it_would_close_again() -> None:
    db = Database("postgresql+asyncpg://nobody@127.0.0.1:1/nothing")  # never connected
    try:
        pool: Any = db.engine.sync_engine.pool
        assert pool.size() == POOL_SIZE == 20
        assert pool._max_overflow == 0
    finally:
        await db.dispose()

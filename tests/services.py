"""Exit 0 when the PostgreSQL and Redis given on the command line answer; say why not otherwise."""

from __future__ import annotations

import asyncio
import sys

import asyncpg
import redis.asyncio as redis


async def main(pg_url: str, redis_url: str) -> int:
    dsn = pg_url.replace("postgresql+asyncpg://", "postgresql://")
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
        await conn.close()
    except Exception as exc:
        print(f"PostgreSQL at {dsn} is not reachable: {exc}")
        return 1
    try:
        client = redis.Redis.from_url(redis_url)
        await client.ping()
        await client.aclose()
    except Exception as exc:
        print(f"Redis at {redis_url} is not reachable: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))

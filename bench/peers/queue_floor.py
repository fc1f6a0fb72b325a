"""The job queue's floor: taskiq's Redis stream broker alone, each no-op job one PostgreSQL
transaction (an UPDATE of its row). What the broker and the database cost before any of ours.

    python bench/peers/queue_floor.py worker REDIS_URL STREAM DSN CONCURRENCY
    (queue_bench.py starts the workers, sends the jobs and times them)
"""

from __future__ import annotations

import asyncio
import sys

import asyncpg
from taskiq.api import run_receiver_task
from taskiq_redis import RedisStreamBroker


def broker(redis_url: str, stream: str) -> RedisStreamBroker:
    return RedisStreamBroker(
        redis_url, queue_name=stream, consumer_group_name="floor", xread_count=1
    )


async def work(redis_url: str, stream: str, dsn: str, concurrency: int) -> None:
    b = broker(redis_url, stream)
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=concurrency)

    @b.task(task_name="floor.job")
    async def job(job_id: int) -> None:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("UPDATE floor_jobs SET done = true WHERE id = $1", job_id)

    await b.startup()
    print("floor worker ready", flush=True)
    await run_receiver_task(b, max_async_tasks=concurrency)


if __name__ == "__main__":
    _, _, url, stream, dsn, concurrency = sys.argv
    asyncio.run(work(url, stream, dsn, int(concurrency)))

"""The per-person command rate: bursts of `burst`, then `rate` a second — in process with a
driven clock, and in Redis (shared by API processes) when the scaled-out pass has it."""

from __future__ import annotations

import pytest
import redis.asyncio as redis

from mygemini.core.ratelimit import MemoryTokenBucket, RedisTokenBucket


async def test_a_burst_then_the_sustained_rate() -> None:
    now = [100.0]
    bucket = MemoryTokenBucket(20, 5.0, clock=lambda: now[0])
    assert [await bucket.take("p") for _ in range(20)] == [0] * 20
    assert await bucket.take("p") == 1  # empty: a token in 0.2 s, said as 1 s
    assert await bucket.take("someone else") == 0
    now[0] += 1.0  # five tokens back
    assert [await bucket.take("p") for _ in range(6)] == [0] * 5 + [1]
    now[0] += 60.0  # never more than the burst
    assert [await bucket.take("p") for _ in range(21)].count(0) == 20


async def test_the_redis_bucket_is_shared_and_refuses_past_the_burst(redis_url: str) -> None:
    if not redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    client = redis.Redis.from_url(redis_url)
    try:
        # Two processes' buckets on one Redis: one budget.
        one = RedisTokenBucket(client, 20, 0.001, "test:bucket:")
        two = RedisTokenBucket(client, 20, 0.001, "test:bucket:")
        waits = [await (one if n % 2 else two).take("p") for n in range(22)]
        assert waits[:20] == [0] * 20
        assert all(w >= 1 for w in waits[20:])
        assert await one.take("q") == 0
    finally:
        await client.aclose()

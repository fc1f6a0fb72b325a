from __future__ import annotations

import pytest
import redis.asyncio as redis

from mygemini.core.cache import MemoryCache, RedisCache
from tests.waiting import eventually


class Computation:
    """Counts its runs; each run's value tells which run it was."""

    def __init__(self) -> None:
        self.runs = 0

    async def __call__(self) -> list[int]:
        self.runs += 1
        return [self.runs, 7]


async def test_memory_cache_shares_until_ttl() -> None:
    now = 1000.0  # a driven clock; quarters add up exactly in binary
    cache = MemoryCache(clock=lambda: now)
    compute = Computation()
    assert await cache.get_or_compute("k", 0.5, compute) == [1, 7]
    now += 0.25
    assert await cache.get_or_compute("k", 0.5, compute) == [1, 7]
    assert compute.runs == 1
    now += 0.25  # the TTL is up
    assert await cache.get_or_compute("k", 0.5, compute) == [2, 7]
    assert compute.runs == 2


async def test_redis_cache_shares_until_ttl(redis_url: str) -> None:
    if not redis_url:
        pytest.skip("needs Redis; runs in the scaled-out pass")
    client = redis.Redis.from_url(redis_url)
    try:
        cache = RedisCache(client, "mygemini:test:cache:")
        compute = Computation()
        assert await cache.get_or_compute("k", 0.3, compute) == [1, 7]
        assert await cache.get_or_compute("k", 0.3, compute) == [1, 7]
        assert compute.runs == 1
        # Redis keeps the time here (the key's own expiry): wait for the entry to lapse.
        assert await eventually(
            lambda: cache.get_or_compute("k", 0.3, compute),
            "the cached value to expire",
            until=lambda value: value != [1, 7],
            within=5,
        ) == [2, 7]
        assert compute.runs == 2
    finally:
        await client.aclose()

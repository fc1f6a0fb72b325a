from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as redis

from mygemini.core.cache import Cache, MemoryCache, RedisCache


async def _exercise(cache: Cache) -> None:
    calls = 0

    async def compute() -> list[int]:
        nonlocal calls
        calls += 1
        return [calls, 7]

    assert await cache.get_or_compute("k", 0.3, compute) == [1, 7]
    assert await cache.get_or_compute("k", 0.3, compute) == [1, 7]
    assert calls == 1
    await asyncio.sleep(0.4)
    assert await cache.get_or_compute("k", 0.3, compute) == [2, 7]


async def test_memory_cache_shares_until_ttl() -> None:
    await _exercise(MemoryCache())


async def test_redis_cache_shares_until_ttl(redis_url: str) -> None:
    if not redis_url:
        pytest.skip("needs Redis; runs in the scaled-out pass")
    client = redis.Redis.from_url(redis_url)
    try:
        await _exercise(RedisCache(client, "mygemini:test:cache:"))
    finally:
        await client.aclose()

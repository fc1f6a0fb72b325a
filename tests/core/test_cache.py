from __future__ import annotations

import asyncio

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


class Gated:
    """A computation that waits for its gate: callers pile up while it runs."""

    def __init__(self) -> None:
        self.runs = 0
        self.gate = asyncio.Event()

    async def __call__(self) -> list[int]:
        self.runs += 1
        await self.gate.wait()
        return [self.runs]


async def test_memory_cache_computes_once_for_concurrent_callers() -> None:
    cache = MemoryCache()
    compute = Gated()
    callers = [asyncio.create_task(cache.get_or_compute("k", 10, compute)) for _ in range(20)]
    await asyncio.sleep(0)
    compute.gate.set()
    assert await asyncio.gather(*callers) == [[1]] * 20
    assert compute.runs == 1


async def test_memory_cache_serves_the_stale_value_while_one_caller_refreshes() -> None:
    now = 1000.0
    cache = MemoryCache(clock=lambda: now)
    compute = Gated()
    compute.gate.set()
    assert await cache.get_or_compute("k", 1, compute) == [1]
    now += 2  # expired
    compute.gate.clear()
    refresher = asyncio.create_task(cache.get_or_compute("k", 1, compute))
    await asyncio.sleep(0)
    # The others do not wait for the refresh, nor start one of their own.
    assert [await cache.get_or_compute("k", 1, compute) for _ in range(5)] == [[1]] * 5
    compute.gate.set()
    assert await refresher == [2]
    assert await cache.get_or_compute("k", 1, compute) == [2]
    assert compute.runs == 2


async def test_redis_cache_computes_once_across_processes(redis_url: str) -> None:
    if not redis_url:
        pytest.skip("needs Redis; runs in the scaled-out pass")
    clients = [redis.Redis.from_url(redis_url) for _ in range(2)]
    try:
        # Two caches on two connections stand for two API processes.
        caches = [RedisCache(c, "mygemini:test:flight:") for c in clients]
        compute = Gated()
        callers = [
            asyncio.create_task(cache.get_or_compute("k", 10, compute))
            for cache in caches
            for _ in range(10)
        ]

        async def runs() -> int:
            return compute.runs

        await eventually(runs, "the computation to start", until=bool)
        compute.gate.set()
        assert await asyncio.gather(*callers) == [[1]] * 20
        assert compute.runs == 1
    finally:
        for c in clients:
            await c.aclose()

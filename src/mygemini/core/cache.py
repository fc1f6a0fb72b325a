"""A small TTL cache for values that are expensive to compute and fine to be a few seconds old
(live rankings): in-process when embedded, shared through Redis when scaled out."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis


class Cache(Protocol):
    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any: ...


class MemoryCache:
    def __init__(
        self, max_items: int = 256, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._items: dict[str, tuple[float, Any]] = {}
        self.max_items = max_items
        # Seconds on a monotonic scale; a test drives it to see an entry expire.
        self._clock = clock

    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any:
        hit = self._items.get(key)
        if hit is not None and hit[0] > self._clock():
            return hit[1]
        value = await compute()
        if len(self._items) >= self.max_items:
            self._items.clear()
        self._items[key] = (self._clock() + ttl, value)
        return value


class RedisCache:
    """JSON values under `<prefix><key>` (the deployment's prefix) with a TTL."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix

    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any:
        k = self.prefix + key
        raw = await self.redis.get(k)
        if raw is not None:
            return json.loads(raw)
        value = await compute()
        await self.redis.set(k, json.dumps(value), px=max(1, int(ttl * 1000)))
        return value

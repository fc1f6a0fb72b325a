"""Sliding-window failure counters: in-process (embedded) or Redis (shared by every API process)."""

from __future__ import annotations

import time
import uuid
from collections import deque
from typing import Protocol

from redis.asyncio import Redis


class FailureWindow(Protocol):
    async def record(self, key: str) -> None: ...

    async def retry_after(self, key: str, limit: int) -> int:
        """Seconds until `key` drops below `limit` failures; 0 when it is below already."""
        ...

    async def clear(self, key: str) -> None: ...


class MemoryFailureWindow:
    def __init__(self, window_seconds: int) -> None:
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = {}

    def _live(self, key: str) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        cutoff = time.monotonic() - self.window
        while hits and hits[0] <= cutoff:
            hits.popleft()
        return hits

    async def record(self, key: str) -> None:
        self._live(key).append(time.monotonic())

    async def retry_after(self, key: str, limit: int) -> int:
        hits = self._live(key)
        if len(hits) < limit:
            return 0
        oldest_that_matters = hits[len(hits) - limit]
        return max(1, int(oldest_that_matters + self.window - time.monotonic()) + 1)

    async def clear(self, key: str) -> None:
        self._hits.pop(key, None)


class RedisFailureWindow:
    """A sorted set per key (under the deployment's `prefix`), scored by time; members expire with
    the window."""

    def __init__(self, redis: Redis, window_seconds: int, prefix: str) -> None:
        self.redis = redis
        self.window = window_seconds
        self.prefix = prefix

    async def record(self, key: str) -> None:
        now = time.time()
        k = self.prefix + key
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(k, {uuid.uuid4().hex: now})
            pipe.zremrangebyscore(k, 0, now - self.window)
            pipe.expire(k, self.window + 1)
            await pipe.execute()

    async def retry_after(self, key: str, limit: int) -> int:
        now = time.time()
        k = self.prefix + key
        await self.redis.zremrangebyscore(k, 0, now - self.window)
        scores = await self.redis.zrange(k, 0, -1, withscores=True)
        if len(scores) < limit:
            return 0
        oldest_that_matters = float(scores[len(scores) - limit][1])
        return max(1, int(oldest_that_matters + self.window - now) + 1)

    async def clear(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)

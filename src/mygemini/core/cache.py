"""A small TTL cache for values that are expensive to compute and fine to be a few seconds old
(live rankings, identity providers' metadata): in-process when embedded, shared through Redis
when scaled out.

Single-flight with serve-stale: a value is computed once per TTL across every caller (every
process, with Redis). While one caller recomputes an expired value, the others are given the
previous one at once instead of computing it too (a live ranking's count ran 41 times in 25 s
under load before this); only when there is no value at all do they wait for the one computation.
A value is served stale for at most `STALE_FACTOR` TTLs (or `MIN_STALE_SECONDS`).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from redis.asyncio import Redis

STALE_FACTOR = 6
MIN_STALE_SECONDS = 60.0
# How often a caller with nothing to serve looks whether another process's computation is in.
POLL_SECONDS = 0.02


def stale_seconds(ttl: float) -> float:
    return max(ttl * STALE_FACTOR, MIN_STALE_SECONDS)


class Cache(Protocol):
    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any: ...


class _Flights:
    """This process's computations in progress, by key: concurrent callers share one."""

    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[Any]] = {}

    def running(self, key: str) -> asyncio.Future[Any] | None:
        return self._running.get(key)

    async def run(self, key: str, compute: Callable[[], Awaitable[Any]]) -> Any:
        while (flight := self._running.get(key)) is not None:
            try:
                return await asyncio.shield(flight)
            except asyncio.CancelledError:
                if not flight.cancelled():
                    raise  # this caller was cancelled
                # the computing caller was cancelled, not us: compute it ourselves
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            value = await compute()
        except Exception as error:
            future.set_exception(error)
            future.exception()  # marked retrieved: nobody may be waiting
            raise
        except BaseException:
            future.cancel()
            raise
        else:
            future.set_result(value)
            return value
        finally:
            del self._running[key]


class MemoryCache:
    def __init__(
        self, max_items: int = 256, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        # key -> (fresh until, served until, value)
        self._items: dict[str, tuple[float, float, Any]] = {}
        self.max_items = max_items
        # Seconds on a monotonic scale; a test drives it to see an entry expire.
        self._clock = clock
        self._flights = _Flights()

    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any:
        now = self._clock()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[2]
        if hit is not None and hit[1] > now and self._flights.running(key) is not None:
            return hit[2]  # someone is refreshing it: the previous value meanwhile

        async def refresh() -> Any:
            value = await compute()
            if len(self._items) >= self.max_items:
                self._items.clear()
            at = self._clock()
            self._items[key] = (at + ttl, at + stale_seconds(ttl), value)
            return value

        return await self._flights.run(key, refresh)


class RedisCache:
    """JSON values under `<prefix><key>` (the deployment's prefix). Three keys per value: the
    value (kept `stale_seconds`), a marker that it is fresh (kept `ttl`, Redis keeps the time)
    and the lock of the one process computing it."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self._flights = _Flights()

    async def get_or_compute(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]]
    ) -> Any:
        value_key, fresh_key = self.prefix + key, self.prefix + key + ":fresh"
        raw, fresh = await self.redis.mget(value_key, fresh_key)
        if raw is not None and (fresh is not None or self._flights.running(key) is not None):
            return json.loads(raw)  # fresh, or this process is already refreshing it
        # One refresh per process and key at a time; the lock makes it one across processes.
        return await self._flights.run(key, lambda: self._refresh(key, ttl, compute, raw))

    async def _refresh(
        self, key: str, ttl: float, compute: Callable[[], Awaitable[Any]], raw: Any
    ) -> Any:
        value_key, fresh_key, lock_key = (self.prefix + key + s for s in ("", ":fresh", ":lock"))
        ttl_ms = max(1, int(ttl * 1000))
        # The lock outlives a slow computation, not a crashed process.
        lock_ms = max(ttl_ms, 5000)
        token = secrets.token_hex(8)
        deadline = time.monotonic() + lock_ms / 1000
        while True:
            if await self.redis.set(lock_key, token, nx=True, px=lock_ms):
                try:
                    value = await compute()
                    async with self.redis.pipeline(transaction=True) as pipe:
                        pipe.set(value_key, json.dumps(value), px=int(stale_seconds(ttl) * 1000))
                        pipe.set(fresh_key, b"1", px=ttl_ms)
                        await pipe.execute()
                    return value
                finally:
                    await self._unlock(lock_key, token)
            if raw is not None:
                return json.loads(raw)  # another process is refreshing it: serve the previous
            if time.monotonic() > deadline:
                return await compute()  # the lock's holder is stuck: do not wait forever
            await asyncio.sleep(POLL_SECONDS)
            raw, fresh = await self.redis.mget(value_key, fresh_key)
            if raw is not None and fresh is not None:
                return json.loads(raw)

    async def _unlock(self, lock_key: str, token: str) -> None:
        # Only our own lock: it may have expired and been taken by another process meanwhile.
        await self.redis.eval(_UNLOCK, 1, lock_key, token)


_UNLOCK = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""

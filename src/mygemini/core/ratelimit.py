"""Sliding-window attempt counters: in-process (embedded) or Redis (shared by every API process).

An attempt is counted *before* the guarded work runs (`take`), in one atomic step with the check:
checking first and recording after the work let a burst of simultaneous attempts all pass the
check before any of them was recorded. A caller whose attempt turned out fine gives it back
(`give_back`) or wipes the key (`clear`).
"""

from __future__ import annotations

import math
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis

from mygemini.errors import TooManyRequests


class FailureWindow(Protocol):
    async def take(self, key: str, limit: int) -> tuple[str | None, int]:
        """Count one attempt on `key` if fewer than `limit` are in the window.

        Returns (a ticket for `give_back`, 0), or (None, seconds until an attempt is allowed).
        """
        ...

    async def give_back(self, key: str, ticket: str) -> None:
        """Uncount the attempt `ticket` stands for."""
        ...

    async def clear(self, key: str) -> None: ...


class MemoryFailureWindow:
    """Atomic without a lock: nothing between the check and the append awaits."""

    def __init__(self, window_seconds: int) -> None:
        self.window = window_seconds
        self._hits: dict[str, deque[tuple[float, str]]] = {}

    def _live(self, key: str) -> deque[tuple[float, str]]:
        hits = self._hits.setdefault(key, deque())
        cutoff = time.monotonic() - self.window
        while hits and hits[0][0] <= cutoff:
            hits.popleft()
        return hits

    async def take(self, key: str, limit: int) -> tuple[str | None, int]:
        hits = self._live(key)
        now = time.monotonic()
        if len(hits) >= limit:
            oldest_that_matters = hits[len(hits) - limit][0]
            return None, min(self.window, max(1, int(oldest_that_matters + self.window - now) + 1))
        ticket = uuid.uuid4().hex
        hits.append((now, ticket))
        return ticket, 0

    async def give_back(self, key: str, ticket: str) -> None:
        hits = self._hits.get(key)
        if hits is None:
            return
        for hit in hits:
            if hit[1] == ticket:
                hits.remove(hit)
                return

    async def clear(self, key: str) -> None:
        self._hits.pop(key, None)


# Check and count in one server-side step, so API processes racing on one key cannot all pass.
# Returns {1, 0} when counted, {0, seconds to wait} when refused.
_TAKE = """
local key, now, window, limit, ticket = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]),
    tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local wait = math.floor(tonumber(oldest[2]) + window - now) + 1
    -- another process's clock may run a little ahead: never more than the window, never 0
    if wait > window then wait = window end
    if wait < 1 then wait = 1 end
    return {0, wait}
end
redis.call('ZADD', key, now, ticket)
redis.call('EXPIRE', key, math.ceil(window) + 1)
return {1, 0}
"""


class RedisFailureWindow:
    """A sorted set per key (under the deployment's `prefix`), scored by time; members expire with
    the window."""

    def __init__(self, redis: Redis, window_seconds: int, prefix: str) -> None:
        self.redis = redis
        self.window = window_seconds
        self.prefix = prefix
        self._take = redis.register_script(_TAKE)

    async def take(self, key: str, limit: int) -> tuple[str | None, int]:
        ticket = uuid.uuid4().hex
        counted, wait = await self._take(
            keys=[self.prefix + key], args=[time.time(), self.window, limit, ticket]
        )
        return (ticket, 0) if int(counted) else (None, int(wait))

    async def give_back(self, key: str, ticket: str) -> None:
        await self.redis.zrem(self.prefix + key, ticket)

    async def clear(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)


class TokenBucket(Protocol):
    """A token bucket per key: `burst` tokens at most, refilled at `rate` per second; each
    allowed action takes one."""

    async def take(self, key: str) -> int:
        """Take a token: 0 when one was there, else the seconds until one is (at least 1)."""
        ...


async def spend(bucket: TokenBucket, key: str, what: str = "requests") -> None:
    """Take a token of `key`, or refuse with 429 and the wait in `Retry-After`: the one place
    the per-person and per-order limits (REST writes, socket commands, payment callbacks) meet."""
    wait = await bucket.take(key)
    if wait:
        raise TooManyRequests(f"Too many {what}; try again in {wait} s.", retry_after=wait)


class MemoryTokenBucket:
    """Atomic without a lock: nothing between reading and writing a bucket awaits."""

    def __init__(self, burst: int, rate: float, clock: Callable[[], float] = time.monotonic):
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}

    async def take(self, key: str) -> int:
        now = self.clock()
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / self.rate))
        self._buckets[key] = (tokens - 1, now)
        if len(self._buckets) > 100_000:
            # Full buckets are the default: forget them so idle keys do not pile up.
            full = [k for k, (t, a) in self._buckets.items() if t + (now - a) * self.rate >= 1]
            for k in full[:50_000]:
                del self._buckets[k]
        return 0


# Refill, check and take in one server-side step (API processes share the bucket).
_BUCKET = """
local key, now, burst, rate = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if tokens == nil then tokens, at = burst, now end
if now > at then tokens = math.min(burst, tokens + (now - at) * rate) end
local wait = 0
if tokens < 1 then
    wait = math.max(1, math.ceil((1 - tokens) / rate))
else
    tokens = tokens - 1
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(math.max(now, at)))
redis.call('EXPIRE', key, math.ceil(burst / rate) + 1)
return wait
"""


class RedisTokenBucket:
    def __init__(self, redis: Redis, burst: int, rate: float, prefix: str) -> None:
        self.redis = redis
        self.burst = burst
        self.rate = rate
        self.prefix = prefix
        self._take = redis.register_script(_BUCKET)

    async def take(self, key: str) -> int:
        wait = await self._take(keys=[self.prefix + key], args=[time.time(), self.burst, self.rate])
        return int(wait)

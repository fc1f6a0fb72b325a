"""Who is connected to what, across API processes: per group (a table), per person, per
connection.

Embedded, one process knows every connection and a disconnect always runs: a dict. With Redis,
each group is a sorted set of `<person>:<connection>` scored by when the entry expires; the
process holding the connection refreshes it every heartbeat, so the entries of a process that
was killed (no disconnect ever runs) lapse within the TTL and the next sweep, by any process,
removes them. Every change is one Lua script, so exactly one caller learns that a person came
online or went offline (its last live connection went) and tells the room once.
"""

from __future__ import annotations

import time
from typing import Any, Protocol

from redis.asyncio import Redis


class PresenceStore(Protocol):
    async def add(self, group: str, who: int, conn: str) -> bool:
        """Count connection `conn` of `who` in `group` (again: refresh it); True when `who` had
        no live connection there before (came online)."""
        ...

    async def remove(self, group: str, who: int, conn: str) -> bool:
        """Forget `conn`; True when it was the last live connection of `who` (went offline)."""
        ...

    async def online(self, group: str) -> set[int]:
        """Who has a live connection in `group` now."""
        ...

    async def sweep(self) -> list[tuple[str, int]]:
        """Remove lapsed entries (of processes that died); the (group, who) left with none."""
        ...


class MemoryPresence:
    """One process: nothing lapses, a connection leaves when it disconnects."""

    def __init__(self) -> None:
        self._groups: dict[str, dict[str, int]] = {}

    async def add(self, group: str, who: int, conn: str) -> bool:
        conns = self._groups.setdefault(group, {})
        came = who not in conns.values()
        conns[conn] = who
        return came

    async def remove(self, group: str, who: int, conn: str) -> bool:
        conns = self._groups.get(group, {})
        if conns.pop(conn, None) is None:
            return False
        if not conns:
            self._groups.pop(group, None)
        return who not in conns.values()

    async def online(self, group: str) -> set[int]:
        return set(self._groups.get(group, {}).values())

    async def sweep(self) -> list[tuple[str, int]]:
        return []


# KEYS: the group's set, the index of groups. ARGV: member, who prefix ("7:"), now, expiry, group.
# A person's entries are `<who>:<conn>`; live ones score above now.
_LIVE = """
local function live(key, prefix, now)
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf')) do
    if string.sub(m, 1, #prefix) == prefix then return true end
  end
  return false
end
"""

_ADD = (
    _LIVE
    + """
local was = live(KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[5])
if was then return 0 else return 1 end
"""
)

_REMOVE = (
    _LIVE
    + """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
if live(KEYS[1], ARGV[2], ARGV[3]) then return 0 end
return 1
"""
)

# KEYS: the group's set, the index. ARGV: now, group. Returns the people left with no live entry.
_SWEEP = (
    _LIVE
    + """
local gone = {}
local seen = {}
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  redis.call('ZREM', KEYS[1], m)
  local who = string.match(m, '^([^:]+):')
  if who and not seen[who] then
    seen[who] = true
    if not live(KEYS[1], who .. ':', ARGV[1]) then table.insert(gone, who) end
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return gone
"""
)


class RedisPresence:
    """Shared by every API process; an entry lives `ttl` seconds past its last refresh."""

    def __init__(self, redis: Redis, prefix: str, ttl: float) -> None:
        self.redis = redis
        self.prefix = prefix
        self.ttl = ttl
        self._add = redis.register_script(_ADD)
        self._remove = redis.register_script(_REMOVE)
        self._sweep = redis.register_script(_SWEEP)

    def _key(self, group: str) -> str:
        return f"{self.prefix}:{group}"

    @property
    def _index(self) -> str:
        return f"{self.prefix}:groups"

    async def add(self, group: str, who: int, conn: str) -> bool:
        now = time.time()
        keys = [self._key(group), self._index]
        args: list[str | float] = [f"{who}:{conn}", f"{who}:", now, now + self.ttl, group]
        return bool(await self._add(keys=keys, args=args))

    async def remove(self, group: str, who: int, conn: str) -> bool:
        keys = [self._key(group), self._index]
        args: list[str | float] = [f"{who}:{conn}", f"{who}:", time.time()]
        return bool(await self._remove(keys=keys, args=args))

    async def online(self, group: str) -> set[int]:
        live = await self.redis.zrangebyscore(self._key(group), f"({time.time()}", "+inf")
        return {int(_text(m).split(":", 1)[0]) for m in live}

    async def sweep(self) -> list[tuple[str, int]]:
        gone: list[tuple[str, int]] = []
        groups = await self.redis.smembers(self._index)
        for raw in groups:
            group = _text(raw)
            now = time.time()
            people = await self._sweep(keys=[self._key(group), self._index], args=[now, group])
            gone += [(group, int(w)) for w in people]
        return gone


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)

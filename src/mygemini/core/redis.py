"""Redis connections that fail fast: every client (throttles, caches, the job broker, the socket.io
manager) connects and answers within `redis_timeout_seconds` or raises, so a request that needs
an absent Redis answers 503 (errors.py) instead of hanging, and loops retry on their own terms."""

from __future__ import annotations

import logging
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from mygemini.config import Settings

# What "Redis is not there" looks like to a caller (BusyLoadingError, a Redis still loading its
# data after a restart, is a ConnectionError too).
REDIS_DOWN: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)


def connection_options(settings: Settings, *, blocking_read_seconds: float = 0.0) -> dict[str, Any]:
    """Keyword arguments for `Redis.from_url` and connection pools.

    `blocking_read_seconds`: the longest a command of this client blocks on purpose (XREADGROUP
    BLOCK), added to the read timeout so that an idle wait is not taken for a dead server.
    """
    timeout = settings.redis_timeout_seconds
    return {
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout + blocking_read_seconds,
        # One quick retry hides a dropped pooled connection; more would only stretch the time
        # a request waits for a Redis that is down (the default backs off for seconds).
        "retry": Retry(ExponentialBackoff(cap=0.2, base=0.05), 1),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError],
    }


def make_redis(settings: Settings) -> Redis:
    return Redis.from_url(settings.redis_url, **connection_options(settings))


def redis_key(settings: Settings, *parts: str) -> str:
    """A key of this deployment: `<redis_prefix>:<parts...>`."""
    return ":".join((settings.redis_prefix, *parts))


class Outage:
    """One log line when Redis stops answering and one when it is back, however often a loop
    retries in between (a retry loop logging every try wrote ~80 MB a minute)."""

    def __init__(self, logger: logging.Logger) -> None:
        self.log = logger
        self.reason: str | None = None

    @property
    def ongoing(self) -> bool:
        return self.reason is not None

    def begin(self, reason: str, *args: object) -> None:
        if self.reason != reason:
            self.log.warning(reason, *args)
            self.reason = reason

    def end(self, message: str, *args: object) -> None:
        if self.reason is not None:
            self.log.info(message, *args)
            self.reason = None

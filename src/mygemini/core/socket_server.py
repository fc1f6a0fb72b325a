"""The parts of python-socketio we adjust: a server strict about what clients send, a Redis
manager that keeps what it could not publish and resubscribes within seconds, library loggers
that do not flood, and a 413 for an oversized long-polling POST. core/realtime.py assembles them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

import socketio
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

# The largest Engine.IO payload (a long-polling POST or one websocket message) we accept. Our
# clients send small JSON (the largest, a 2000-character table message, is well under); the
# library's 1 MB default only lets strangers make us buffer. A larger frame closes the connection.
MAX_PAYLOAD_BYTES = 16 * 1024

# Names socket.io keeps for its own lifecycle. A client that sends one as an ordinary event
# (`42["connect", ...]`) must not reach the handler of that name.
RESERVED_EVENTS = frozenset(
    {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}
)


class _OncePerWindow(logging.Filter):
    """Lets a message through once per `window` seconds: socket.io logs two lines per failed
    publish, which during a Redis outage is a flood, not news."""

    def __init__(self, window: float = 60.0) -> None:
        super().__init__()
        self.window = window
        self._seen: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = str(record.msg)[:60]
        now = time.monotonic()
        if now - self._seen.get(key, -self.window) < self.window:
            return False
        self._seen[key] = now
        return True


def library_logger(name: str, level: int) -> logging.Logger:
    # Given a logger of ours, socket.io and engine.io add no handler of their own (with `False`
    # they print every error a second time, bare, beside our formatted log).
    logger = logging.getLogger(name)
    logger.setLevel(level)
    if not any(isinstance(f, _OncePerWindow) for f in logger.filters):
        logger.addFilter(_OncePerWindow())
    return logger


class StrictServer(socketio.AsyncServer):  # type: ignore[misc]
    """socket.io's server, strict about what clients send: reserved event names are dropped and
    a malformed packet costs one log line, not a traceback."""

    async def _handle_event(self, eio_sid: str, namespace: str, id: Any, data: Any) -> None:
        name = data[0] if isinstance(data, list) and data else None
        # "*" would reach the catch-all as if it were the event's own handler.
        if not isinstance(name, str) or name in RESERVED_EVENTS or name == "*":
            log.info("socket.io: ignored an event named %.40r from a client", name)
            return
        await super()._handle_event(eio_sid, namespace, id, data)

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        try:
            await super()._handle_eio_message(eio_sid, data)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            # What the library raises for packets it cannot decode or does not expect. Our own
            # connect handler never raises these (see Realtime._connect), event handlers run in
            # tasks of their own, so nothing of ours is hidden here.
            log.warning("socket.io: dropped a malformed packet from %s: %.200s", eio_sid, exc)


# Pushes that could not be published are kept this long, at most this many (oldest dropped).
KEEP_SECONDS = 60.0
KEEP_AT_MOST = 1000
# One try at publishing a kept push may take this long (a frozen Redis answers nothing).
RESEND_TIMEOUT_SECONDS = 2.0


class KeepingRedisManager(socketio.AsyncRedisManager):  # type: ignore[misc]
    """socket.io's Redis manager, keeping the pushes it could not deliver.

    The library tries a publish twice and drops it, so a job that ended during a Redis outage was
    never told to its owner (12 of 300 in bench/scaled_tryout.py); neither was one that ended in
    the second after Redis came back empty, published before any API process had subscribed
    again. Pushes (`emit` messages; not room changes or disconnects, which replayed late could
    undo what happened since) that fail to publish, or that a worker's or scheduler's manager
    publishes to no listener, are kept for up to KEEP_SECONDS and published again in the order
    they were kept, once Redis answers a PING, until a listener has them. A push made meanwhile
    waits behind them. An API process's own listener counts among a publish's receivers, so it
    keeps only what failed to publish. A publish cut short by a frozen Redis may still run when
    Redis resumes, and then goes out twice. Overrides a private method of python-socketio (< 6).
    """

    connected: bool  # the library's: whether its Redis client was made
    write_only: bool  # the library's: a worker's or scheduler's, which serves no sockets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: deque[tuple[float, Any]] = deque()
        self._held_until = 0.0
        self._resending: asyncio.Task[None] | None = None

    def hold(self, seconds: float) -> None:
        """Keep every push for `seconds` without trying Redis (one just timed out: a frozen
        Redis must not hold requests and heartbeats); sent after."""
        self._held_until = time.monotonic() + seconds

    async def _publish(self, data: Any) -> None:
        if data.get("method") != "emit":
            await super()._publish(data)
            return
        if self._kept or time.monotonic() < self._held_until:
            self._keep(data)
            return
        try:
            published = await self._published(data)
        except asyncio.CancelledError:
            self._keep(data)  # cut short (core/realtime's timeout): not known to have gone out
            raise
        if not published:
            self._keep(data)

    async def _published(self, data: Any) -> bool:
        """Whether `data` is done with. False when Redis could not be reached, or when a
        worker's publish reached no listener (they are away: Redis restarted empty, or the API
        processes are subscribing again)."""
        try:
            if not self.connected:
                self._redis_connect()
            receivers = int(await self.redis.publish(self.channel, self.json.dumps(data)))
        except Exception as exc:
            self.connected = False  # connect afresh next time
            self._get_logger().error("Cannot publish to redis (%s); keeping the push", exc)
            return False
        return receivers > 0 or not self.write_only

    async def _answers(self) -> bool:
        """Whether Redis answers a PING: a kept push is not written into the socket of a frozen
        Redis, which would run every such try when it resumes."""
        try:
            async with asyncio.timeout(RESEND_TIMEOUT_SECONDS):
                if not self.connected:
                    self._redis_connect()
                await self.redis.ping()
        except Exception:
            self.connected = False
            return False
        return True

    def _keep(self, data: Any) -> None:
        if len(self._kept) >= KEEP_AT_MOST:
            self._kept.popleft()
            log.warning("socket.io: more than %s pushes kept; dropped the oldest", KEEP_AT_MOST)
        self._kept.append((time.monotonic(), data))
        if self._resending is None or self._resending.done():
            self._resending = asyncio.get_running_loop().create_task(self._resend())

    async def _resend(self) -> None:
        pause = 0.25
        while self._kept:
            await asyncio.sleep(max(pause, self._held_until - time.monotonic()))
            pause = min(pause * 2, 2.0)
            self._drop_stale()
            if not self._kept or not await self._answers():
                continue
            while self._kept:
                data = self._kept[0][1]
                try:
                    async with asyncio.timeout(RESEND_TIMEOUT_SECONDS):
                        published = await self._published(data)
                except TimeoutError:
                    published = False
                if not published:
                    break
                self._kept.popleft()
                pause = 0.25

    def _drop_stale(self) -> None:
        stale = 0
        while self._kept and time.monotonic() - self._kept[0][0] > KEEP_SECONDS:
            self._kept.popleft()
            stale += 1
        if stale:
            log.warning("socket.io: dropped %s pushes kept over %ss", stale, KEEP_SECONDS)


class ResubscribingRedisManager(KeepingRedisManager):
    """socket.io's Redis manager, resubscribing within 2 s of Redis coming back.

    The library waits up to 60 s between tries (doubling from 1 s); everything pushed meanwhile
    is lost to this process's people, so after an outage of a minute live updates would stay
    dark for up to another minute. Overrides a private method of python-socketio (< 6).
    """

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        pause = 0.25
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                pause = 0.25
                async for message in self.pubsub.listen():
                    yield message
            except Exception as exc:
                self._get_logger().error("Cannot receive from redis (%s); retrying", exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)


class PayloadLimit:
    """Answers an oversized long-polling POST to /socket.io/ with 413 before Engine.IO sees it.

    Engine.IO's own check closes the session and then waits for a poll to collect the close
    packet, which never comes: the POST was never answered and shutdown waited on it forever.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].startswith("/socket.io/")
        ):
            declared = dict(scope.get("headers") or []).get(b"content-length", b"0")
            length = int(declared) if declared.isdigit() else -1
            if length < 0 or length > self.limit:
                too_long = length > self.limit
                await _refuse(
                    send,
                    413 if too_long else 400,
                    "PayloadTooLarge" if too_long else "BadRequest",
                    f"A socket.io payload may be at most {self.limit} bytes."
                    if too_long
                    else "Content-Length is not a number.",
                )
                return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, error: str, detail: str) -> None:
    body = json.dumps({"error": error, "detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""The parts of python-socketio we adjust: a server strict about what clients send, a Redis
manager that resubscribes within seconds, library loggers that do not flood, and a 413 for an
oversized long-polling POST. core/realtime.py assembles them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
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


class ResubscribingRedisManager(socketio.AsyncRedisManager):  # type: ignore[misc]
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

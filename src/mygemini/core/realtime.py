"""The socket.io server mounted in the same ASGI app.

Embedded it keeps rooms in memory; with Redis configured it uses `AsyncRedisManager`, so any API
process can reach any connected person and workers can emit through a write-only manager. Every
connection authenticates with an access token of a person who still exists (the accounts domain
registers that check) and joins `user:<id>`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from starlette.types import ASGIApp, Receive, Scope, Send

from mygemini.core.db import UnitOfWork
from mygemini.core.security import decode_access_token

log = logging.getLogger(__name__)

# The largest Engine.IO payload (a long-polling POST or one websocket message) we accept. Our
# clients send small JSON; the library's 1 MB default only lets strangers make us buffer.
MAX_PAYLOAD_BYTES = 64 * 1024

# Names socket.io keeps for its own lifecycle. A client that sends one as an ordinary event
# (`42["connect", ...]`) must not reach the handler of that name.
RESERVED_EVENTS = frozenset(
    {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}
)

# Given the user id of a valid access token: may this person connect now (still exists, ...)?
Admission = Callable[[int], Awaitable[bool]]


async def _nobody(_: int) -> bool:
    return False


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


class _Server(socketio.AsyncServer):  # type: ignore[misc]
    """socket.io's server, strict about what clients send: reserved event names are dropped and
    a malformed packet costs one log line, not a traceback."""

    async def _handle_event(self, eio_sid: str, namespace: str, id: Any, data: Any) -> None:
        name = data[0] if isinstance(data, list) and data else None
        if not isinstance(name, str) or name in RESERVED_EVENTS:
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


class Realtime:
    """The socket.io server of an API process, or (`write_only`) a worker's way to reach it."""

    def __init__(
        self,
        *,
        redis_url: str,
        jwt_secret: str,
        write_only: bool = False,
        channel: str = "socketio",
        redis_options: dict[str, Any] | None = None,
    ) -> None:
        # `channel` is the deployment's own: pub/sub channels are shared by every database number
        # of a Redis, and the default one would carry one deployment's pushes to another's users.
        self._writer: socketio.AsyncRedisManager | None = None
        if write_only:
            if not redis_url:
                raise ValueError("a write-only emitter needs Redis")
            self._writer = socketio.AsyncRedisManager(
                redis_url, channel=channel, write_only=True, redis_options=dict(redis_options or {})
            )
        # A write-only process (worker, scheduler) serves no sockets: no listening manager.
        manager = (
            socketio.AsyncRedisManager(
                redis_url, channel=channel, redis_options=dict(redis_options or {})
            )
            if redis_url and not write_only
            else None
        )
        self.server = _Server(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=[],
            logger=False,
            engineio_logger=False,
            max_http_buffer_size=MAX_PAYLOAD_BYTES,
        )
        self._secret = jwt_secret
        # Until a domain says who may connect, nobody may.
        self._admit: Admission = _nobody
        self.server.on("connect", self._connect)

    def admit_with(self, admission: Admission) -> None:
        """Install the check a valid token's person must pass to connect (accounts owns it)."""
        self._admit = admission

    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        user_id = decode_access_token(token, self._secret) if isinstance(token, str) else None
        try:
            admitted = user_id is not None and await self._admit(user_id)
        except Exception:
            log.exception("socket.io: could not check a connecting person")
            raise socketio.exceptions.ConnectionRefusedError("try again later") from None
        if user_id is None or not admitted:
            raise socketio.exceptions.ConnectionRefusedError("authentication required")
        await self.server.save_session(sid, {"user_id": user_id})
        await self.server.enter_room(sid, user_room(user_id))
        return True

    async def emit(self, event: str, data: Any, *, room: str) -> None:
        if self._writer is not None:
            await self._writer.emit(event, data, room=room, namespace="/")
        else:
            await self.server.emit(event, data, room=room)

    def emit_after_commit(self, uow: UnitOfWork, event: str, data: Any, *, room: str) -> None:
        async def send() -> None:
            await self.emit(event, data, room=room)

        uow.after_commit(send)

    def asgi(self, other_app: Any) -> Any:
        app = socketio.ASGIApp(self.server, other_asgi_app=other_app, socketio_path="socket.io")
        return PayloadLimit(app, MAX_PAYLOAD_BYTES)


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

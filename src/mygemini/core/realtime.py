"""The socket.io server mounted in the same ASGI app.

Embedded it keeps rooms in memory; with Redis configured it uses `AsyncRedisManager`, so any API
process can reach any connected person and workers can emit through a write-only manager. Every
connection authenticates with an access token and joins `user:<id>`.
"""

from __future__ import annotations

import logging
from typing import Any

import socketio

from mygemini.core.db import UnitOfWork
from mygemini.core.security import decode_access_token

log = logging.getLogger(__name__)


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


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
        self.server = socketio.AsyncServer(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=[],
            logger=False,
            engineio_logger=False,
        )
        self._secret = jwt_secret
        self.server.on("connect", self._connect)

    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        user_id = decode_access_token(token, self._secret) if isinstance(token, str) else None
        if user_id is None:
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
        return socketio.ASGIApp(self.server, other_asgi_app=other_app, socketio_path="socket.io")

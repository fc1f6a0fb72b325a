"""The socket.io server mounted in the same ASGI app. Its typed events are in
core/socket_events.py, the parts of python-socketio it adjusts in core/socket_server.py.

Embedded it keeps rooms in memory; with Redis configured it uses `AsyncRedisManager`, so any API
process can reach any connected person and workers can emit through a write-only manager. Every
connection, in every namespace, authenticates with an access token of a person who still exists
(the accounts domain registers that check) and joins `user:<id>`.

What the transactional route is for HTTP, `Realtime.on` is for a client's event: the payload is
validated by its pydantic model, the handler runs inside one unit of work with the connection's
person, an `AppError` rolls it back and becomes the ack `{"ok": false, "error", "detail"}`, and
success acks `{"ok": true, ...}`, the reply's fields beside `ok`. Server to client events are
`ServerEvent` models, sent with `Realtime.send` after the unit of work commits.
`Realtime.schema` describes both directions (`socket_events.socket_schema`), so the web's types
are generated from it (`mygemini socket-schema`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import socketio
from pydantic import BaseModel, ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError

from mygemini.core.db import Database, UnitOfWork
from mygemini.core.security import decode_access_token
from mygemini.core.socket_events import (
    EventHandler,
    EventRoute,
    ServerEvent,
    SocketCall,
    failed_ack,
    socket_schema,
    user_room,
)
from mygemini.core.socket_server import (
    MAX_PAYLOAD_BYTES,
    RESERVED_EVENTS,
    KeepingRedisManager,
    PayloadLimit,
    ResubscribingRedisManager,
    StrictServer,
    library_logger,
)
from mygemini.errors import AppError, describe_validation_errors, shorten

# What the domains import from here: the server and its typed events.
__all__ = ["Realtime", "ServerEvent", "SocketCall", "user_room"]

P = TypeVar("P", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)

log = logging.getLogger(__name__)

# How long one push may take, and how long pushes are only kept after one timed out: a frozen Redis
# must not hold a request or a worker's heartbeat. Kept pushes go out once Redis answers
# (core/socket_server.py `KeepingRedisManager`); what they tell is also in the database.
PUSH_TIMEOUT_SECONDS = 2.0
PUSH_PAUSE_SECONDS = 5.0


# What the HTTP side answers with 503 (see errors.install_error_handlers): a moment's outage.
_UNAVAILABLE = (
    OperationalError,
    SQLAlchemyTimeoutError,
    ConnectionError,
    RedisConnectionError,
    RedisTimeoutError,
)

# Given the user id of a valid access token: may this person connect now (still exists, ...)?
Admission = Callable[[int], Awaitable[bool]]
# Run before an event of a namespace opens its unit of work, with the connection's person; raises
# an AppError (e.g. TooManyRequests) to refuse the event with that error ack.
Guard = Callable[[int], Awaitable[None]]
# Told the sid of a connection of a namespace that is going away (its rooms are still known).
Departure = Callable[[str], Awaitable[None]]


async def _nobody(_: int) -> bool:
    return False


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
        db: Database | None = None,
    ) -> None:
        # `channel` is the deployment's own: pub/sub channels are shared by every database number
        # of a Redis, and the default one would carry one deployment's pushes to another's users.
        self._writer: KeepingRedisManager | None = None
        if write_only:
            if not redis_url:
                raise ValueError("a write-only emitter needs Redis")
            self._writer = KeepingRedisManager(
                redis_url,
                channel=channel,
                write_only=True,
                logger=library_logger("mygemini.socketio", logging.WARNING),
                redis_options=dict(redis_options or {}),
            )
        # A write-only process (worker, scheduler) serves no sockets: no listening manager.
        manager = (
            ResubscribingRedisManager(
                redis_url, channel=channel, redis_options=dict(redis_options or {})
            )
            if redis_url and not write_only
            else None
        )
        self.server = StrictServer(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=[],
            logger=library_logger("mygemini.socketio", logging.WARNING),
            engineio_logger=library_logger("mygemini.engineio", logging.ERROR),
            max_http_buffer_size=MAX_PAYLOAD_BYTES,
        )
        self._secret = jwt_secret
        self._db = db
        self._via_redis = bool(redis_url)
        # Until a domain says who may connect, nobody may.
        self._admit: Admission = _nobody
        self._routes: dict[str, dict[str, EventRoute]] = {}
        self._guards: dict[str, Guard] = {}
        self._departures: dict[str, Departure] = {}
        self.namespace("/")

    def admit_with(self, admission: Admission) -> None:
        """Install the check a valid token's person must pass to connect (accounts owns it)."""
        self._admit = admission

    def guard(self, namespace: str, check: Guard) -> None:
        """Install `check` for every known event of `namespace`: it runs before the payload is
        validated and the unit of work opens, so refusing (a rate limit) costs no transaction."""
        self.namespace(namespace)
        self._guards[namespace] = check

    def on_departure(self, namespace: str, hook: Departure) -> None:
        """Run `hook` with the sid of every connection of `namespace` that disconnects."""
        self.namespace(namespace)
        self._departures[namespace] = hook

    def namespace(self, name: str) -> None:
        """Accept connections to namespace `name` (authenticated like every other) and answer
        its events: those registered with `on`, and an error ack for any other."""
        if name in self._routes:
            return
        self._routes[name] = {}

        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            return await self._connect(name, sid, auth)

        async def dispatch(event: str, sid: str, *args: Any) -> dict[str, Any]:
            return await self._dispatch(name, event, sid, args)

        async def disconnect(sid: str, reason: Any = None) -> None:
            hook = self._departures.get(name)
            if hook is None:
                return
            try:
                await hook(sid)
            except Exception:
                log.exception("socket.io: a departure from %s failed", name)

        self.server.on("connect", connect, namespace=name)
        self.server.on("disconnect", disconnect, namespace=name)
        # The catch-all: socket.io would leave an unknown event unanswered, and the client's
        # ack waiting until its own timeout.
        self.server.on("*", dispatch, namespace=name)

    def on(
        self,
        namespace: str,
        event: str,
        payload: type[P],
        *,
        reply: type[R] | None = None,
    ) -> Callable[[EventHandler[P, R]], EventHandler[P, R]]:
        """Register the handler of a client's `event` in `namespace`: it runs with the payload
        validated as `payload`, inside one unit of work, and returns its `reply` model (or None)
        for the ack. Emits it makes with `send` go out after the commit."""
        if event in RESERVED_EVENTS or event == "*":
            raise ValueError(f"{event!r} is socket.io's own event name")
        self.namespace(namespace)
        routes = self._routes[namespace]
        if event in routes:
            raise ValueError(f"{event!r} in {namespace} has a handler already")

        def register(handler: EventHandler[P, R]) -> EventHandler[P, R]:
            routes[event] = EventRoute(payload, reply, handler)
            return handler

        return register

    async def _connect(self, namespace: str, sid: str, auth: Any) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        user_id = decode_access_token(token, self._secret) if isinstance(token, str) else None
        try:
            admitted = user_id is not None and await self._admit(user_id)
        except Exception:
            log.exception("socket.io: could not check a connecting person")
            raise socketio.exceptions.ConnectionRefusedError("try again later") from None
        if user_id is None or not admitted:
            raise socketio.exceptions.ConnectionRefusedError("authentication required")
        await self.server.save_session(sid, {"user_id": user_id}, namespace=namespace)
        await self.server.enter_room(sid, user_room(user_id), namespace=namespace)
        return True

    async def _dispatch(
        self, namespace: str, event: str, sid: str, args: tuple[Any, ...]
    ) -> dict[str, Any]:
        """Run one client event to its ack. Never raises: a failure is the client's ack, and
        the connection stays open."""
        route = self._routes[namespace].get(event)
        if route is None:
            return failed_ack("UnknownEvent", f"No event {shorten(event, 60)!r} in {namespace}.")
        session = await self.server.get_session(sid, namespace=namespace)
        user_id = session.get("user_id") if isinstance(session, dict) else None
        if not isinstance(user_id, int) or self._db is None:
            # Only a connection that passed `_connect` gets here, in a process that serves.
            return failed_ack("Unauthorized", "Authentication is required.")
        guard = self._guards.get(namespace)
        if guard is not None:
            # Before validation too: a flood of malformed events is counted like any other.
            try:
                await guard(user_id)
            except AppError as exc:
                return failed_ack(exc.name, exc.detail)
            except _UNAVAILABLE as exc:
                log.warning("socket event %s: guard unavailable: %s", event, type(exc).__name__)
                return failed_ack(
                    "ServiceUnavailable",
                    "A service this event needs does not answer; try again shortly.",
                )
        if len(args) != 1:
            return failed_ack("ValidationError", "payload: send exactly one payload")
        try:
            payload = route.payload.model_validate(args[0])
        except ValidationError as exc:
            errors = [{**e, "loc": ("payload", *e["loc"])} for e in exc.errors()]
            return failed_ack("ValidationError", describe_validation_errors(errors))
        try:
            # Never cancelled half-way: the unit of work ends its transaction first (core/db).
            async with self._db.unit_of_work() as uow:
                result = await route.handler(SocketCall(uow, user_id, sid, namespace), payload)
        except AppError as exc:
            return failed_ack(exc.name, exc.detail)
        except _UNAVAILABLE as exc:
            log.warning("socket event %s: unavailable: %s", event, type(exc).__name__)
            return failed_ack(
                "ServiceUnavailable",
                "A service this event needs does not answer; try again shortly.",
            )
        except Exception:
            log.exception("socket event %s in %s failed", event, namespace)
            return failed_ack("InternalError", "The event could not be handled.")
        # The reply's fields sit beside `ok` ({"ok": true, "room": ..., "seq": ...}), the shape
        # the tabletop contract names and any Socket.IO client reads without unwrapping.
        data = result.model_dump(mode="json") if result is not None else {}
        return {"ok": True, **data}

    def send(self, uow: UnitOfWork, message: ServerEvent, *, room: str | list[str] | None) -> None:
        """Send `message` to everyone in `room` (or in any of the rooms of a list: each
        connection once; None: everyone connected to the event's namespace) once `uow` has
        committed; dropped on rollback."""
        if isinstance(room, list) and not room:
            return  # nobody to reach (socket.io reads an empty list's first item)

        async def deliver() -> None:
            await self.push(message, room=room)

        uow.after_commit(deliver)

    async def push(self, message: ServerEvent, *, room: str | list[str] | None) -> None:
        """Send `message` now: for what no transaction decides (who is connected)."""
        if isinstance(room, list) and not room:
            return  # nobody to reach (socket.io reads an empty list's first item)
        data = message.model_dump(mode="json")
        if not self._via_redis:
            # In-process: the emit queues packets on this process's sockets (and may run a
            # departure hook for one that timed out, which is bounded); nothing here waits on
            # another service, so no timeout (one per push was ~2 % of a follow's CPU).
            await self.server.emit(message.event, data, room=room, namespace=message.namespace)
            return
        manager: KeepingRedisManager = self._writer or self.server.manager
        try:
            async with asyncio.timeout(PUSH_TIMEOUT_SECONDS):
                await manager.emit(message.event, data, room=room, namespace=message.namespace)
        except TimeoutError:
            # The manager kept the push; it and those after it wait, then go out in order.
            manager.hold(PUSH_PAUSE_SECONDS)
            log.warning(
                "socket.io pushes time out (Redis?); keeping them for %ss", PUSH_PAUSE_SECONDS
            )

    async def enter_room(self, sid: str, room: str, namespace: str) -> None:
        """Put connection `sid` (of this process) into `room` now."""
        await self.server.enter_room(sid, room, namespace=namespace)

    async def leave_room(self, sid: str, room: str, namespace: str) -> None:
        await self.server.leave_room(sid, room, namespace=namespace)

    def close_room(self, uow: UnitOfWork, room: str, namespace: str) -> None:
        """Once `uow` has committed, take every connection out of `room`, in every API process
        (with Redis the manager publishes it)."""

        async def close() -> None:
            async with asyncio.timeout(PUSH_TIMEOUT_SECONDS):
                await self.server.close_room(room, namespace=namespace)

        uow.after_commit(close)

    def present_here(self, room: str, namespace: str, sid: str | None = None) -> bool:
        """Whether a connection of this process (`sid`, or any) is in `room`: the socket.io
        manager keeps no list across processes (core/presence does)."""
        here = self.server.manager.get_participants(namespace, room)
        return any(True for s, _ in here if sid is None or s == sid)

    def schema(self) -> dict[str, Any]:
        """The socket schema of every event registered here (core/socket_events.py)."""
        return socket_schema(self._routes)

    def asgi(self, other_app: Any) -> Any:
        app = socketio.ASGIApp(self.server, other_asgi_app=other_app, socketio_path="socket.io")
        return PayloadLimit(app, MAX_PAYLOAD_BYTES)

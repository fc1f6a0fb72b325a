"""The socket.io server mounted in the same ASGI app, and its typed events.

Embedded it keeps rooms in memory; with Redis configured it uses `AsyncRedisManager`, so any API
process can reach any connected person and workers can emit through a write-only manager. Every
connection, in every namespace, authenticates with an access token of a person who still exists
(the accounts domain registers that check) and joins `user:<id>`.

What the transactional route is for HTTP, `Realtime.on` is for a client's event: the payload is
validated by its pydantic model, the handler runs inside one unit of work with the connection's
person, an `AppError` rolls it back and becomes the ack `{"ok": false, "error", "detail"}`, and
success acks `{"ok": true, ...}`, the reply's fields beside `ok`. Server to client events are
`ServerEvent` models, sent with `Realtime.send` after the unit of work commits.
`Realtime.schema` describes both directions, so the web's types are generated from it
(`mygemini socket-schema`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

import socketio
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.types import ASGIApp, Receive, Scope, Send

from mygemini import __version__
from mygemini.core.db import Database, UnitOfWork
from mygemini.core.security import decode_access_token
from mygemini.errors import DETAIL_MAX, AppError, describe_validation_errors, shorten

log = logging.getLogger(__name__)

# How long one push may take, and how long pushes are dropped after one timed out: a frozen Redis
# must not hold a request or a worker's heartbeat (socket.io's own publish retries, uncapped).
# Pushes are best effort: what they tell is also in the database (inbox, job rows).
PUSH_TIMEOUT_SECONDS = 2.0
PUSH_PAUSE_SECONDS = 5.0


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


def _library_logger(name: str, level: int) -> logging.Logger:
    # Given a logger of ours, socket.io and engine.io add no handler of their own (with `False`
    # they print every error a second time, bare, beside our formatted log).
    logger = logging.getLogger(name)
    logger.setLevel(level)
    if not any(isinstance(f, _OncePerWindow) for f in logger.filters):
        logger.addFilter(_OncePerWindow())
    return logger


# The largest Engine.IO payload (a long-polling POST or one websocket message) we accept. Our
# clients send small JSON (the largest, a 2000-character table message, is well under); the
# library's 1 MB default only lets strangers make us buffer. A larger frame closes the connection.
MAX_PAYLOAD_BYTES = 16 * 1024

# Names socket.io keeps for its own lifecycle. A client that sends one as an ordinary event
# (`42["connect", ...]`) must not reach the handler of that name.
RESERVED_EVENTS = frozenset(
    {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}
)

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


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


class ServerEvent(BaseModel):
    """A server to client event, declared once: the class names it (`event`, in `namespace`),
    its fields are what the client receives. Every subclass is part of the socket schema."""

    event: ClassVar[str]
    namespace: ClassVar[str] = "/"

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "event" not in cls.__dict__:
            return  # an intermediate base, not an event
        key = (cls.namespace, cls.event)
        known = _SERVER_EVENTS.get(key)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"{cls.event!r} in {cls.namespace} is already {known.__qualname__}")
        _SERVER_EVENTS[key] = cls


_SERVER_EVENTS: dict[tuple[str, str], type[ServerEvent]] = {}


class SocketError(BaseModel):
    """The ack of an event that failed; nothing it would have written or sent happened."""

    ok: Literal[False] = False
    error: str
    detail: str


@dataclass(frozen=True)
class SocketCall:
    """What a client event's handler gets besides its payload: the open unit of work and the
    person this connection authenticated as at connect."""

    uow: UnitOfWork
    user_id: int
    sid: str
    namespace: str


P = TypeVar("P", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)
# A handler returns its declared reply model, or None when `on` was given no `reply`.
EventHandler = Callable[[SocketCall, P], Awaitable[R | None]]


@dataclass(frozen=True)
class _Route:
    payload: type[BaseModel]
    reply: type[BaseModel] | None
    handler: Callable[[SocketCall, Any], Awaitable[BaseModel | None]]


def _failed(error: str, detail: str) -> dict[str, Any]:
    return SocketError(error=error, detail=shorten(detail, DETAIL_MAX)).model_dump()


class _Server(socketio.AsyncServer):  # type: ignore[misc]
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


class _RedisManager(socketio.AsyncRedisManager):  # type: ignore[misc]
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
        self._writer: socketio.AsyncRedisManager | None = None
        if write_only:
            if not redis_url:
                raise ValueError("a write-only emitter needs Redis")
            self._writer = socketio.AsyncRedisManager(
                redis_url,
                channel=channel,
                write_only=True,
                logger=_library_logger("mygemini.socketio", logging.WARNING),
                redis_options=dict(redis_options or {}),
            )
        # A write-only process (worker, scheduler) serves no sockets: no listening manager.
        manager = (
            _RedisManager(redis_url, channel=channel, redis_options=dict(redis_options or {}))
            if redis_url and not write_only
            else None
        )
        self.server = _Server(
            async_mode="asgi",
            client_manager=manager,
            cors_allowed_origins=[],
            logger=_library_logger("mygemini.socketio", logging.WARNING),
            engineio_logger=_library_logger("mygemini.engineio", logging.ERROR),
            max_http_buffer_size=MAX_PAYLOAD_BYTES,
        )
        self._secret = jwt_secret
        self._db = db
        self._pushes_paused_until = 0.0
        # Until a domain says who may connect, nobody may.
        self._admit: Admission = _nobody
        self._routes: dict[str, dict[str, _Route]] = {}
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
            routes[event] = _Route(payload, reply, handler)
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
            return _failed("UnknownEvent", f"No event {shorten(event, 60)!r} in {namespace}.")
        session = await self.server.get_session(sid, namespace=namespace)
        user_id = session.get("user_id") if isinstance(session, dict) else None
        if not isinstance(user_id, int) or self._db is None:
            # Only a connection that passed `_connect` gets here, in a process that serves.
            return _failed("Unauthorized", "Authentication is required.")
        guard = self._guards.get(namespace)
        if guard is not None:
            # Before validation too: a flood of malformed events is counted like any other.
            try:
                await guard(user_id)
            except AppError as exc:
                return _failed(exc.name, exc.detail)
            except _UNAVAILABLE as exc:
                log.warning("socket event %s: guard unavailable: %s", event, type(exc).__name__)
                return _failed(
                    "ServiceUnavailable",
                    "A service this event needs does not answer; try again shortly.",
                )
        if len(args) != 1:
            return _failed("ValidationError", "payload: send exactly one payload")
        try:
            payload = route.payload.model_validate(args[0])
        except ValidationError as exc:
            errors = [{**e, "loc": ("payload", *e["loc"])} for e in exc.errors()]
            return _failed("ValidationError", describe_validation_errors(errors))
        try:
            # Never cancelled half-way: the unit of work ends its transaction first (core/db).
            async with self._db.unit_of_work() as uow:
                result = await route.handler(SocketCall(uow, user_id, sid, namespace), payload)
        except AppError as exc:
            return _failed(exc.name, exc.detail)
        except _UNAVAILABLE as exc:
            log.warning("socket event %s: unavailable: %s", event, type(exc).__name__)
            return _failed(
                "ServiceUnavailable",
                "A service this event needs does not answer; try again shortly.",
            )
        except Exception:
            log.exception("socket event %s in %s failed", event, namespace)
            return _failed("InternalError", "The event could not be handled.")
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
        if time.monotonic() < self._pushes_paused_until:
            return
        try:
            async with asyncio.timeout(PUSH_TIMEOUT_SECONDS):
                if self._writer is not None:
                    await self._writer.emit(
                        message.event, data, room=room, namespace=message.namespace
                    )
                else:
                    await self.server.emit(
                        message.event, data, room=room, namespace=message.namespace
                    )
        except TimeoutError:
            self._pushes_paused_until = time.monotonic() + PUSH_PAUSE_SECONDS
            log.warning(
                "socket.io pushes time out (Redis?); dropping them for %ss", PUSH_PAUSE_SECONDS
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
        """Every client event's payload and ack and every server event, per namespace, as an
        OpenAPI 3.1 document of components only (its schemas are JSON Schema 2020-12): the web
        generates its socket types from it as it does its HTTP client from the OpenAPI."""
        ref = "#/components/schemas/{model}"
        client = [(ns, ev, r) for ns, routes in self._routes.items() for ev, r in routes.items()]
        server = sorted(_SERVER_EVENTS.items())
        models: list[tuple[type[BaseModel], Any]] = [(SocketError, "serialization")]
        models += [(r.payload, "validation") for _, _, r in client]
        models += [(r.reply, "serialization") for _, _, r in client if r.reply is not None]
        models += [(cls, "serialization") for _, cls in server]
        refs, defs = models_json_schema(models, ref_template=ref)
        schemas: dict[str, Any] = dict(defs.get("$defs", {}))

        def shape(properties: dict[str, Any]) -> dict[str, Any]:
            return {
                "type": "object",
                "properties": properties,
                "required": sorted(properties),
                "additionalProperties": False,
            }

        namespaces = sorted({ns for ns, _, _ in client} | {ns for (ns, _), _ in server})
        server_events = {
            ns: shape({ev: refs[(cls, "serialization")] for (n, ev), cls in server if n == ns})
            for ns in namespaces
        }
        client_events: dict[str, Any] = {}
        for ns in namespaces:
            events: dict[str, Any] = {}
            for n, ev, r in sorted(client, key=lambda c: (c[0], c[1])):
                if n != ns:
                    continue
                ok = shape({"ok": {"const": True, "type": "boolean"}})
                if r.reply is not None:
                    ok = {
                        "allOf": [
                            {**ok, "additionalProperties": True},
                            refs[(r.reply, "serialization")],
                        ]
                    }
                events[ev] = shape(
                    {
                        "payload": refs[(r.payload, "validation")],
                        "ack": {"oneOf": [ok, refs[(SocketError, "serialization")]]},
                    }
                )
            client_events[ns] = shape(events)
        schemas["ServerEvents"] = {
            "description": "Per namespace, each event the server sends and what it carries.",
            **shape(server_events),
        }
        schemas["ClientEvents"] = {
            "description": "Per namespace, each event a client may send: its payload and ack.",
            **shape(client_events),
        }
        return {
            "openapi": "3.1.0",
            "info": {"title": "mygemini socket.io events", "version": __version__},
            "paths": {},
            "components": {"schemas": schemas},
        }

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

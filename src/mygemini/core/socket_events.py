"""The socket's typed events: server to client events are `ServerEvent` models; a client
event's handler gets a `SocketCall` and returns its reply model, and an `AppError` it raises
reaches the client as a `SocketError` ack (core/realtime.py runs them).
`socket_schema` describes both directions for the web's generated types
(`mygemini socket-schema`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from mygemini import __version__
from mygemini.core.db import UnitOfWork
from mygemini.errors import DETAIL_MAX, shorten


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
        known = SERVER_EVENTS.get(key)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"{cls.event!r} in {cls.namespace} is already {known.__qualname__}")
        SERVER_EVENTS[key] = cls


SERVER_EVENTS: dict[tuple[str, str], type[ServerEvent]] = {}


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
class EventRoute:
    """A client event's registration: its payload and reply models and its handler."""

    payload: type[BaseModel]
    reply: type[BaseModel] | None
    handler: Callable[[SocketCall, Any], Awaitable[BaseModel | None]]


def failed_ack(error: str, detail: str) -> dict[str, Any]:
    return SocketError(error=error, detail=shorten(detail, DETAIL_MAX)).model_dump()


def socket_schema(routes: dict[str, dict[str, EventRoute]]) -> dict[str, Any]:
    """Every client event's payload and ack (`routes`, per namespace) and every server event,
    per namespace, as an OpenAPI 3.1 document of components only (its schemas are JSON Schema
    2020-12): the web generates its socket types from it as it does its HTTP client from the
    OpenAPI."""
    ref = "#/components/schemas/{model}"
    client = [(ns, ev, r) for ns, named in routes.items() for ev, r in named.items()]
    server = sorted(SERVER_EVENTS.items())
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

"""Client events through `Realtime.on`: the connection's person, a validated payload, one unit of
work, an `{"ok": ...}` ack, and pushes only after the commit — in every namespace.

A test handler stores a real notification (a row, and a push after commit) and then, as the
payload asks, succeeds, raises an AppError, or breaks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import socketio
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from mygemini.core.realtime import Realtime, ServerEvent, SocketCall, user_room
from mygemini.errors import Conflict
from mygemini.notifications.kinds import NewFollower
from mygemini.notifications.service import notify
from tests.conftest import MakePerson, Person
from tests.live import serving

ROOM_NS = "/test-room"


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=40)
    then: str = "succeed"  # or "refuse" (an AppError) or "break" (a bug)


class Noted(BaseModel):
    text: str
    user_id: int


class Knock(BaseModel):
    who: str


class Knocked(ServerEvent):
    """A server event of another namespace than "/"."""

    event = "test.knocked"
    namespace = ROOM_NS

    who: str


class NotToday(Conflict):
    default_detail = "No notes today."


def register(app: FastAPI) -> None:
    realtime: Realtime = app.state.ctx.realtime

    @realtime.on("/", "test.note", Note, reply=Noted)
    async def note(call: SocketCall, payload: Note) -> Noted:
        # Any kind of notification will do: the text goes where a follower's nickname goes.
        await notify(
            call.uow, realtime, call.user_id, NewFollower(nickname=payload.text, avatar_url=None)
        )
        if payload.then == "refuse":
            raise NotToday()
        if payload.then == "break":
            raise RuntimeError("a bug")
        return Noted(text=payload.text, user_id=call.user_id)

    @realtime.on(ROOM_NS, "test.knock", Knock)
    async def knock(call: SocketCall, payload: Knock) -> None:
        realtime.send(call.uow, Knocked(who=payload.who), room=user_room(call.user_id))


@dataclass
class Live:
    base: str
    sio: socketio.AsyncClient
    notes: asyncio.Queue[Any]
    knocks: asyncio.Queue[Any]

    async def call(self, event: str, data: Any, namespace: str = "/") -> Any:
        """Emit and wait for the ack (a tuple `data` is sent as that many arguments)."""
        return await self.sio.call(event, data, namespace=namespace, timeout=5)

    async def inbox(self, person: Person) -> list[str]:
        async with httpx.AsyncClient(base_url=self.base) as http:
            r = await http.get("/api/notifications", headers=person.auth)
        assert r.status_code == 200, r.text
        return [n["payload"]["nickname"] for n in r.json()["items"] if n["kind"] == "follow.new"]


@pytest.fixture
async def live(app: FastAPI, make_person: MakePerson) -> AsyncIterator[tuple[Live, Person]]:
    register(app)
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        person: Person = await make_person()
        sio = socketio.AsyncClient(reconnection=False)
        notes: asyncio.Queue[Any] = asyncio.Queue()
        knocks: asyncio.Queue[Any] = asyncio.Queue()
        sio.on("notification.new", notes.put_nowait)
        sio.on("test.knocked", knocks.put_nowait, namespace=ROOM_NS)
        await sio.connect(
            base,
            auth={"token": person.token},
            namespaces=["/", ROOM_NS],
            transports=["websocket"],
        )
        try:
            yield Live(base, sio, notes, knocks), person
        finally:
            await sio.disconnect()


async def test_every_namespace_refuses_a_connection_without_a_valid_token(app: FastAPI) -> None:
    register(app)
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        for auth in (None, {"token": "not-a-jwt"}):
            sio = socketio.AsyncClient(reconnection=False)
            with pytest.raises(socketio.exceptions.ConnectionError):
                await sio.connect(base, auth=auth, namespaces=[ROOM_NS], transports=["websocket"])


async def test_a_valid_event_acks_ok_and_pushes_after_its_commit(
    live: tuple[Live, Person],
) -> None:
    client, person = live
    ack = await client.call("test.note", {"text": "hello"})
    assert ack == {"ok": True, "text": "hello", "user_id": person.id}
    note = await asyncio.wait_for(client.notes.get(), 5)
    assert (note["kind"], note["payload"], note["read"]) == (
        "follow.new",
        {"nickname": "hello", "avatar_url": None},
        False,
    )
    assert await client.inbox(person) == ["hello"]


async def test_an_invalid_payload_acks_a_validation_error_and_the_connection_goes_on(
    live: tuple[Live, Person],
) -> None:
    client, person = live
    for bad in ({"text": ""}, {"text": "x", "extra": 1}, "not an object", None):
        ack = await client.call("test.note", bad)
        assert ack["ok"] is False, bad
        assert ack["error"] == "ValidationError"
        assert "payload" in ack["detail"]
    ack = await client.call("test.note", ({"text": "x"}, {"text": "y"}))
    assert (ack["ok"], ack["error"]) == (False, "ValidationError")
    ack = await client.call("test.note", {"text": "x" * 41})
    assert "payload.text" in ack["detail"]
    # The same connection still works, and nothing was written.
    assert client.sio.connected
    assert await client.inbox(person) == []
    assert (await client.call("test.note", {"text": "after"}))["ok"] is True
    assert (await asyncio.wait_for(client.notes.get(), 5))["payload"]["nickname"] == "after"


@pytest.mark.parametrize(
    ("then", "error", "detail"),
    [
        ("refuse", "NotToday", "No notes today."),
        ("break", "InternalError", "The event could not be handled."),
    ],
)
async def test_a_failing_handler_acks_its_error_writes_nothing_and_pushes_nothing(
    live: tuple[Live, Person], caplog: pytest.LogCaptureFixture, then: str, error: str, detail: str
) -> None:
    client, person = live
    with caplog.at_level(logging.ERROR, "mygemini.core.realtime"):
        ack = await client.call("test.note", {"text": "doomed", "then": then})
    assert ack == {"ok": False, "error": error, "detail": detail}
    # An AppError is the client's answer, not our failure; a bug is logged.
    assert bool(caplog.records) is (then == "break")
    # A barrier instead of a wait: pushes reach one connection in order, so the failed event's
    # push, had it gone out, would arrive before this one.
    assert (await client.call("test.note", {"text": "next"}))["ok"] is True
    assert (await asyncio.wait_for(client.notes.get(), 5))["payload"]["nickname"] == "next"
    assert await client.inbox(person) == ["next"]


async def test_an_unknown_event_acks_an_error(live: tuple[Live, Person]) -> None:
    client, _ = live
    ack = await client.call("test.nothing", {})
    assert (ack["ok"], ack["error"]) == (False, "UnknownEvent")
    # Events belong to their namespace.
    ack = await client.call("test.note", {"text": "x"}, namespace=ROOM_NS)
    assert (ack["ok"], ack["error"]) == (False, "UnknownEvent")
    ack = await client.call("x" * 10_000, {})
    assert len(ack["detail"]) < 200
    assert client.sio.connected


async def test_a_namespace_has_its_own_events_and_pushes(live: tuple[Live, Person]) -> None:
    client, _ = live
    ack = await client.call("test.knock", {"who": "ada"}, namespace=ROOM_NS)
    assert ack == {"ok": True}
    assert await asyncio.wait_for(client.knocks.get(), 5) == {"who": "ada"}


async def test_the_schema_describes_both_directions(app: FastAPI) -> None:
    register(app)
    schema = app.state.ctx.realtime.schema()["components"]["schemas"]
    server = schema["ServerEvents"]["properties"]
    assert server["/"]["properties"]["notification.new"] == {
        "$ref": "#/components/schemas/NotificationNew"
    }
    assert server[ROOM_NS]["properties"]["test.knocked"] == {"$ref": "#/components/schemas/Knocked"}
    note = schema["ClientEvents"]["properties"]["/"]["properties"]["test.note"]["properties"]
    assert note["payload"] == {"$ref": "#/components/schemas/Note"}
    ok, failed = note["ack"]["oneOf"]
    # The reply's fields sit beside `ok`.
    flag, reply = ok["allOf"]
    assert flag["properties"]["ok"]["const"] is True
    assert reply == {"$ref": "#/components/schemas/Noted"}
    assert failed == {"$ref": "#/components/schemas/SocketError"}
    assert schema["Note"]["properties"]["text"]["maxLength"] == 40

"""A served app with real socket.io clients on `/tabletop`, and people who open and join rooms
over HTTP."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import socketio
from fastapi import FastAPI

from tests.conftest import Person, sign_up
from tests.live import serving

NS = "/tabletop"
_ids = itertools.count(1)
# What the server pushes about the stage (Tabletop II), heard in `Seat.stage`.
STAGE_EVENTS = (
    "scene.changed",
    "scene.generating",
    "scene.rules",
    "music.changed",
    "sheet.changed",
    "turns.changed",
    "fourcut.progress",
    "fourcut.ready",
)


def cid() -> str:
    """A fresh client_id."""
    return f"c{next(_ids)}"


@dataclass
class Seat:
    """One person's connection to `/tabletop`: what it hears, queued."""

    person: Person
    sio: socketio.AsyncClient
    events: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    lobby: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    presence: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    stage: asyncio.Queue[tuple[str, dict[str, Any]]] = field(default_factory=asyncio.Queue)
    gone: asyncio.Event = field(default_factory=asyncio.Event)

    async def call(self, event: str, payload: Any) -> dict[str, Any]:
        ack: dict[str, Any] = await self.sio.call(event, payload, namespace=NS, timeout=10)
        return ack

    async def ok(self, event: str, payload: Any) -> Any:
        ack = await self.call(event, payload)
        assert ack["ok"] is True, ack
        return ack

    async def next_event(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.events.get(), 5)

    async def next_lobby(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.lobby.get(), 5)

    async def next_presence(self, within: float = 5) -> dict[str, Any]:
        return await asyncio.wait_for(self.presence.get(), within)

    async def heard(
        self,
        event: str,
        until: Callable[[dict[str, Any]], bool] = lambda _: True,
        within: float = 10,
    ) -> dict[str, Any]:
        """The first stage push named `event` that `until` accepts (others are passed over)."""
        async with asyncio.timeout(within):
            while True:
                name, data = await self.stage.get()
                if name == event and until(data):
                    return data


@dataclass
class Table:
    app: FastAPI
    base: str
    seats: list[Seat] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    async def person(self) -> Person:
        p = await sign_up(self.app)
        self.people.append(p)
        return p

    async def connect(self, person: Person, base: str | None = None) -> Seat:
        """Connected to `/tabletop` of this table's server (or of the one at `base`)."""
        sio = socketio.AsyncClient(reconnection=False)
        seat = Seat(person, sio)
        sio.on("room.event", seat.events.put_nowait, namespace=NS)
        sio.on("lobby.changed", seat.lobby.put_nowait, namespace=NS)
        sio.on("member.presence", seat.presence.put_nowait, namespace=NS)
        sio.on("disconnect", seat.gone.set, namespace=NS)
        for name in STAGE_EVENTS:
            sio.on(name, _into(seat.stage, name), namespace=NS)
        await sio.connect(
            base or self.base,
            namespaces=[NS],
            auth={"token": person.token},
            transports=["websocket"],
            # As tests/pushes.py: on a loaded CI box (the browser tests beside the PostgreSQL +
            # Redis pass, on 2 cores) the namespace's answer once took over 5 s.
            wait_timeout=10,
        )
        self.seats.append(seat)
        return seat

    async def open_room(self, gm: Person, **body: Any) -> dict[str, Any]:
        r = await gm.client.post("/api/rooms", json={"title": "The Keep", **body}, headers=gm.auth)
        assert r.status_code == 201, r.text
        room: dict[str, Any] = r.json()
        return room

    async def join(self, person: Person, room_id: int, **body: Any) -> dict[str, Any]:
        r = await person.client.post(f"/api/rooms/{room_id}/join", json=body, headers=person.auth)
        assert r.status_code == 200, r.text
        room: dict[str, Any] = r.json()
        return room

    async def seated(
        self, person: Person, room_id: int, base: str | None = None
    ) -> tuple[Seat, dict[str, Any]]:
        """Connected and entered; returns the seat and the enter ack."""
        seat = await self.connect(person, base)
        entered = await seat.ok("room.enter", {"room_id": room_id})
        return seat, entered


@pytest.fixture
async def table(app: FastAPI) -> AsyncIterator[Table]:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        t = Table(app, base)
        try:
            yield t
        finally:
            for seat in t.seats:
                if seat.sio.connected:
                    await seat.sio.disconnect()
            for p in t.people:
                await p.client.aclose()


def _into(
    queue: asyncio.Queue[tuple[str, dict[str, Any]]], name: str
) -> Callable[[dict[str, Any]], None]:
    def put(data: dict[str, Any]) -> None:
        queue.put_nowait((name, data))

    return put


async def drain(seat: Seat, until: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """Events heard up to and including the first that `until` accepts."""
    heard = []
    while True:
        event = await seat.next_event()
        heard.append(event)
        if until(event):
            return heard


async def gather(*aws: Awaitable[Any]) -> list[Any]:
    return list(await asyncio.gather(*aws))

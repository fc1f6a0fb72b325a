"""A person's socket as the web app holds it: connect with an access token, collect the pushed
notifications, and check that a follow made over HTTP is pushed."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import redis.asyncio as redis
import socketio
from fastapi import FastAPI

from tests.conftest import Person
from tests.waiting import eventually

Inbox = asyncio.Queue[Any]


async def connect(base: str, token: str | None) -> tuple[socketio.AsyncClient, Inbox]:
    """A socket.io client at `base` whose `notification.new` pushes land in the inbox."""
    sio = socketio.AsyncClient(reconnection=False)
    inbox: Inbox = asyncio.Queue()
    sio.on("notification.new", inbox.put_nowait)
    # socket.io waits 1 s for the namespace's answer by default; a loaded CI box (PostgreSQL,
    # Redis and the server on two cores) once took longer to admit the person.
    await sio.connect(
        base,
        auth={"token": token} if token else None,
        transports=["websocket"],
        wait_timeout=10,
    )
    return sio, inbox


@asynccontextmanager
async def connected(base: str, person: Person) -> AsyncIterator[Inbox]:
    """`person`'s socket for the block: yields the inbox, disconnects after."""
    sio, inbox = await connect(base, person.token)
    try:
        yield inbox
    finally:
        await sio.disconnect()


async def follow_and_expect_push(base: str, fan: Person, star: Person, inbox: Inbox) -> Any:
    """`fan` follows `star` through the API at `base`; the push must reach `star`'s inbox.
    Returns the notification pushed."""
    async with httpx.AsyncClient(base_url=base) as http:
        r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
        assert r.status_code == 204, r.text
    note = await asyncio.wait_for(inbox.get(), 5)
    assert note["payload"]["nickname"] == fan.nickname, note
    return note


async def listening(*apps: FastAPI, within: float = 10.0) -> None:
    """Until the socket.io Redis listener of every app is subscribed to its channel: a push
    published before that is lost to the people connected there. At once when embedded.

    The listener starts with the first connection, so call this after connecting."""
    wanted = Counter(
        (app.state.ctx.settings.redis_url, app.state.ctx.realtime.server.manager.channel)
        for app in apps
        if app.state.ctx.settings.redis_url
    )
    for (url, channel), count in wanted.items():
        await _until_subscribed(url, channel, count, within)


async def _until_subscribed(url: str, channel: str, count: int, within: float) -> None:
    client = redis.Redis.from_url(url)

    async def subscribed() -> bool:
        try:
            [(_, subscribers)] = await client.pubsub_numsub(channel)
        except redis.ConnectionError:
            return False  # a Redis starting again
        return int(subscribers) >= count

    try:
        await eventually(subscribed, f"{count} socket.io listener(s) on {channel}", within=within)
    finally:
        await client.aclose()

"""socket.io: token-authenticated connections, `user:<id>` rooms, pushes after commit, and —
with Redis — a push made by one API process reaching a person connected to another."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import socketio
from fastapi import FastAPI

from mygemini.app import create_app
from mygemini.config import Settings
from tests.conftest import Person, sign_up
from tests.live import serving


async def connect(base: str, token: str | None) -> tuple[socketio.AsyncClient, asyncio.Queue[Any]]:
    sio = socketio.AsyncClient(reconnection=False)
    inbox: asyncio.Queue[Any] = asyncio.Queue()
    sio.on("notification.new", inbox.put_nowait)
    await sio.connect(base, auth={"token": token} if token else None, transports=["websocket"])
    return sio, inbox


async def test_connection_needs_a_valid_access_token(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        for token in (None, "not-a-jwt"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await connect(base, token)


async def test_new_follower_is_pushed_to_the_followed_person(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        star = await sign_up(app)
        fan = await sign_up(app)
        sio, inbox = await connect(base, star.token)
        try:
            async with httpx.AsyncClient(base_url=base) as http:
                r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
                assert r.status_code == 204
            note = await asyncio.wait_for(inbox.get(), 5)
            assert note["kind"] == "follow.new"
            assert note["payload"]["nickname"] == fan.nickname
            assert note["read"] is False
        finally:
            await sio.disconnect()
            await star.client.aclose()
            await fan.client.aclose()


async def test_failed_request_pushes_nothing(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        star: Person = await sign_up(app)
        sio, inbox = await connect(base, star.token)
        try:
            async with httpx.AsyncClient(base_url=base) as http:
                r = await http.put(f"/api/users/{star.nickname}/follow", headers=star.auth)
                assert r.status_code == 400
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(inbox.get(), 0.5)
        finally:
            await sio.disconnect()
            await star.client.aclose()


async def test_push_crosses_api_processes_through_redis(settings: Settings) -> None:
    if not settings.redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    one, two = create_app(settings), create_app(settings)
    try:
        async with (
            serving(one.state.ctx.realtime.asgi(one)) as base_one,
            serving(two.state.ctx.realtime.asgi(two)) as base_two,
        ):
            star = await sign_up(one)
            fan = await sign_up(two)
            sio, inbox = await connect(base_one, star.token)
            await asyncio.sleep(0.3)  # let the Redis manager subscribe
            try:
                async with httpx.AsyncClient(base_url=base_two) as http:
                    r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
                    assert r.status_code == 204
                note = await asyncio.wait_for(inbox.get(), 5)
                assert note["payload"]["nickname"] == fan.nickname
            finally:
                await sio.disconnect()
                await star.client.aclose()
                await fan.client.aclose()
    finally:
        await one.state.ctx.db.dispose()
        await two.state.ctx.db.dispose()

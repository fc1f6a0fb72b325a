"""socket.io: token-authenticated connections, `user:<id>` rooms, pushes after commit, and —
with Redis — a push made by one API process reaching a person connected to another."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse

from mygemini.app import create_app
from mygemini.config import Settings
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import Conflict
from mygemini.notifications.kinds import NewFollower
from mygemini.notifications.service import notify
from tests.conftest import Person, make_settings, sign_up
from tests.live import serving
from tests.redis_server import own_redis


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


def add_route_that_notifies_then_fails(app: FastAPI) -> None:
    """A transactional route that buffers a push (stores a note for `user_id`) and then fails:
    `raise` with an AppError, or `return` a 409 response (the route rolls back either way)."""
    router = APIRouter(route_class=TransactionalRoute)

    @router.post("/api/test/notify-then-fail")
    async def notify_then_fail(uow: Uow, user_id: int, how: str) -> JSONResponse:
        await notify(
            uow, app.state.ctx.realtime, user_id, NewFollower(nickname="ghost", avatar_url=None)
        )
        if how == "raise":
            raise Conflict("Changed my mind.")
        return JSONResponse({"error": "Conflict", "detail": "Changed my mind."}, 409)

    app.include_router(router)
    # Ahead of the web app's catch-all route, which create_app added last.
    app.router.routes.insert(0, app.router.routes.pop())


@pytest.mark.parametrize("how", ["raise", "return"])
async def test_failed_request_pushes_nothing(app: FastAPI, how: str) -> None:
    """The push is buffered, then the request fails: it must never go out (ADR 0002)."""
    add_route_that_notifies_then_fails(app)
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        star: Person = await sign_up(app)
        fan: Person = await sign_up(app)
        sio, inbox = await connect(base, star.token)
        try:
            async with httpx.AsyncClient(base_url=base) as http:
                r = await http.post(
                    "/api/test/notify-then-fail", params={"user_id": star.id, "how": how}
                )
                assert r.status_code == 409, r.text
                # A barrier instead of a wait: pushes reach one connection in order, so had the
                # failed request's push gone out, it would arrive before this one.
                r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
                assert r.status_code == 204
            note = await asyncio.wait_for(inbox.get(), 5)
            assert note["payload"]["nickname"] == fan.nickname
            async with httpx.AsyncClient(base_url=base) as http:
                r = await http.get("/api/notifications", headers=star.auth)
            assert [n["payload"]["nickname"] for n in r.json()["items"]] == [fan.nickname]
        finally:
            await sio.disconnect()
            await star.client.aclose()
            await fan.client.aclose()


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


async def test_two_deployments_on_one_redis_never_get_each_others_pushes(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """Pub/sub channels ignore the database number: without a channel of its own, a push of one
    deployment reached the person with the same id connected to another."""
    if not redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    ours = make_settings(tmp_path / "ours", database_url, redis_url)
    theirs = make_settings(tmp_path / "theirs", database_url, redis_url)
    assert ours.redis_prefix != theirs.redis_prefix
    # Default prefixes differ by database too (a test run and a dev server on one Redis).
    assert (
        Settings(database_url=database_url).redis_prefix
        != Settings(database_url=database_url + "_other").redis_prefix
    )
    one, two = create_app(ours), create_app(theirs)
    try:
        async with (
            serving(one.state.ctx.realtime.asgi(one)) as base_one,
            serving(two.state.ctx.realtime.asgi(two)) as base_two,
        ):
            # One database here, so "person 5" of both deployments is literally the same id.
            star = await sign_up(one)
            fan = await sign_up(one)
            sio_ours, inbox_ours = await connect(base_one, star.token)
            sio_theirs, inbox_theirs = await connect(base_two, star.token)
            await asyncio.sleep(0.3)  # let the Redis managers subscribe
            try:
                async with httpx.AsyncClient(base_url=base_one) as http:
                    r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
                    assert r.status_code == 204
                note = await asyncio.wait_for(inbox_ours.get(), 5)
                assert note["payload"]["nickname"] == fan.nickname
                with pytest.raises(TimeoutError):
                    await asyncio.wait_for(inbox_theirs.get(), 1)
            finally:
                await sio_ours.disconnect()
                await sio_theirs.disconnect()
                await star.client.aclose()
                await fan.client.aclose()
    finally:
        await one.state.ctx.db.dispose()
        await two.state.ctx.db.dispose()


async def test_pushes_reach_people_again_within_seconds_of_a_redis_restart(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """After Redis comes back, this process's listener resubscribes and pushes flow again (an
    outside probe saw socket.io's own backoff — 1, 2, 4 … up to 60 s — keep a process dark for
    a while; the manager now retries every 2 s at most)."""
    if not redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    async with own_redis() as server:
        settings = make_settings(tmp_path, database_url, server.url)
        settings.redis_timeout_seconds = 1.0
        app = create_app(settings)
        try:
            async with serving(app.state.ctx.realtime.asgi(app)) as base:
                star = await sign_up(app)
                fan = await sign_up(app)
                sio, inbox = await connect(base, star.token)
                try:
                    await server.kill()
                    await asyncio.sleep(8)
                    await server.start()
                    await asyncio.sleep(2.5)
                    async with httpx.AsyncClient(base_url=base) as http:
                        r = await http.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
                        assert r.status_code == 204
                    note = await asyncio.wait_for(inbox.get(), 5)
                    assert note["payload"]["nickname"] == fan.nickname
                finally:
                    await sio.disconnect()
                    await star.client.aclose()
                    await fan.client.aclose()
        finally:
            await app.state.ctx.db.dispose()

"""socket.io: token-authenticated connections, `user:<id>` rooms, pushes after commit, and —
with Redis — a push made by one API process reaching a person connected to another."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import socketio
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from redis.asyncio import Redis

from mygemini.app import build_context, create_app
from mygemini.config import Settings
from mygemini.core.socket_server import KeepingRedisManager
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import Conflict
from mygemini.notifications.kinds import NewFollower
from mygemini.notifications.service import notify
from tests.conftest import Person, make_settings, sign_up
from tests.live import serving
from tests.pushes import connect, connected, follow_and_expect_push, listening
from tests.redis_server import RedisServer, own_redis


async def test_connection_needs_a_valid_access_token(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        for token in (None, "not-a-jwt"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await connect(base, token)


async def test_new_follower_is_pushed_to_the_followed_person(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        star = await sign_up(app)
        fan = await sign_up(app)
        try:
            async with connected(base, star) as inbox:
                note = await follow_and_expect_push(base, fan, star, inbox)
            assert note["kind"] == "follow.new"
            assert note["read"] is False
        finally:
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
        try:
            async with connected(base, star) as inbox, httpx.AsyncClient(base_url=base) as http:
                r = await http.post(
                    "/api/test/notify-then-fail", params={"user_id": star.id, "how": how}
                )
                assert r.status_code == 409, r.text
                # A barrier instead of a wait: pushes reach one connection in order, so had the
                # failed request's push gone out, it would arrive before this one.
                await follow_and_expect_push(base, fan, star, inbox)
                r = await http.get("/api/notifications", headers=star.auth)
            assert [n["payload"]["nickname"] for n in r.json()["items"]] == [fan.nickname]
        finally:
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
            try:
                async with connected(base_one, star) as inbox:
                    # `one` holds the socket; `two` only publishes (it listens once someone
                    # connects to it).
                    await listening(one)
                    await follow_and_expect_push(base_two, fan, star, inbox)
            finally:
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
            fan, other_fan = await sign_up(one), await sign_up(one)
            try:
                async with (
                    connected(base_one, star) as our_inbox,
                    connected(base_two, star) as their_inbox,
                ):
                    await listening(one, two)
                    await follow_and_expect_push(base_one, fan, star, our_inbox)
                    # A barrier instead of waiting for nothing: their first push must be one of
                    # their own, since ours, had it crossed over, would have come before it.
                    await follow_and_expect_push(base_two, other_fan, star, their_inbox)
            finally:
                for person in (star, fan, other_fan):
                    await person.client.aclose()
    finally:
        await one.state.ctx.db.dispose()
        await two.state.ctx.db.dispose()


@asynccontextmanager
async def app_on_own_redis(
    tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[tuple[RedisServer, FastAPI]]:
    """An app on a Redis of this test's own, which the test may kill and start again."""
    if not redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    async with own_redis() as server:
        settings = make_settings(tmp_path, database_url, server.url)
        settings.redis_timeout_seconds = 1.0
        app = create_app(settings)
        try:
            yield server, app
        finally:
            await app.state.ctx.db.dispose()


async def test_pushes_reach_people_again_within_seconds_of_a_redis_restart(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """After Redis comes back, this process's listener resubscribes and pushes flow again (an
    outside probe saw socket.io's own backoff — 1, 2, 4 … up to 60 s — keep a process dark for
    a while; the manager now retries every 2 s at most)."""
    async with (
        app_on_own_redis(tmp_path, database_url, redis_url) as (server, app),
        serving(app.state.ctx.realtime.asgi(app)) as base,
    ):
        star = await sign_up(app)
        fan = await sign_up(app)
        try:
            async with connected(base, star) as inbox:
                await listening(app)
                await server.kill()
                # The outage itself is the point: long enough for socket.io's own
                # backoff to reach 8 s (1 + 2 + 4), so without our manager it would next
                # try ~7 s after Redis is back. Its retry loop has no clock to drive.
                await asyncio.sleep(8)
                await server.start()
                # Ours retries every 2 s at most; 4 s tells the two apart.
                await listening(app, within=4)
                await follow_and_expect_push(base, fan, star, inbox)
        finally:
            await star.client.aclose()
            await fan.client.aclose()


async def test_pushes_made_while_redis_is_away_reach_people_once_it_is_back(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """A worker whose jobs end while Redis is down, or as it comes back empty (before the API
    process has subscribed again), keeps their pushes and sends them, in order, once an API
    process listens (bench/scaled_tryout.py saw 12 of 300 jobs' ends never told)."""
    async with app_on_own_redis(tmp_path, database_url, redis_url) as (server, app):
        worker = build_context(app.state.ctx.settings, write_only_realtime=True)

        async def notify_star(nickname: str) -> None:
            async with worker.db.unit_of_work() as uow:
                await notify(
                    uow, worker.realtime, star.id, NewFollower(nickname=nickname, avatar_url=None)
                )

        try:
            async with serving(app.state.ctx.realtime.asgi(app)) as base:
                star = await sign_up(app)
                try:
                    async with connected(base, star) as inbox:

                        async def told(count: int) -> list[str]:
                            notes = [await asyncio.wait_for(inbox.get(), 15) for _ in range(count)]
                            return [note["payload"]["nickname"] for note in notes]

                        await listening(app)
                        await server.kill()
                        await notify_star("while-down-1")
                        await notify_star("while-down-2")
                        await server.start()  # empty: the API process subscribes again soon
                        await notify_star("just-back")
                        assert await told(3) == ["while-down-1", "while-down-2", "just-back"]
                        await notify_star("later")  # and on as usual
                        assert await told(1) == ["later"]
                        assert inbox.empty()  # nothing told twice
                finally:
                    await star.client.aclose()
        finally:
            await worker.db.dispose()


async def test_a_workers_push_that_no_api_process_heard_waits_for_one() -> None:
    """A worker publishes only for API processes: one that reached no listener (a worker
    started while Redis was away, before they subscribed again) is kept and published again
    until one has it; a room change is not kept (replayed late, it would undo what happened
    since)."""
    async with own_redis() as server:
        writer = KeepingRedisManager(server.url, channel="pushes", write_only=True)
        await writer.emit("generation.finished", {"id": 1}, room="user:1", namespace="/")
        await writer.close_room("table:1", namespace="/")
        listener = Redis.from_url(server.url)
        pubsub = listener.pubsub()
        try:
            await pubsub.subscribe("pushes")
            heard: list[dict[str, Any]] = []
            async with asyncio.timeout(10):
                while not heard:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
                    if message is not None:
                        heard.append(json.loads(message["data"]))
            assert heard[0]["method"] == "emit"
            assert heard[0]["data"] == [{"id": 1}]
            await writer.emit("generation.finished", {"id": 2}, room="user:1", namespace="/")
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
            assert message is not None
            assert json.loads(message["data"])["data"] == [{"id": 2}]  # no close_room replayed
        finally:
            await pubsub.aclose()  # type: ignore[no-untyped-call]
            await listener.aclose()

"""Scaled out: two API processes on one database and Redis serve the same room. Players on
different processes hear the same events in the same order; when one process goes away, its
player reconnects to the other, replays the gap and loses nothing."""

from __future__ import annotations

import asyncio

import pytest
from fastapi import FastAPI

from mygemini.app import create_app
from mygemini.config import Settings
from tests.live import serving
from tests.tabletop.conftest import Table, cid


async def subscribed(app: FastAPI) -> None:
    """Until the process's socket.io manager listens on Redis (it subscribes on first use)."""
    manager = app.state.ctx.realtime.server.manager
    for _ in range(500):
        if manager.pubsub is not None and manager.pubsub.subscribed:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the socket.io manager never subscribed to Redis")


async def test_a_room_survives_losing_one_of_two_processes(settings: Settings) -> None:
    if not settings.redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    one, two = create_app(settings), create_app(settings)
    try:
        async with serving(two.state.ctx.realtime.asgi(two)) as base_two:
            on_two = Table(two, base_two)
            gm = await on_two.person()
            player = await on_two.person()
            room = await on_two.open_room(gm)
            rid = room["id"]
            await on_two.join(player, rid)
            gm_seat, _ = await on_two.seated(gm, rid)
            async with serving(one.state.ctx.realtime.asgi(one)) as base_one:
                on_one = Table(one, base_one)
                player_seat, entered = await on_one.seated(player, rid)
                last_seen = entered["seq"]
                await subscribed(one)
                await subscribed(two)
                for n in range(3):
                    await gm_seat.ok(
                        "chat.send",
                        {"room_id": rid, "channel": "story", "text": f"{n}", "client_id": cid()},
                    )
                heard = [await player_seat.next_event() for _ in range(3)]
                assert [e["payload"]["text"] for e in heard] == ["0", "1", "2"]
                last_seen = heard[-1]["seq"]
                await player_seat.sio.disconnect()
            # Process one is gone; the table goes on on process two.
            for n in range(3, 5):
                await gm_seat.ok(
                    "chat.send",
                    {"room_id": rid, "channel": "story", "text": f"{n}", "client_id": cid()},
                )
            back = await on_two.connect(player)
            entered = await back.ok("room.enter", {"room_id": rid, "last_seq": last_seen})
            assert [e["payload"]["text"] for e in entered["events"]] == ["3", "4"]
            assert [e["seq"] for e in entered["events"]] == [last_seen + 1, last_seen + 2]
            for seat in on_two.seats:
                await seat.sio.disconnect()
            for p in on_two.people:
                await p.client.aclose()
    finally:
        await one.state.ctx.db.dispose()
        await two.state.ctx.db.dispose()

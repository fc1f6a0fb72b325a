"""A summon watched to its end does not ring the bell as well (issue 12, point 6): the
`generation.finished` push names the notification that tells of it, and the client that shows
the result marks that one read (docs/adr/0013-gallery-discovery.md)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import socketio
from fastapi import FastAPI

from tests.conftest import sign_up
from tests.live import serving
from tests.pushes import listening
from tests.studio.conftest import generate, studio_app


async def test_each_finished_summon_names_its_notification_to_mark_read(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url) as app:
        await _watch_three_summons(app)


async def _watch_three_summons(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        me = await sign_up(app)
        other = await sign_up(app)
        finished: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("generation.finished", finished.put_nowait)
        await sio.connect(base, auth={"token": me.token}, transports=["websocket"])
        await listening(app)
        try:
            jobs = [(await generate(me)).json()["id"] for _ in range(3)]
            events: list[dict[str, Any]] = []
            async with asyncio.timeout(30):
                while len(events) < 3:
                    events.append(await finished.get())
        finally:
            await sio.disconnect()

        assert sorted(e["id"] for e in events) == sorted(jobs)
        inbox = (await me.client.get("/api/notifications", headers=me.auth)).json()["items"]
        told = {n["payload"]["generation_id"]: n["id"] for n in inbox}
        assert {e["id"]: e["notification_id"] for e in events} == told
        count = (await me.client.get("/api/notifications/unread-count", headers=me.auth)).json()
        assert count == {"unread": 3}

        # Someone else cannot mark them read...
        ids = [e["notification_id"] for e in events]
        await other.client.post("/api/notifications/read", json={"ids": ids}, headers=other.auth)
        count = (await me.client.get("/api/notifications/unread-count", headers=me.auth)).json()
        assert count == {"unread": 3}
        # ...the studio that showed them does: the bell stays quiet.
        r = await me.client.post("/api/notifications/read", json={"ids": ids}, headers=me.auth)
        assert r.status_code == 200 and r.json() == {"unread": 0}
        await me.client.aclose()
        await other.client.aclose()

"""socket.io against abuse: oversized polling payloads are refused at once, only people who
still exist may connect, reserved event names sent by a client reach no handler, and a
malformed packet costs one log line."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

import httpx
import pytest
import socketio
from fastapi import FastAPI
from sqlalchemy import delete

from mygemini.models import User
from tests.conftest import sign_up
from tests.live import serving
from tests.pushes import connect

POLLING = "/socket.io/?EIO=4&transport=polling"


async def test_oversized_polling_post_is_answered_at_once(app: FastAPI) -> None:
    # A generous timeout: what is tested is an answer at all, not its speed.
    async with (
        serving(app.state.ctx.realtime.asgi(app)) as base,
        httpx.AsyncClient(base_url=base, timeout=10) as http,
    ):
        r = await http.get(POLLING)
        assert r.status_code == 200
        sid = r.text[r.text.index("{") :].split('"sid":"', 1)[1].split('"', 1)[0]
        for size in (1_100_000, 100_000):
            r = await http.post(f"{POLLING}&sid={sid}", content=b"4" + b"x" * size)
            assert r.status_code == 413, r.text
            assert r.json()["error"] == "PayloadTooLarge"
        r = await http.get("/api/health")
        assert r.status_code == 200


async def test_a_deleted_persons_token_is_refused(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        gone = await sign_up(app)
        stays = await sign_up(app)
        try:
            async with app.state.db.unit_of_work() as uow:
                await uow.session.execute(delete(User).where(User.id == gone.id))
            with pytest.raises(socketio.exceptions.ConnectionError):
                await connect(base, gone.token)
            sio, _ = await connect(base, stays.token)  # the check refuses only the gone
            assert sio.connected
            await sio.disconnect()
        finally:
            await gone.client.aclose()
            await stays.client.aclose()


async def _notes_until(inbox: asyncio.Queue[Any], nickname: str) -> list[str]:
    """Nicknames of follow notes received up to and including `nickname`'s."""
    seen: list[str] = []
    while not seen or seen[-1] != nickname:
        note = await asyncio.wait_for(inbox.get(), 5)
        seen.append(str(note.get("payload", {}).get("nickname")))
    return seen


async def test_a_connect_event_sent_by_a_client_joins_no_room(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        # Names unique across runs: until socket.io's Redis channel is per deployment, another
        # run on the same Redis may push to our user ids.
        mallory, victim, fan_one, fan_two = [
            await sign_up(app, f"{role}{uuid.uuid4().hex[:8]}")
            for role in ("mal", "vic", "fana", "fanb")
        ]
        sio_m, inbox_m = await connect(base, mallory.token)
        sio_v, inbox_v = await connect(base, victim.token)
        try:
            # `42["connect",{},{"token":...}]`: a second "connect" presenting another token.
            await sio_m.emit("connect", ({}, {"token": victim.token}))
            async with httpx.AsyncClient(base_url=base) as http:
                r = await http.put(f"/api/users/{victim.nickname}/follow", headers=fan_one.auth)
                assert r.status_code == 204
                await _notes_until(inbox_v, fan_one.nickname)
                r = await http.put(f"/api/users/{mallory.nickname}/follow", headers=fan_two.auth)
                assert r.status_code == 204
            # Pushes reach one connection in order: had Mallory joined the victim's room, the
            # victim's notification would arrive before her own.
            assert fan_one.nickname not in await _notes_until(inbox_m, fan_two.nickname)
        finally:
            await sio_m.disconnect()
            await sio_v.disconnect()
            for p in (mallory, victim, fan_one, fan_two):
                await p.client.aclose()


async def test_malformed_packets_log_one_line_each(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        person = await sign_up(app)
        sio, _ = await connect(base, person.token)
        refused: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        sio.on("connect_error", refused.set_result, namespace="/nope")
        try:
            with caplog.at_level(logging.INFO):
                for raw in ('2["unterminated"', "9", '2{"not":"a list"}', "2"):
                    await sio.eio.send(raw)
                # A barrier: the server answers a connect to an unknown namespace only after
                # it has handled what came before it on this connection.
                await sio.eio.send("0/nope,")
                await asyncio.wait_for(refused, 5)
            tracebacks = [r for r in caplog.records if r.exc_info]
            assert tracebacks == []
            ours = [r for r in caplog.records if r.name == "mygemini.core.socket_server"]
            assert len(ours) == 4, [r.getMessage() for r in ours]
            assert all("\n" not in r.getMessage() for r in ours)
            assert sio.connected
        finally:
            await sio.disconnect()
            await person.client.aclose()

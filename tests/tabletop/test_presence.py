"""Who is online at a table: `online` in the members (GET /api/rooms/{id}, room.enter) and the
`member.presence` events that move the online dots, on one process and across two, where a
killed process's people go offline within the presence TTL."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from mygemini.app import create_app
from mygemini.config import Settings
from tests.conftest import Person
from tests.live import free_port, serving
from tests.tabletop.conftest import Seat, Table
from tests.waiting import eventually
from tests.workers import MYGEMINI, worker_env

TTL = 1.5


async def online_of(person: Person, room_id: int) -> dict[str, bool]:
    r = await person.client.get(f"/api/rooms/{room_id}", headers=person.auth)
    assert r.status_code == 200, r.text
    return {m["nickname"]: m["online"] for m in r.json()["members"]}


async def presence_of(seat: Seat, nickname: str, within: float = 5) -> dict[str, Any]:
    """The next member.presence about `nickname` (others' are skipped)."""
    async with asyncio.timeout(within):
        while True:
            event = await seat.presence.get()
            if event["nickname"] == nickname:
                return event


async def test_online_dots_follow_entering_and_leaving(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    rid = (await table.open_room(gm))["id"]
    await table.join(player, rid)
    gm_seat, entered = await table.seated(gm, rid)
    assert {m["nickname"]: m["online"] for m in entered["members"]} == {
        gm.nickname: True,
        player.nickname: False,
    }
    player_seat, entered = await table.seated(player, rid)
    assert {m["nickname"]: m["online"] for m in entered["members"]}[player.nickname] is True
    came = await presence_of(gm_seat, player.nickname)
    assert came == {"room_id": rid, "nickname": player.nickname, "online": True}
    assert (await online_of(gm, rid))[player.nickname] is True
    # A second connection of the same person says nothing; the last one leaving does.
    second, _ = await table.seated(player, rid)
    await player_seat.sio.disconnect()
    assert (await online_of(gm, rid))[player.nickname] is True
    await second.ok("room.leave", {"room_id": rid})
    went = await presence_of(gm_seat, player.nickname)
    assert went == {"room_id": rid, "nickname": player.nickname, "online": False}
    assert gm_seat.presence.empty()
    assert (await online_of(gm, rid))[player.nickname] is False


async def _serve_elsewhere(settings: Settings, port: int, log: Path) -> asyncio.subprocess.Process:
    env = worker_env(settings)
    env.update(
        MYGEMINI_STUDIO__WARM_PREVIEWS="false",
        MYGEMINI_WEB_DIST=str(settings.web_dist),
        MYGEMINI_PRESENCE_TTL_SECONDS=str(TTL),
    )
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            MYGEMINI, "serve", "--port", str(port), env=env, stdout=out, stderr=out
        )
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=2) as http:

        async def healthy() -> bool:
            assert proc.returncode is None, f"serve exited ({proc.returncode}); see {log}"
            try:
                return (await http.get("/api/health")).status_code == 200
            except httpx.TransportError:
                return False

        await eventually(healthy, "the other API process to come up", within=60)
    return proc


async def test_presence_spans_processes_and_lapses_with_a_killed_one(
    settings: Settings, tmp_path: Path
) -> None:
    if not settings.redis_url:
        pytest.skip("needs Redis (set MYGEMINI_TEST_REDIS_URL); covered by the scaled-out pass")
    settings.presence_ttl_seconds = TTL
    here: FastAPI = create_app(settings)
    port = free_port()
    other = await _serve_elsewhere(settings, port, tmp_path / "other.log")
    try:
        async with serving(here.state.ctx.realtime.asgi(here)) as base:
            table = Table(here, base)
            gm, player = await table.person(), await table.person()
            rid = (await table.open_room(gm))["id"]
            await table.join(player, rid)
            gm_seat, _ = await table.seated(gm, rid)
            # The player sits at the table through the other process.
            _, entered = await table.seated(player, rid, f"http://127.0.0.1:{port}")
            assert {m["nickname"]: m["online"] for m in entered["members"]} == {
                gm.nickname: True,
                player.nickname: True,
            }
            came = await presence_of(gm_seat, player.nickname)
            assert came["online"] is True
            assert (await online_of(gm, rid))[player.nickname] is True
            # Killed: no disconnect runs there, nobody refreshes its entries.
            other.send_signal(signal.SIGKILL)
            await other.wait()
            went = await presence_of(gm_seat, player.nickname, within=4 * TTL + 5)
            assert went == {"room_id": rid, "nickname": player.nickname, "online": False}
            assert (await online_of(gm, rid))[player.nickname] is False
            for seat in table.seats:
                if seat.sio.connected:
                    await seat.sio.disconnect()
            for p in table.people:
                await p.client.aclose()
    finally:
        if other.returncode is None:
            other.send_signal(signal.SIGKILL)
            await other.wait()
        await here.state.ctx.db.dispose()

"""The official Node `socket.io-client` plays at our table: any standard Socket.IO v4 client
works, not only the python-socketio one the other tests use. It connects with the client's
default transports (long-polling, then the upgrade to a WebSocket), enters, speaks in the story
channel, rolls, and retries the roll with the same client_id."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.tabletop.conftest import Table, drain

NODE_DIR = Path(__file__).resolve().parents[1] / "node"


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: the socket.io-client test needs it")
    if not (NODE_DIR / "node_modules" / "socket.io-client").is_dir():
        pytest.fail("tests/node is not installed: run `make setup` (npm ci in tests/node)")
    return node


async def _play(base: str, token: str, room_id: int) -> dict[str, Any]:
    proc = await asyncio.create_subprocess_exec(
        _node(),
        str(NODE_DIR / "tabletop_client.mjs"),
        base,
        token,
        str(room_id),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    lines = out.decode().strip().splitlines()
    assert lines, err.decode()
    result: dict[str, Any] = json.loads(lines[-1])
    assert proc.returncode == 0 and result["ok"], (result, err.decode())
    return result


async def test_the_official_node_client_enters_chats_and_rolls(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm)
    await table.join(player, room["id"])
    watcher, _ = await table.seated(gm, room["id"])

    played = await _play(table.base, player.token, room["id"])

    # It was admitted, and every command was acked in the contract's shape.
    assert played["entered"]["ok"] is True
    assert played["said"]["ok"] is True
    assert played["rolled"]["ok"] is True
    # It upgraded from polling to a WebSocket, as a stock client does.
    assert played["transport"] == "websocket"
    # What it heard is what the GM, on python-socketio, heard: the same events, seq for seq.
    chat, dice = played["chat"], played["dice"]
    assert chat["payload"]["text"] == "Hello from the official Node client"
    assert chat["author"]["nickname"] == player.nickname
    assert dice["payload"]["expr"] == "4d6kh3+2"
    heard = await drain(watcher, lambda e: e["kind"] == "dice")
    by_kind = {e["kind"]: e for e in heard}
    assert by_kind["chat"]["seq"] == chat["seq"]
    assert by_kind["dice"] == dice
    # 4d6kh3: four dice, every face shown, the lowest not kept.
    dice_rolled = dice["payload"]["dice"]
    assert len(dice_rolled) == 4 and all(1 <= d["face"] <= 6 for d in dice_rolled)
    assert sum(d["kept"] for d in dice_rolled) == 3
    # The retried roll (same client_id) returned the stored result and rolled nothing new.
    assert played["retried"] == played["rolled"]
    r = await player.client.get(
        f"/api/rooms/{room['id']}/transcript?format=json", headers=player.auth
    )
    assert r.status_code == 200
    assert [e["kind"] for e in r.json()["events"]].count("dice") == 1
    # The stage: the snapshot's states, and its own sheet edited and pushed back whole.
    assert played["entered"]["music"]["playing"] is False
    assert played["entered"]["turns"] == {"entries": [], "current": None, "round": 0}
    assert played["sheet"]["ok"] is True and played["sheet"]["sheet"]["hp"] == 6
    assert played["pushed"]["sheet"]["stats"] == [{"name": "WIS", "value": 2}]
    assert played["pushed"]["sheet"]["nickname"] == player.nickname

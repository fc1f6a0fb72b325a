"""`/tabletop` against abuse: a flood of commands gets rate-limit acks, an oversized frame is
refused (and stores nothing), malformed payloads and unknown events get error acks and the
connection stays."""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from mygemini.models import Room
from tests.tabletop.conftest import Table, cid


async def test_a_flood_of_commands_gets_rate_limit_acks(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm)
    seat, _ = await table.seated(gm, room["id"])  # one command of the burst of 20 spent

    async def chat(n: int) -> dict[str, Any]:
        # Every other one malformed: those count against the rate as well.
        text = f"spam {n}" if n % 2 else ""
        return await seat.call(
            "chat.send",
            {"room_id": room["id"], "channel": "ooc", "text": text, "client_id": cid()},
        )

    acks = await asyncio.gather(*(chat(n) for n in range(40)))
    answered = [a for a in acks if a["ok"] or a["error"] == "ValidationError"]
    limited = [a for a in acks if not a["ok"] and a["error"] != "ValidationError"]
    # 19 tokens were left, and at 5 a second at most a few more came back meanwhile.
    assert 19 <= len(answered) < 40
    assert limited and {a["error"] for a in limited} == {"TooManyRequests"}
    assert any(not a["ok"] for a in answered) and any(a["ok"] for a in answered)
    # The connection survives: it still gets acks.
    ack = await seat.call("chat.send", {"room_id": room["id"]})
    assert ack["ok"] is False and seat.sio.connected
    # Others are not limited by this person's flood.
    other = await table.person()
    await table.join(other, room["id"])
    other_seat, _ = await table.seated(other, room["id"])
    assert seat.sio.connected and other_seat.sio.connected


async def test_an_oversized_frame_is_refused_and_stores_nothing(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm)
    seat, entered = await table.seated(gm, room["id"])
    big = {"room_id": room["id"], "channel": "ooc", "text": "x" * 17_000, "client_id": cid()}
    await seat.sio.emit("chat.send", big, namespace="/tabletop")
    await asyncio.wait_for(seat.gone.wait(), 10)
    async with table.app.state.ctx.db.read_only() as uow:
        stored = await uow.session.get(Room, room["id"])
        assert stored is not None and stored.last_seq == entered["seq"]


async def test_malformed_payloads_and_unknown_events_get_error_acks(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm)
    seat, _ = await table.seated(gm, room["id"])
    rid = room["id"]
    for event, payload, error in (
        (
            "chat.send",
            {"room_id": "one", "channel": "ooc", "text": "x", "client_id": "a"},
            "ValidationError",
        ),
        (
            "chat.send",
            {"room_id": rid, "channel": "shout", "text": "x", "client_id": "a"},
            "ValidationError",
        ),
        (
            "chat.send",
            {"room_id": rid, "channel": "ooc", "text": "", "client_id": "a"},
            "ValidationError",
        ),
        (
            "chat.send",
            {"room_id": rid, "channel": "ooc", "text": "x", "client_id": "a" * 65},
            "ValidationError",
        ),
        ("chat.send", ["not", "an", "object"], "ValidationError"),
        (
            "dice.roll",
            {"room_id": rid, "expr": "1d6", "visibility": "gods", "client_id": "a"},
            "ValidationError",
        ),
        ("room.enter", {"room_id": rid, "last_seq": -1}, "ValidationError"),
        ("room.teleport", {"room_id": rid}, "UnknownEvent"),
        ("room.enter", {"room_id": 999_999}, "RoomNotFound"),
    ):
        ack = await seat.call(event, payload)
        assert (ack["ok"], ack["error"]) == (False, error), (event, payload)
    assert seat.sio.connected
    assert (await seat.ok("room.enter", {"room_id": rid}))["seq"] >= 1


async def test_a_flood_of_malformed_events_is_limited_too(table: Table) -> None:
    person = await table.person()
    seat = await table.connect(person)
    acks = await asyncio.gather(*(seat.call("dice.roll", {"expr": n}) for n in range(30)))
    errors = [a["error"] for a in acks]
    assert 20 <= errors.count("ValidationError") < 30
    assert set(errors) == {"ValidationError", "TooManyRequests"}
    assert seat.sio.connected


async def test_room_creation_is_limited_per_person(table: Table) -> None:
    """Each room costs a password hash (secret) and a lobby fan-out to every socket: a person
    opening rooms in a loop is stopped after the burst, with a Retry-After, and the lobby holds
    only what was allowed."""
    spammer, other = await table.person(), await table.person()

    async def open_one(n: int) -> int:
        r = await spammer.client.post(
            "/api/rooms", json={"title": f"spam {n}"}, headers=spammer.auth
        )
        if r.status_code == 429:
            assert int(r.headers["retry-after"]) >= 1
            assert r.json()["error"] == "TooManyRequests"
        return r.status_code

    started = time.monotonic()
    codes = await asyncio.gather(*(open_one(n) for n in range(60)))
    elapsed = time.monotonic() - started
    # The burst of 20, plus what 5 a second refilled while the requests ran: never more.
    assert codes.count(201) <= 20 + math.ceil(5 * elapsed) + 1, (codes, elapsed)
    assert set(codes) <= {201, 429}, codes
    if elapsed < 6:  # 60 asked in less time than the bucket needs to refill 40: some refused
        assert 429 in codes, (codes, elapsed)
    # Someone else's allowance is their own.
    r = await other.client.post("/api/rooms", json={"title": "mine"}, headers=other.auth)
    assert r.status_code == 201

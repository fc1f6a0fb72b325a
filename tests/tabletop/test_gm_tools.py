"""Votes and random picks decided by the server; the GM's kick (the kicked sockets leave the
table at once) and hand-over."""

from __future__ import annotations

from typing import Any

from mygemini.tabletop.messages import NAMESPACE
from mygemini.tabletop.presence import seat_room
from tests.tabletop.conftest import Seat, Table, cid


async def test_a_vote_counts_each_members_latest_ballot(table: Table) -> None:
    gm, alice, bob = await table.person(), await table.person(), await table.person()
    room = await table.open_room(gm)
    rid = room["id"]
    for p in (alice, bob):
        await table.join(p, rid)
    g, a, b = [(await table.seated(p, rid))[0] for p in (gm, alice, bob)]
    started = await a.ok(
        "vote.start",
        {
            "room_id": rid,
            "question": "Open the door?",
            "options": ["yes", "no"],
            "client_id": cid(),
        },
    )
    vote_id = started["event"]["payload"]["vote_id"]
    assert vote_id == started["event"]["seq"]

    async def cast(seat: Seat, option: str | int) -> dict[str, Any]:
        return await seat.call(
            "vote.cast", {"room_id": rid, "vote_id": vote_id, "option": option, "client_id": cid()}
        )

    assert (await cast(a, "yes"))["ok"]
    assert (await cast(b, "yes"))["ok"]
    assert (await cast(b, "no"))["ok"]  # changed while open
    assert (await cast(g, 1))["ok"]  # by index: "no"
    assert (await cast(g, "maybe"))["error"] == "NotAnOption"
    # Only the GM or the starter closes it.
    ack = await b.call("vote.close", {"room_id": rid, "vote_id": vote_id, "client_id": cid()})
    assert ack["error"] == "NotTheVoteStarter"
    closed = await a.ok("vote.close", {"room_id": rid, "vote_id": vote_id, "client_id": cid()})
    payload = closed["event"]["payload"]
    assert payload["tally"] == [{"option": "yes", "votes": 1}, {"option": "no", "votes": 2}]
    assert payload["winners"] == ["no"] and payload["ballots"] == 3
    assert (await cast(a, "no"))["error"] == "VoteClosed"
    # Everyone heard the start and the result; a ballot only by its voter.
    heard: list[dict[str, Any]] = []
    while not heard or heard[-1]["kind"] != "vote.closed":
        heard.append(await b.next_event())
    kinds = [e["kind"] for e in heard]
    assert kinds.count("vote.started") == 1 and kinds.count("vote.cast") == 2


async def test_a_random_pick_is_drawn_among_present_members(table: Table) -> None:
    gm, alice = await table.person(), await table.person()
    room = await table.open_room(gm)
    await table.join(alice, room["id"])
    seat, _ = await table.seated(gm, room["id"])
    candidates = [gm.nickname, alice.nickname]
    picked = await seat.ok(
        "pick.random", {"room_id": room["id"], "candidates": candidates, "client_id": cid()}
    )
    assert picked["event"]["payload"]["picked"] in candidates
    ack = await seat.call(
        "pick.random", {"room_id": room["id"], "candidates": ["nobody_here"], "client_id": cid()}
    )
    assert ack["error"] == "MemberNotFound"


async def test_a_kicked_member_leaves_the_table_at_once(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm)
    rid = room["id"]
    await table.join(player, rid)
    g, _ = await table.seated(gm, rid)
    p, _ = await table.seated(player, rid)
    realtime = table.app.state.ctx.realtime
    assert realtime.present_here(seat_room(rid, player.id), NAMESPACE)
    ack = await p.call("member.kick", {"room_id": rid, "nickname": gm.nickname, "client_id": cid()})
    assert ack["error"] == "NotTheGm"
    kicked = await g.ok(
        "member.kick", {"room_id": rid, "nickname": player.nickname, "client_id": "k"}
    )
    assert kicked["event"]["kind"] == "member.kicked"
    assert kicked["event"]["payload"] == {"nickname": player.nickname, "by": gm.nickname}
    # The kicked member hears their own kick, and their socket is out of the table.
    event = await p.next_event()
    while event["kind"] != "member.kicked":
        event = await p.next_event()
    assert not realtime.present_here(seat_room(rid, player.id), NAMESPACE)
    ack = await p.call("room.enter", {"room_id": rid})
    assert ack["error"] == "NotAMember"
    ack = await p.call(
        "chat.send", {"room_id": rid, "channel": "ooc", "text": "hey", "client_id": cid()}
    )
    assert ack["error"] == "NotAMember"
    # A retried kick changes nothing.
    again = await g.ok(
        "member.kick", {"room_id": rid, "nickname": player.nickname, "client_id": "k"}
    )
    assert again == kicked
    # A kick means something: the open door does not bring them back, an invite does.
    r = await player.client.post(f"/api/rooms/{rid}/join", json={}, headers=player.auth)
    assert r.status_code == 403 and r.json()["error"] == "KickedFromRoom"
    r = await gm.client.post(f"/api/rooms/{rid}/invites", headers=gm.auth)
    await table.join(player, rid, invite=r.json()["token"])
    assert (await p.ok("room.enter", {"room_id": rid}))["seq"] > kicked["event"]["seq"]


async def test_the_gm_hands_the_role_over(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm)
    rid = room["id"]
    await table.join(player, rid)
    g, _ = await table.seated(gm, rid)
    p, _ = await table.seated(player, rid)
    ack = await p.call(
        "gm.transfer", {"room_id": rid, "nickname": player.nickname, "client_id": cid()}
    )
    assert ack["error"] == "NotTheGm"
    done = await g.ok(
        "gm.transfer", {"room_id": rid, "nickname": player.nickname, "client_id": cid()}
    )
    assert done["event"]["kind"] == "gm.changed"
    assert done["event"]["payload"] == {"from": gm.nickname, "to": player.nickname}
    entered = await g.ok("room.enter", {"room_id": rid})
    roles = {m["nickname"]: m["role"] for m in entered["members"]}
    assert roles == {gm.nickname: "player", player.nickname: "gm"}
    assert entered["room"]["gm"]["nickname"] == player.nickname
    # The old GM can no longer kick.
    ack = await g.call(
        "member.kick", {"room_id": rid, "nickname": player.nickname, "client_id": cid()}
    )
    assert ack["error"] == "NotTheGm"

"""What a person outside a room can learn or do: the lobby card and nothing more, no way back
after a kick but a new invite, and a replay that is bounded however far behind one asks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from mygemini.models import Room, RoomEvent
from tests.tabletop.conftest import Table, cid


async def test_outsiders_see_the_lobby_card_without_members_and_closed_rooms_are_gone(
    table: Table,
) -> None:
    gm, player, stranger = await table.person(), await table.person(), await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    rid = room["id"]
    await table.join(player, rid, password="open sesame")

    r = await player.client.get(f"/api/rooms/{rid}", headers=player.auth)
    assert {m["nickname"] for m in r.json()["members"]} == {gm.nickname, player.nickname}
    # A stranger walking room ids learns what the lobby shows: no members, no characters (and
    # so no signed picture of anyone's private gemini).
    r = await stranger.client.get(f"/api/rooms/{rid}", headers=stranger.auth)
    assert r.status_code == 200
    assert r.json()["members"] == [] and r.json()["players"] == 2
    assert r.json()["title"] == room["title"]

    r = await gm.client.delete(f"/api/rooms/{rid}", headers=gm.auth)
    assert r.status_code == 204
    r = await stranger.client.get(f"/api/rooms/{rid}", headers=stranger.auth)
    assert r.status_code == 410 and r.json()["error"] == "RoomClosed"


async def test_a_kicked_member_needs_an_invite_issued_after_the_kick(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    rid = room["id"]
    await table.join(player, rid, password="open sesame")
    # An invite the player minted for themselves while still inside...
    kept = (await player.client.post(f"/api/rooms/{rid}/invites", headers=player.auth)).json()
    g, _ = await table.seated(gm, rid)
    await g.ok("member.kick", {"room_id": rid, "nickname": player.nickname, "client_id": cid()})

    # ...the password, and that old invite all stay shut.
    for body in ({"password": "open sesame"}, {"invite": kept["token"]}):
        r = await player.client.post(f"/api/rooms/{rid}/join", json=body, headers=player.auth)
        assert r.status_code == 403 and r.json()["error"] == "KickedFromRoom", body
    # An invite issued after the kick (the GM changed their mind, at once) opens it.
    later = (await gm.client.post(f"/api/rooms/{rid}/invites", headers=gm.auth)).json()["token"]
    r = await player.client.post(
        f"/api/rooms/{rid}/join", json={"invite": later}, headers=player.auth
    )
    assert r.status_code == 200, r.text


async def test_a_replay_far_behind_is_bounded_and_says_so(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm)
    rid = room["id"]
    # Fill the log as a long session would (written directly: the rate limit would take minutes).
    now = datetime.now(UTC)
    async with table.app.state.db.unit_of_work() as uow:
        before = await uow.session.get(Room, rid)
        assert before is not None
        first = before.last_seq
        await uow.session.execute(
            insert(RoomEvent),
            [
                {
                    "room_id": rid,
                    "seq": first + i,
                    "kind": "chat",
                    "author_id": gm.id,
                    "payload": {"channel": "ooc", "text": f"line {i}"},
                    "created_at": now,
                }
                for i in range(1, 1201)
            ],
        )
        room_row = await uow.session.get(Room, rid)
        assert room_row is not None
        room_row.last_seq = first + 1200
    seat = await table.connect(gm)
    entered = await seat.ok("room.enter", {"room_id": rid, "last_seq": 0})
    assert entered["truncated"] is True
    seqs = [e["seq"] for e in entered["events"]]
    assert len(seqs) == 1000 and seqs == sorted(seqs) and seqs[-1] == first + 1200
    caught_up = await seat.ok("room.enter", {"room_id": rid, "last_seq": first + 1190})
    assert caught_up["truncated"] is False and len(caught_up["events"]) == 10

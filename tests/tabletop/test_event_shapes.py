"""Every kind of `room.event` is one model of a union by `kind`, so the web's types name each
payload; the JSON stays what was stored: the payload as written, the same envelope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mygemini.models import RoomEvent
from mygemini.tabletop.messages import RoomEventMessage
from tests.gallery.conftest import make_gemini
from tests.tabletop.conftest import Table, cid

KINDS = {
    "chat",
    "whisper",
    "dice",
    "vote.started",
    "vote.cast",
    "vote.closed",
    "pick",
    "member.joined",
    "member.left",
    "member.kicked",
    "gm.changed",
    "character.changed",
    "room.closed",
}
ENVELOPE = {"room_id", "seq", "kind", "author", "payload", "at"}


async def stored(table: Table, room_id: int) -> dict[int, dict[str, Any]]:
    async with table.app.state.ctx.db.read_only() as uow:
        rows = await uow.session.execute(select(RoomEvent).where(RoomEvent.room_id == room_id))
        return {e.seq: {"kind": e.kind, "payload": e.payload} for e in rows.scalars()}


async def test_every_kind_keeps_its_stored_json(table: Table) -> None:
    gm, player, other = await table.person(), await table.person(), await table.person()
    hero = await make_gemini(table.app, player.id, name="Hero", public=False)
    rid = (await table.open_room(gm))["id"]
    await table.join(player, rid)
    await table.join(other, rid)
    r = await player.client.post(
        f"/api/rooms/{rid}/character", json={"gemini_id": hero}, headers=player.auth
    )
    assert r.status_code == 200, r.text
    gm_seat, _ = await table.seated(gm, rid)
    seat, _ = await table.seated(player, rid)

    async def command(event: str, **body: Any) -> dict[str, Any]:
        ack = await seat.ok(event, {"room_id": rid, "client_id": cid(), **body})
        done: dict[str, Any] = ack["event"]
        return done

    await command("chat.send", channel="story", text="hello")
    await command("chat.whisper", to=gm.nickname, text="psst")
    await command("dice.roll", expr="4d6kh3+1", visibility="gm")
    vote = await command("vote.start", question="Which way?", options=["left", "right"])
    await command("vote.cast", vote_id=vote["seq"], option="left")
    await command("vote.close", vote_id=vote["seq"])
    await command("pick.random", candidates=[gm.nickname, player.nickname])
    await gm_seat.ok(
        "member.kick", {"room_id": rid, "nickname": other.nickname, "client_id": cid()}
    )
    await gm_seat.ok(
        "gm.transfer", {"room_id": rid, "nickname": player.nickname, "client_id": cid()}
    )
    r = await gm.client.post(f"/api/rooms/{rid}/leave", headers=gm.auth)
    assert r.status_code == 204, r.text
    r = await player.client.get(f"/api/rooms/{rid}/transcript", headers=player.auth)
    assert r.status_code == 200, r.text
    heard = r.json()["events"]
    r = await player.client.delete(f"/api/rooms/{rid}", headers=player.auth)
    assert r.status_code == 204, r.text
    while (live := await seat.next_event())["kind"] != "room.closed":
        pass
    heard.append(live)

    rows = await stored(table, rid)
    assert {e["kind"] for e in heard} == KINDS
    for event in heard:
        assert set(event) == ENVELOPE, event
        assert {"kind": event["kind"], "payload": event["payload"]} == rows[event["seq"]]
    # What the live event carries is the transcript's item, field for field.
    assert RoomEventMessage.model_validate(heard[0]).model_dump(mode="json") == heard[0]


async def test_the_socket_schema_names_each_kinds_payload(table: Table) -> None:
    schemas = table.app.state.ctx.realtime.schema()["components"]["schemas"]
    union = schemas["RoomEventMessage"]
    mapping = union["discriminator"]["mapping"]
    assert set(mapping) == KINDS
    dice = schemas[mapping["dice"].rsplit("/", 1)[1]]
    payload = schemas[dice["properties"]["payload"]["$ref"].rsplit("/", 1)[1]]
    assert set(payload["required"]) == {"expr", "total", "detail", "dice", "visibility"}
    gm_changed = schemas[mapping["gm.changed"].rsplit("/", 1)[1]]
    payload = schemas[gm_changed["properties"]["payload"]["$ref"].rsplit("/", 1)[1]]
    assert set(payload["properties"]) == {"from", "to"}

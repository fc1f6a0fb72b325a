"""The table over real socket.io clients: entering and replay after a gap, visibility of
whispers and GM/self rolls (live, replay, export), idempotent retries, members only."""

from __future__ import annotations

from typing import Any

from mygemini.models import Room, RoomEvent, User
from mygemini.tabletop import transcript as room_transcript
from mygemini.tabletop.dice import MAX_DICE_PER_TERM
from mygemini.tabletop.schemas import RoomEventOut
from tests.conftest import Person
from tests.gallery.conftest import make_gemini
from tests.tabletop.conftest import Seat, Table, cid


def seqs(events: list[dict[str, Any]]) -> list[int]:
    return [e["seq"] for e in events]


async def say(seat: Seat, room_id: int, text: str, channel: str = "story") -> dict[str, Any]:
    data = await seat.ok(
        "chat.send", {"room_id": room_id, "channel": channel, "text": text, "client_id": cid()}
    )
    event: dict[str, Any] = data["event"]
    return event


async def heard_until(seat: Seat, seq: int) -> list[dict[str, Any]]:
    """Everything `seat` hears up to the event `seq` (a public barrier): what it heard of the
    events before is exactly what it was sent, since one connection receives in order."""
    heard = []
    while True:
        event = await seat.next_event()
        heard.append(event)
        if event["seq"] >= seq:
            return heard


async def test_enter_replays_exactly_the_gap(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm)
    await table.join(player, room["id"])
    seat, entered = await table.seated(player, room["id"])
    assert seqs(entered["events"]) == [1, 2]  # the GM and the player joined
    assert entered["seq"] == 2
    gm_seat, _ = await table.seated(gm, room["id"])
    await seat.sio.disconnect()
    said = [await say(gm_seat, room["id"], f"line {n}") for n in range(3)]
    again = await table.connect(player)
    entered = await again.ok("room.enter", {"room_id": room["id"], "last_seq": 2})
    assert seqs(entered["events"]) == [3, 4, 5] == seqs(said)
    assert [e["payload"]["text"] for e in entered["events"]] == ["line 0", "line 1", "line 2"]
    assert entered["events"][0]["author"]["nickname"] == gm.nickname
    assert entered["seq"] == 5
    # Nothing after the last seen seq: nothing replayed.
    entered = await again.ok("room.enter", {"room_id": room["id"], "last_seq": 5})
    assert entered["events"] == []
    # Live from here on, in seq order.
    await say(gm_seat, room["id"], "live")
    assert (await again.next_event())["seq"] == 6


async def test_a_retried_roll_never_rolls_again(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    room = await table.open_room(gm)
    await table.join(player, room["id"])
    gm_seat, _ = await table.seated(gm, room["id"])
    seat, _ = await table.seated(player, room["id"])
    command = {"room_id": room["id"], "expr": "8d6e6+3", "visibility": "public", "client_id": "r1"}
    first = (await seat.ok("dice.roll", command))["event"]
    retried = (await seat.ok("dice.roll", command))["event"]
    assert retried == first
    payload = first["payload"]
    assert payload["expr"] == "8d6e6+3" and payload["total"] > 3 and payload["detail"]
    assert len(payload["dice"]) >= 8 and all(1 <= d["face"] <= 6 for d in payload["dice"])
    assert payload["total"] == 3 + sum(d["face"] for d in payload["dice"] if d["kept"])
    # The GM heard the roll once, with the same faces.
    barrier = await say(seat, room["id"], "after the roll")
    heard = await heard_until(gm_seat, barrier["seq"])
    assert [e["kind"] for e in heard] == ["dice", "chat"]
    assert heard[0]["payload"]["dice"] == payload["dice"]
    async with table.app.state.ctx.db.read_only() as uow:
        stored = await uow.session.get(Room, room["id"])
        assert stored is not None and stored.last_seq == barrier["seq"]
    # The same client_id for a chat: still the roll, nothing new.
    chat = {"room_id": room["id"], "channel": "ooc", "text": "hi", "client_id": "r1"}
    assert (await seat.ok("chat.send", chat))["event"] == first


async def test_whispers_and_hidden_rolls_reach_only_those_allowed(table: Table) -> None:
    gm, alice, bob = await table.person(), await table.person(), await table.person()
    room = await table.open_room(gm)
    rid = room["id"]
    for p in (alice, bob):
        await table.join(p, rid)
    seats = {p.nickname: (await table.seated(p, rid))[0] for p in (gm, alice, bob)}
    start = (await say(seats[gm.nickname], rid, "begin"))["seq"]
    for s in seats.values():
        await heard_until(s, start)

    whisper = await seats[alice.nickname].ok(
        "chat.whisper", {"room_id": rid, "to": bob.nickname, "text": "psst", "client_id": cid()}
    )
    gm_roll = await seats[alice.nickname].ok(
        "dice.roll", {"room_id": rid, "expr": "1d20", "visibility": "gm", "client_id": cid()}
    )
    own_roll = await seats[bob.nickname].ok(
        "dice.roll", {"room_id": rid, "expr": "2d20kl1", "visibility": "self", "client_id": cid()}
    )
    barrier = (await say(seats[gm.nickname], rid, "end"))["seq"]
    w, g, o = whisper["event"]["seq"], gm_roll["event"]["seq"], own_roll["event"]["seq"]
    expected = {
        gm.nickname: [g, barrier],
        alice.nickname: [w, g, barrier],
        bob.nickname: [w, o, barrier],
    }
    live = {name: seqs(await heard_until(s, barrier)) for name, s in seats.items()}
    assert live == expected
    # The same on replay ...
    for name, s in seats.items():
        entered = await s.ok("room.enter", {"room_id": rid, "last_seq": start})
        assert seqs(entered["events"]) == expected[name], name
    # ... and in the exported transcript.
    people = {p.nickname: p for p in (gm, alice, bob)}
    for name, p in people.items():
        r = await p.client.get(f"/api/rooms/{rid}/transcript", headers=p.auth)
        assert r.status_code == 200
        exported = [e["seq"] for e in r.json()["events"] if e["seq"] > start]
        assert exported == expected[name], name
        md = (await p.client.get(f"/api/rooms/{rid}/transcript?format=md", headers=p.auth)).text
        assert ("psst" in md) == (name != gm.nickname)
        # Read two at a time (an export is written page by page), the events hidden from this
        # person between and across pages are left out all the same, in the same order.
        pages = await transcript_pages(table, p, rid, 2)
        assert len(pages) > 1 and all(len(page) <= 2 for page in pages), name
        paged = [e.root.seq for page in pages for e in page]
        assert [seq for seq in paged if seq > start] == expected[name], name


async def transcript_pages(
    table: Table, person: Person, room_id: int, page: int, *, then: Any = None
) -> list[list[RoomEventOut]]:
    """The transcript's pages of `page` events as `person` gets them; `then` (a coroutine
    function) runs after the request's own reading, before the later pages are read."""
    ctx = table.app.state.ctx
    async with ctx.db.read_only() as uow:
        user = await uow.session.get(User, person.id)
        assert user is not None
        opened = await room_transcript.opening(uow, ctx, user, room_id, page)
    assert opened.room.id == room_id
    if then is not None:
        await then()
    return [got async for got in room_transcript.pages(ctx, opened)]


async def test_a_transcript_is_the_log_as_it_stood_when_asked_for(table: Table) -> None:
    gm = await table.person()
    rid = (await table.open_room(gm))["id"]
    seat, _ = await table.seated(gm, rid)
    for text in ("one", "two", "three"):
        await say(seat, rid, text)
    late: list[int] = []

    async def four() -> None:
        # Written while the export is under way: the next download's, not this one's.
        late.append((await say(seat, rid, "four"))["seq"])

    pages = await transcript_pages(table, gm, rid, 1, then=four)
    events = [e for page in pages for e in page]
    assert [getattr(e.root.payload, "text", None) for e in events][-3:] == ["one", "two", "three"]
    assert late[0] == events[-1].root.seq + 1
    # Over HTTP, both formats end where the log ends, each line of it once.
    r = await gm.client.get(f"/api/rooms/{rid}/transcript?format=md", headers=gm.auth)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    lines = [line for line in r.text.splitlines() if line.startswith("- ")]
    assert [line.rsplit(" ", 1)[1] for line in lines[-4:]] == ["one", "two", "three", "four"]
    r = await gm.client.get(f"/api/rooms/{rid}/transcript", headers=gm.auth)
    assert r.json()["room"]["id"] == rid
    assert [e["seq"] for e in r.json()["events"]][-1] == late[0]


async def test_a_long_transcript_over_http_has_each_event_once_in_order(table: Table) -> None:
    gm, other = await table.person(), await table.person()
    rid = (await table.open_room(gm))["id"]
    await table.join(other, rid)
    ctx = table.app.state.ctx
    # More than two pages' worth, written straight into the log (at 5 chat lines a second a
    # socket would take minutes); every third a whisper between the others, hidden from the GM.
    count = 2 * room_transcript.PAGE + 50
    async with ctx.db.unit_of_work() as uow:
        room = await uow.session.get(Room, rid)
        assert room is not None
        first = room.last_seq + 1
        uow.session.add_all(
            RoomEvent(
                room_id=rid,
                seq=first + i,
                kind="whisper" if i % 3 == 0 else "chat",
                author_id=other.id,
                audience=f",{other.id},0," if i % 3 == 0 else None,
                payload={"to": "nobody", "text": f"w{i}"}
                if i % 3 == 0
                else {"channel": "story", "text": f"line {i}"},
            )
            for i in range(count)
        )
        room.last_seq = first + count - 1
    shown = [i for i in range(count) if i % 3]
    r = await gm.client.get(f"/api/rooms/{rid}/transcript", headers=gm.auth)
    assert r.status_code == 200, r.text
    seqs = [e["seq"] for e in r.json()["events"] if e["seq"] >= first]
    assert seqs == [first + i for i in shown]
    r = await gm.client.get(f"/api/rooms/{rid}/transcript?format=md", headers=gm.auth)
    assert r.status_code == 200
    lines = [line for line in r.text.splitlines() if "line " in line or "whisper" in line]
    assert [line.rsplit(" ", 1)[1] for line in lines] == [str(i) for i in shown]
    assert r.text.endswith(f"line {shown[-1]}\n")


async def test_a_socket_that_failed_the_password_can_neither_read_nor_write(
    table: Table,
) -> None:
    gm, intruder = await table.person(), await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    rid = room["id"]
    r = await intruder.client.post(
        f"/api/rooms/{rid}/join", json={"password": "nope"}, headers=intruder.auth
    )
    assert r.status_code == 403
    gm_seat, _ = await table.seated(gm, rid)
    seat = await table.connect(intruder)
    ack = await seat.call("room.enter", {"room_id": rid})
    assert ack == {"ok": False, "error": "NotAMember", "detail": ack["detail"]}
    for event, payload in (
        ("chat.send", {"channel": "story", "text": "I'm in"}),
        ("dice.roll", {"expr": "1d20"}),
        ("chat.whisper", {"to": gm.nickname, "text": "hi"}),
        ("vote.start", {"question": "?", "options": ["a", "b"]}),
        ("member.kick", {"nickname": gm.nickname}),
    ):
        ack = await seat.call(event, {"room_id": rid, "client_id": cid(), **payload})
        assert (ack["ok"], ack.get("error")) == (False, "NotAMember"), event
    # Members go on; the intruder hears none of it (a lobby change is the barrier).
    await say(gm_seat, rid, "secret plans")
    await table.open_room(gm, title="another room")
    while (await seat.next_lobby())["room_id"] == rid:
        pass
    assert seat.events.empty()
    r = await intruder.client.get(f"/api/rooms/{rid}/transcript", headers=intruder.auth)
    assert r.status_code == 403


async def test_dice_caps_and_bad_notation_are_refused(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm)
    seat, _ = await table.seated(gm, room["id"])
    too_many = "+".join(["100d6"] * 11)  # 1100 dice in all
    for expr in (f"{MAX_DICE_PER_TERM + 1}d6", "1d1001", too_many, "roll me", "1/0"):
        ack = await seat.call(
            "dice.roll", {"room_id": room["id"], "expr": expr, "client_id": cid()}
        )
        assert (ack["ok"], ack.get("error")) == (False, "InvalidDice"), expr
    ack = await seat.call(
        "dice.roll", {"room_id": room["id"], "expr": "1d6" * 70, "client_id": cid()}
    )
    assert (ack["ok"], ack["error"]) == (False, "ValidationError")


async def test_presence_characters_and_leaving_the_table(table: Table) -> None:
    gm, player = await table.person(), await table.person()
    hero = await make_gemini(table.app, player.id, name="Hero", public=False)
    room = await table.open_room(gm)
    rid = room["id"]
    await table.join(player, rid, gemini_id=hero)
    seat, entered = await table.seated(player, rid)
    online = {m["nickname"]: m["online"] for m in entered["members"]}
    assert online == {gm.nickname: False, player.nickname: True}
    said = await say(seat, rid, "I speak as my character")
    assert said["author"]["character"]["name"] == "Hero"
    assert said["author"]["character"]["gemini_id"] == hero
    # room.leave: this connection stops hearing the table, the seat stays.
    assert await seat.ok("room.leave", {"room_id": rid}) == {"ok": True}
    r = await player.client.get(f"/api/rooms/{rid}", headers=player.auth)
    me = next(m for m in r.json()["members"] if m["nickname"] == player.nickname)
    assert me["online"] is False and me["role"] == "player"

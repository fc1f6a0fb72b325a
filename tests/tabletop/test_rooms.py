"""Rooms over HTTP: the lobby, secret rooms and their password throttle, seats decided
atomically, invites, characters, leaving (the GM role passes on), closing."""

from __future__ import annotations

import asyncio
import json

from fastapi import FastAPI

from tests.conftest import Person
from tests.gallery.conftest import make_gemini
from tests.tabletop.conftest import Table


def no_password_anywhere(body: object) -> None:
    text = json.dumps(body)
    assert "password" not in text
    assert "$argon2" not in text


async def test_a_room_is_created_with_its_creator_as_gm(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm, concept="dungeon crawl", max_players=4)
    assert room["title"] == "The Keep" and room["max_players"] == 4 and room["players"] == 1
    assert room["gm"]["nickname"] == gm.nickname
    assert [(m["nickname"], m["role"]) for m in room["members"]] == [(gm.nickname, "gm")]


async def test_secret_rooms_need_a_password_and_never_show_it(table: Table) -> None:
    gm, other = await table.person(), await table.person()
    r = await gm.client.post("/api/rooms", json={"title": "x", "secret": True}, headers=gm.auth)
    assert r.status_code == 422
    room = await table.open_room(gm, secret=True, password="open sesame")
    no_password_anywhere(room)
    for path in ("/api/rooms", f"/api/rooms/{room['id']}"):
        r = await other.client.get(path, headers=other.auth)
        assert r.status_code == 200
        no_password_anywhere(r.json())
    listed = (await other.client.get("/api/rooms", headers=other.auth)).json()["items"]
    assert [(i["id"], i["secret"]) for i in listed] == [(room["id"], True)]


async def test_lobby_pages_open_rooms_newest_first(table: Table) -> None:
    gm = await table.person()
    ids = [(await table.open_room(gm, title=f"room {n}"))["id"] for n in range(3)]
    r = await gm.client.delete(f"/api/rooms/{ids[1]}", headers=gm.auth)
    assert r.status_code == 204
    first = (await gm.client.get("/api/rooms?limit=1", headers=gm.auth)).json()
    assert [i["id"] for i in first["items"]] == [ids[2]]
    second = (
        await gm.client.get(f"/api/rooms?limit=1&cursor={first['next_cursor']}", headers=gm.auth)
    ).json()
    assert [i["id"] for i in second["items"]] == [ids[0]]
    assert second["next_cursor"] is None


async def test_wrong_passwords_are_refused_then_throttled(table: Table) -> None:
    gm, guesser = await table.person(), await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    url = f"/api/rooms/{room['id']}/join"
    r = await guesser.client.post(url, json={}, headers=guesser.auth)
    assert (r.status_code, r.json()["error"]) == (403, "WrongRoomPassword")
    for _ in range(9):
        r = await guesser.client.post(url, json={"password": "guess"}, headers=guesser.auth)
        assert (r.status_code, r.json()["error"]) == (403, "WrongRoomPassword")
    # The 11th try in 15 minutes is refused even with the right password.
    r = await guesser.client.post(url, json={"password": "open sesame"}, headers=guesser.auth)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # Someone else is not held back by another's guesses.
    friend = await table.person()
    joined = await table.join(friend, room["id"], password="open sesame")
    assert joined["players"] == 2


async def test_many_accounts_cannot_guess_one_room_password(table: Table) -> None:
    gm = await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    url = f"/api/rooms/{room['id']}/join"
    guessers = [await table.person() for _ in range(5)]
    for n, guesser in enumerate(guessers):
        for k in range(10):
            body = {"password": f"guess {n} {k}"}
            r = await guesser.client.post(url, json=body, headers=guesser.auth)
            assert (r.status_code, r.json()["error"]) == (403, "WrongRoomPassword")
    # Fifty wrong guesses in the room: a sixth account is refused, even with the right password.
    sixth = await table.person()
    r = await sixth.client.post(url, json={"password": "open sesame"}, headers=sixth.auth)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert r.json()["error"] == "TooManyRequests"
    # An invite from the GM still lets a friend in; other rooms are not affected.
    r = await gm.client.post(f"/api/rooms/{room['id']}/invites", headers=gm.auth)
    joined = await table.join(sixth, room["id"], invite=r.json()["token"])
    assert joined["players"] == 2
    other = await table.open_room(gm, secret=True, password="another")
    assert (await table.join(guessers[0], other["id"], password="another"))["players"] == 2


async def test_joining_twice_is_a_no_op_and_a_full_or_closed_room_refuses(table: Table) -> None:
    gm, one, two = await table.person(), await table.person(), await table.person()
    room = await table.open_room(gm, max_players=2)
    assert (await table.join(one, room["id"]))["players"] == 2
    assert (await table.join(one, room["id"]))["players"] == 2
    r = await two.client.post(f"/api/rooms/{room['id']}/join", json={}, headers=two.auth)
    assert (r.status_code, r.json()["error"]) == (409, "RoomFull")
    assert (await gm.client.delete(f"/api/rooms/{room['id']}", headers=gm.auth)).status_code == 204
    r = await two.client.post(f"/api/rooms/{room['id']}/join", json={}, headers=two.auth)
    assert (r.status_code, r.json()["error"]) == (410, "RoomClosed")


async def test_thirty_concurrent_joins_into_a_room_of_eight_seat_exactly_seven(
    table: Table,
) -> None:
    gm = await table.person()
    room = await table.open_room(gm, max_players=8)
    crowd = [await table.person() for _ in range(30)]

    async def try_join(p: Person) -> int:
        r = await p.client.post(f"/api/rooms/{room['id']}/join", json={}, headers=p.auth)
        return r.status_code

    statuses = await asyncio.gather(*(try_join(p) for p in crowd))
    assert sorted(statuses).count(200) == 7
    assert sorted(statuses).count(409) == 23
    r = await gm.client.get(f"/api/rooms/{room['id']}", headers=gm.auth)
    assert r.json()["players"] == 8 and len(r.json()["members"]) == 8


async def test_an_invite_skips_the_password_for_its_own_room_only(table: Table) -> None:
    gm, friend = await table.person(), await table.person()
    room = await table.open_room(gm, secret=True, password="open sesame")
    other = await table.open_room(gm, secret=True, password="another one")
    r = await gm.client.post(f"/api/rooms/{room['id']}/invites", headers=gm.auth)
    assert r.status_code == 201
    invite = r.json()
    assert invite["url"].endswith(invite["token"])
    r = await friend.client.post(
        f"/api/rooms/{other['id']}/join", json={"invite": invite["token"]}, headers=friend.auth
    )
    assert (r.status_code, r.json()["error"]) == (403, "InvalidInvite")
    joined = await table.join(friend, room["id"], invite=invite["token"])
    assert friend.nickname in [m["nickname"] for m in joined["members"]]
    # Only members hand out invites.
    stranger = await table.person()
    r = await stranger.client.post(f"/api/rooms/{room['id']}/invites", headers=stranger.auth)
    assert (r.status_code, r.json()["error"]) == (403, "NotAMember")


async def test_a_character_must_be_one_of_my_geminis(app: FastAPI, table: Table) -> None:
    gm, player = await table.person(), await table.person()
    mine = await make_gemini(app, player.id, name="Hero", public=False)
    theirs = await make_gemini(app, gm.id, name="Villain")
    room = await table.open_room(gm)
    r = await player.client.post(
        f"/api/rooms/{room['id']}/join", json={"gemini_id": theirs}, headers=player.auth
    )
    assert r.status_code == 404
    joined = await table.join(player, room["id"], gemini_id=mine)
    me = next(m for m in joined["members"] if m["nickname"] == player.nickname)
    assert me["character"]["gemini_id"] == mine and me["character"]["name"] == "Hero"
    r = await gm.client.post(
        f"/api/rooms/{room['id']}/character", json={"gemini_id": theirs}, headers=gm.auth
    )
    assert r.status_code == 200
    gm_row = next(m for m in r.json()["members"] if m["role"] == "gm")
    assert gm_row["character"]["name"] == "Villain"


async def test_when_the_gm_leaves_the_longest_present_member_becomes_gm(table: Table) -> None:
    gm, first, second = await table.person(), await table.person(), await table.person()
    room = await table.open_room(gm)
    await table.join(first, room["id"])
    await table.join(second, room["id"])
    r = await first.client.delete(f"/api/rooms/{room['id']}", headers=first.auth)
    assert r.status_code == 403
    r = await gm.client.post(f"/api/rooms/{room['id']}/leave", headers=gm.auth)
    assert r.status_code == 204
    r = await second.client.get(f"/api/rooms/{room['id']}", headers=second.auth)
    roles = {m["nickname"]: m["role"] for m in r.json()["members"]}
    assert roles == {first.nickname: "gm", second.nickname: "player"}
    assert r.json()["gm"]["nickname"] == first.nickname
    for p in (first, second):
        assert (
            await p.client.post(f"/api/rooms/{room['id']}/leave", headers=p.auth)
        ).status_code == 204
    # The last one out closes the room.
    r = await gm.client.post(f"/api/rooms/{room['id']}/join", json={}, headers=gm.auth)
    assert r.status_code == 410

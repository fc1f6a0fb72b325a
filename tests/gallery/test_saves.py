"""The "saved" list: bookmark geminis (idempotent), see them as `kind=saved` (only your own
saves, only what you may still see), and the `saved` flag on cards (issue 12, point 8)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from tests.conftest import MakePerson, Person
from tests.gallery.conftest import make_gemini


async def _saved(person: Person, **params: Any) -> list[int]:
    r = await person.client.get(
        "/api/feed", params={"kind": "saved", **params}, headers=person.auth
    )
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


async def _save(person: Person, gid: int, method: str = "PUT") -> Any:
    r = await person.client.request(method, f"/api/geminis/{gid}/save", headers=person.auth)
    return r


async def test_saving_is_idempotent_shows_in_my_saved_list_and_flags_the_cards(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    me: Person = await make_person()
    other: Person = await make_person()
    first = await make_gemini(app, owner.id, name="first")
    second = await make_gemini(app, owner.id, name="second")
    for gid in (first, first, second):  # twice: still one save
        r = await _save(me, gid)
        assert r.status_code == 200 and r.json() == {"saved": True}, r.text
    assert await _saved(me) == [second, first]  # most recently saved first
    assert await _saved(other) == []  # only my own saves
    r = await other.client.get("/api/feed", params={"kind": "saved"})
    assert r.status_code == 200 and r.json()["items"] == []  # nobody signed in: nothing

    latest = (await me.client.get("/api/feed", headers=me.auth)).json()["items"]
    assert {i["id"]: i["saved"] for i in latest} == {first: True, second: True}
    theirs = (await other.client.get("/api/feed", headers=other.auth)).json()["items"]
    assert {i["saved"] for i in theirs} == {False}
    one = (await me.client.get(f"/api/geminis/{first}", headers=me.auth)).json()
    assert one["saved"] is True
    assert (await other.client.get(f"/api/geminis/{first}", headers=other.auth)).json()[
        "saved"
    ] is False

    for _ in range(2):  # idempotent both ways
        r = await _save(me, first, "DELETE")
        assert r.status_code == 200 and r.json() == {"saved": False}, r.text
    assert await _saved(me) == [second]


async def test_saved_pages_by_keyset_and_filters_by_look(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    me: Person = await make_person()
    ids = [await make_gemini(app, owner.id, name=f"g{i}") for i in range(5)]
    for gid in ids:
        assert (await _save(me, gid)).status_code == 200
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"kind": "saved", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await me.client.get("/api/feed", params=params, headers=me.auth)).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))
    assert await _saved(me, q="g3") == [ids[3]]
    assert await _saved(me, attr="hair_color:pink") == []


async def test_private_geminis_follow_the_visibility_rules(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    hidden = await make_gemini(app, owner.id, public=False)
    shown = await make_gemini(app, owner.id)
    # Someone else's private gemini cannot be saved, nor unsaved: it does not exist for them.
    assert (await _save(fan, hidden)).status_code == 404
    assert (await _save(fan, hidden, "DELETE")).status_code == 404
    assert (await _save(fan, 99_999_999)).status_code == 404
    assert (await fan.client.put(f"/api/geminis/{shown}/save")).status_code == 401
    # The owner may save their own private one, and sees it in their list.
    assert (await _save(owner, hidden)).status_code == 200
    assert await _saved(owner) == [hidden]
    # A saved gemini that goes private leaves the saver's list, and comes back when public.
    assert (await _save(fan, shown)).status_code == 200
    r = await owner.client.patch(
        f"/api/geminis/{shown}", json={"visibility": "private"}, headers=owner.auth
    )
    assert r.status_code == 200, r.text
    assert await _saved(fan) == []
    # Taking the save back still works (only the fan's own row is touched).
    assert (await _save(fan, shown, "DELETE")).json() == {"saved": False}
    r = await owner.client.patch(
        f"/api/geminis/{shown}", json={"visibility": "public"}, headers=owner.auth
    )
    assert await _saved(fan) == []

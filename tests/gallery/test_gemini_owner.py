"""Owner controls: name, describe, publish/unpublish (likes survive), delete (files too), avatar,
recipe sharing. Other people get 404 for private geminis and 403 for public ones."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from mygemini.models import Notification
from tests.conftest import MakePerson, Person
from tests.gallery.conftest import make_gemini


async def test_owner_edits_and_publishes_and_likes_survive_unpublishing(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    gid = await make_gemini(app, owner.id, public=False)
    assert (await fan.client.get(f"/api/geminis/{gid}", headers=fan.auth)).status_code == 404
    r = await owner.client.patch(
        f"/api/geminis/{gid}",
        json={"name": "별빛 기사", "description": "guards the moon", "visibility": "public"},
        headers=owner.auth,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["visibility"] == "public" and body["name"] == "별빛 기사" and body["published_at"]
    assert [k["category"] for k in body["keywords"]]
    assert (await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)).json() == {
        "liked": True,
        "like_count": 1,
    }
    await owner.client.patch(
        f"/api/geminis/{gid}", json={"visibility": "private"}, headers=owner.auth
    )
    assert (await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)).status_code == 404
    again = await owner.client.patch(
        f"/api/geminis/{gid}", json={"visibility": "public"}, headers=owner.auth
    )
    assert again.json()["like_count"] == 1
    assert again.json()["published_at"] == body["published_at"]
    seen = (await fan.client.get(f"/api/geminis/{gid}", headers=fan.auth)).json()
    assert seen["liked"] is True and seen["like_count"] == 1 and seen["seed"] is None


async def test_others_cannot_change_or_delete(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    other: Person = await make_person()
    public = await make_gemini(app, owner.id, public=True, name="mine")
    private = await make_gemini(app, owner.id, public=False)
    for gid, status in ((public, 403), (private, 404)):
        r = await other.client.patch(
            f"/api/geminis/{gid}", json={"name": "stolen"}, headers=other.auth
        )
        assert r.status_code == status
        assert (
            await other.client.delete(f"/api/geminis/{gid}", headers=other.auth)
        ).status_code == status
        r = await other.client.put("/api/me/avatar", json={"gemini_id": gid}, headers=other.auth)
        assert r.status_code == 404
    assert (await other.client.get(f"/api/geminis/{public}")).json()["name"] == "mine"
    bad = await owner.client.patch(
        f"/api/geminis/{public}", json={"name": "x" * 21}, headers=owner.auth
    )
    assert bad.status_code == 422
    bad = await owner.client.patch(
        f"/api/geminis/{public}", json={"owner_id": other.id}, headers=owner.auth
    )
    assert bad.status_code == 422


async def test_delete_removes_files_avatar_and_degrades_notifications(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    gid = await make_gemini(app, owner.id, public=True, with_files=True)
    gemini = (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).json()
    assert (await owner.client.get(gemini["image_url"])).status_code == 200
    assert (
        await owner.client.put("/api/me/avatar", json={"gemini_id": gid}, headers=owner.auth)
    ).status_code == 204
    me = (await owner.client.get("/api/me", headers=owner.auth)).json()
    assert me["avatar_url"] == f"/api/geminis/{gid}/avatar"
    avatar = await owner.client.get(me["avatar_url"])
    assert avatar.status_code == 302 and (
        avatar.headers["location"].split("?")[0] == gemini["thumbnail_url"].split("?")[0]
    )
    await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)  # notifies the owner

    assert (await owner.client.delete(f"/api/geminis/{gid}", headers=owner.auth)).status_code == 204
    assert (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).status_code == 404
    assert (await owner.client.get(gemini["image_url"])).status_code == 404
    assert (await owner.client.get(gemini["thumbnail_url"])).status_code == 404
    assert (await owner.client.get("/api/me", headers=owner.auth)).json()["avatar_url"] is None
    inbox = await owner.client.get("/api/notifications", headers=owner.auth)
    assert inbox.status_code == 200
    assert [n["payload"].get("gemini_id") for n in inbox.json()["items"]] == [gid]
    async with app.state.db.unit_of_work() as uow:
        assert len((await uow.session.scalars(select(Notification))).all()) == 1


async def test_recipe_shares_the_seed_only_when_allowed(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    other: Person = await make_person()
    gid = await make_gemini(app, owner.id, public=True)
    r = (await other.client.get(f"/api/geminis/{gid}/recipe")).json()
    assert r["attributes"] and r["seed"] is None
    assert (await owner.client.get(f"/api/geminis/{gid}/recipe", headers=owner.auth)).json()["seed"]
    await owner.client.patch(f"/api/geminis/{gid}", json={"share_seed": True}, headers=owner.auth)
    assert (await other.client.get(f"/api/geminis/{gid}/recipe")).json()["seed"] is not None
    private = await make_gemini(app, owner.id, public=False)
    assert (await other.client.get(f"/api/geminis/{private}/recipe")).status_code == 404


async def test_control_characters_are_refused_not_stored(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    r = await owner.client.patch("/api/me", json={"bio": "a\u0000b"}, headers=owner.auth)
    assert r.status_code == 422
    r = await owner.client.patch(
        f"/api/geminis/{gid}", json={"name": "x\u0000"}, headers=owner.auth
    )
    assert r.status_code == 422
    ok = await owner.client.patch("/api/me", json={"bio": "line one\nline two"}, headers=owner.auth)
    assert ok.status_code == 200
    for path in ("/api/users/a%00b", "/api/users/a%00b/followers", "/api/users/a%00b/geminis"):
        assert (await owner.client.get(path)).status_code == 404
    assert (
        await owner.client.put("/api/users/a%00b/follow", headers=owner.auth)
    ).status_code == 404

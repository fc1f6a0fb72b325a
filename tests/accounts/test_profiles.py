"""Me, profiles, follows and their lists; other people's data is never writable."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from mygemini.core.security import create_access_token
from mygemini.models import Follow, Notification
from tests.conftest import MakePerson, Person


async def test_onboarding_sets_bio_nickname_and_avatar(make_person: MakePerson) -> None:
    p: Person = await make_person(onboard=False)
    me = (await p.client.get("/api/me", headers=p.auth)).json()
    assert me["onboarded"] is False and me["avatar_url"] is None
    avatars = (await p.client.get("/api/avatars")).json()["items"]
    assert {"aries", "leo"} <= {a["id"] for a in avatars}
    r = await p.client.patch(
        "/api/me",
        json={"nickname": "새 별", "bio": "  hello  ", "avatar": "leo"},
        headers=p.auth,
    )
    assert r.status_code == 200
    body = r.json()
    assert body["onboarded"] is True
    assert body["nickname"] == "새 별" and body["bio"] == "hello"
    assert body["avatar_url"] == "/api/avatars/leo.svg"
    img = await p.client.get(body["avatar_url"])
    assert img.status_code == 200 and img.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in img.content


async def test_patch_me_refuses_bad_values_and_writes_nothing(make_person: MakePerson) -> None:
    a: Person = await make_person()
    b: Person = await make_person()
    cases: list[tuple[dict[str, object], int, str]] = [
        ({"avatar": "dragon"}, 400, "UnknownAvatar"),
        ({"nickname": b.nickname.upper()}, 409, "NicknameTaken"),
        ({"nickname": "bad--name"}, 400, "InvalidNickname"),
        ({"bio": "x" * 256}, 422, "ValidationError"),
        ({"id": b.id}, 422, "ValidationError"),
        ({"email": b.email}, 422, "ValidationError"),
    ]
    for body, status, error in cases:
        # a valid bio rides along: it must not be saved when the rest fails
        r = await a.client.patch("/api/me", json={"bio": "half", **body}, headers=a.auth)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"] == error
    me = (await a.client.get("/api/me", headers=a.auth)).json()
    assert me["bio"] == "" and me["nickname"] == a.nickname
    assert (await a.client.patch("/api/me", json={"bio": "x"})).status_code == 401


async def test_own_nickname_case_change_is_allowed(make_person: MakePerson) -> None:
    p: Person = await make_person("Vega")
    r = await p.client.patch("/api/me", json={"nickname": "VEGA"}, headers=p.auth)
    assert r.status_code == 200 and r.json()["nickname"] == "VEGA"


async def test_profile_is_public_and_found_case_insensitively(
    make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    p: Person = await make_person("Altair")
    r = await client.get("/api/users/altair")
    assert r.status_code == 200
    body = r.json()
    assert body["nickname"] == "Altair" and body["is_following"] is False and body["is_me"] is False
    assert "email" not in body
    mine = await p.client.get("/api/users/Altair", headers=p.auth)
    assert mine.json()["is_me"] is True
    assert (await client.get("/api/users/nobody_here")).status_code == 404


async def test_follow_is_idempotent_and_counts(make_person: MakePerson, app: FastAPI) -> None:
    a: Person = await make_person()
    b: Person = await make_person()
    for _ in range(2):
        r = await a.client.put(f"/api/users/{b.nickname}/follow", headers=a.auth)
        assert r.status_code == 204
    prof = (await a.client.get(f"/api/users/{b.nickname}", headers=a.auth)).json()
    assert prof["followers"] == 1 and prof["is_following"] is True
    me = (await a.client.get("/api/me", headers=a.auth)).json()
    assert me["following"] == 1 and me["followers"] == 0

    # exactly one notification for B, none for the repeated follow
    async with app.state.db.unit_of_work() as uow:
        notes = (
            await uow.session.scalars(select(Notification).where(Notification.user_id == b.id))
        ).all()
    assert len(notes) == 1
    assert notes[0].kind == "follow.new" and notes[0].payload["nickname"] == a.nickname

    for _ in range(2):
        r = await a.client.delete(f"/api/users/{b.nickname}/follow", headers=a.auth)
        assert r.status_code == 204
    prof = (await a.client.get(f"/api/users/{b.nickname}", headers=a.auth)).json()
    assert prof["followers"] == 0 and prof["is_following"] is False


async def test_follow_rules(
    make_person: MakePerson, client: httpx.AsyncClient, app: FastAPI
) -> None:
    a: Person = await make_person()
    self_follow = await a.client.put(f"/api/users/{a.nickname}/follow", headers=a.auth)
    assert self_follow.status_code == 400 and self_follow.json()["error"] == "CannotFollowSelf"
    unknown = await a.client.put("/api/users/nobody_x/follow", headers=a.auth)
    assert unknown.status_code == 404
    anonymous = await client.put(f"/api/users/{a.nickname}/follow")
    assert anonymous.status_code == 401
    async with app.state.db.unit_of_work() as uow:
        assert (await uow.session.scalars(select(Follow))).all() == []


async def test_follows_by_a_token_of_nobody_or_of_no_nickname(
    make_person: MakePerson, client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The follow reads neither person as a `User`: a signed token of a person who is not in the
    database is still refused (401, before the 404 of whom it names), and what cannot be a
    nickname is nobody (404)."""
    a: Person = await make_person()
    b: Person = await make_person()
    ghost = create_access_token(10_000_000, app.state.ctx.settings.auth.jwt_secret, 5)
    headers = {"Authorization": f"Bearer {ghost}"}
    for method in ("PUT", "DELETE"):
        for whom in (b.nickname, "nobody_x", "!"):
            r = await client.request(method, f"/api/users/{whom}/follow", headers=headers)
            assert r.status_code == 401, (method, whom, r.text)
        r = await a.client.request(method, "/api/users/!/follow", headers=a.auth)
        assert r.status_code == 404 and r.json()["error"] == "UserNotFound"
    async with app.state.db.unit_of_work() as uow:
        assert (await uow.session.scalars(select(Follow))).all() == []
        assert (await uow.session.scalars(select(Notification))).all() == []


async def test_unfollow_of_a_follow_that_is_not_there_is_a_no_op(make_person: MakePerson) -> None:
    a: Person = await make_person()
    b: Person = await make_person()
    r = await a.client.delete(f"/api/users/{b.nickname}/follow", headers=a.auth)
    assert r.status_code == 204
    unknown = await a.client.delete("/api/users/nobody_x/follow", headers=a.auth)
    assert unknown.status_code == 404
    self_ = await a.client.delete(f"/api/users/{a.nickname}/follow", headers=a.auth)
    assert self_.status_code == 400 and self_.json()["error"] == "CannotFollowSelf"


async def test_follower_and_following_lists_paginate_newest_first(make_person: MakePerson) -> None:
    star: Person = await make_person()
    fans = [await make_person() for _ in range(5)]
    for fan in fans:
        assert (
            await fan.client.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
        ).status_code == 204
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = await star.client.get(f"/api/users/{star.nickname}/followers", params=params)
        assert r.status_code == 200
        body = r.json()
        assert len(body["items"]) <= 2
        seen += [i["nickname"] for i in body["items"]]
        assert all("avatar_url" in i for i in body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f.nickname for f in reversed(fans)]
    assert pages == 3

    following = await fans[0].client.get(f"/api/users/{fans[0].nickname}/following")
    assert [i["nickname"] for i in following.json()["items"]] == [star.nickname]
    assert following.json()["next_cursor"] is None


async def test_list_parameters_are_validated(make_person: MakePerson) -> None:
    p: Person = await make_person()
    url = f"/api/users/{p.nickname}/followers"
    assert (await p.client.get(url, params={"limit": 101})).status_code == 422
    assert (await p.client.get(url, params={"limit": 0})).status_code == 422
    bad = await p.client.get(url, params={"cursor": "%%%not-a-cursor"})
    assert bad.status_code == 400 and bad.json()["error"] == "InvalidCursor"

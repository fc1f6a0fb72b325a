"""Likes stay exact under concurrency; feeds paginate by keyset; milestones notify once."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.models import Like, Notification
from mygemini.models.base import utcnow
from mygemini.models.gallery import Gemini
from tests.conftest import MakePerson, Person, sign_up
from tests.gallery.conftest import make_gemini


async def _counts(app: FastAPI, gid: int) -> tuple[int, int]:
    async with app.state.db.unit_of_work() as uow:
        cached = await uow.session.scalar(select(Gemini.like_count).where(Gemini.id == gid))
        rows = await uow.session.scalar(select(func.count()).where(Like.gemini_id == gid))
    return int(cached or 0), int(rows or 0)


async def test_fifty_people_liking_at_once(app: FastAPI) -> None:
    owner = await sign_up(app)
    gid = await make_gemini(app, owner.id)
    fans = [await sign_up(app, onboard=False) for _ in range(50)]
    answers = await asyncio.gather(
        *(f.client.put(f"/api/geminis/{gid}/like", headers=f.auth) for f in fans)
    )
    assert all(a.status_code == 200 for a in answers)
    assert await _counts(app, gid) == (50, 50)
    for p in [owner, *fans]:
        await p.client.aclose()


async def test_like_unlike_storms_keep_the_count_exact(app: FastAPI) -> None:
    owner = await sign_up(app)
    gid = await make_gemini(app, owner.id)
    fans = [await sign_up(app, onboard=False) for _ in range(8)]
    rng = random.Random(7)
    calls = []
    for _ in range(80):
        fan = rng.choice(fans)
        method = fan.client.put if rng.random() < 0.5 else fan.client.delete
        calls.append(method(f"/api/geminis/{gid}/like", headers=fan.auth))
    answers = await asyncio.gather(*calls)
    assert all(a.status_code == 200 for a in answers)
    cached, rows = await _counts(app, gid)
    assert cached == rows
    # one more like per fan, each idempotent
    for fan in fans:
        await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)
        await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)
    assert await _counts(app, gid) == (8, 8)
    for p in [owner, *fans]:
        await p.client.aclose()


async def test_milestones_notify_once_even_through_storms(app: FastAPI) -> None:
    owner = await sign_up(app)
    gid = await make_gemini(app, owner.id)
    fans = [await sign_up(app, onboard=False) for _ in range(10)]
    first = fans[0]
    for _ in range(3):  # 1 like, unlike, like again: "1 like" is announced once
        await first.client.put(f"/api/geminis/{gid}/like", headers=first.auth)
        await first.client.delete(f"/api/geminis/{gid}/like", headers=first.auth)
    for fan in fans:
        await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)
    async with app.state.db.unit_of_work() as uow:
        notes = (
            await uow.session.scalars(
                select(Notification)
                .where(Notification.user_id == owner.id)
                .order_by(Notification.id)
            )
        ).all()
    assert [(n.kind, n.payload["likes"]) for n in notes] == [
        ("like.milestone", 1),
        ("like.milestone", 10),
    ]
    for p in [owner, *fans]:
        await p.client.aclose()


async def test_private_geminis_of_others_cannot_be_liked(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    gid = await make_gemini(app, owner.id, public=False)
    assert (await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)).status_code == 404
    assert (await fan.client.put(f"/api/geminis/{gid}/like")).status_code == 401
    assert (await fan.client.put("/api/geminis/99999999/like", headers=fan.auth)).status_code == 404


async def test_feeds_latest_following_popular_paginate(
    make_person: MakePerson, app: FastAPI
) -> None:
    a: Person = await make_person()
    b: Person = await make_person()
    viewer: Person = await make_person()
    base = utcnow() - timedelta(hours=1)
    a_ids = [
        await make_gemini(app, a.id, published_at=base + timedelta(minutes=i)) for i in range(5)
    ]
    b_ids = [
        await make_gemini(app, b.id, published_at=base + timedelta(minutes=10 + i))
        for i in range(3)
    ]
    hidden = await make_gemini(app, a.id, public=False)
    for gid, n in ((a_ids[0], 3), (b_ids[0], 2), (a_ids[1], 1)):
        for fan in await asyncio.gather(*(sign_up(app, onboard=False) for _ in range(n))):
            await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)
            await fan.client.aclose()

    async def walk(kind: str, auth: dict[str, str] | None = None) -> list[int]:
        ids: list[int] = []
        cursor = None
        while True:
            params: dict[str, str | int] = {"kind": kind, "limit": 3}
            if cursor:
                params["cursor"] = cursor
            r = await viewer.client.get("/api/feed", params=params, headers=auth or {})
            assert r.status_code == 200, r.text
            page = r.json()
            ids += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                return ids

    latest = await walk("latest")
    assert latest == list(reversed(a_ids + b_ids)) and hidden not in latest
    popular = await walk("popular")
    assert popular[:3] == [a_ids[0], b_ids[0], a_ids[1]] and len(popular) == 8
    assert await walk("following", viewer.auth) == []
    await viewer.client.put(f"/api/users/{b.nickname}/follow", headers=viewer.auth)
    assert await walk("following", viewer.auth) == list(reversed(b_ids))
    item = (
        await viewer.client.get(
            "/api/feed", params={"kind": "popular", "limit": 1}, headers=viewer.auth
        )
    ).json()["items"][0]
    assert set(item) >= {"id", "thumbnail_url", "name", "owner", "like_count", "liked"}
    assert item["owner"]["nickname"] == a.nickname and item["liked"] is False
    assert (await viewer.client.get("/api/feed", params={"limit": 61})).status_code == 422
    assert (await viewer.client.get("/api/feed", params={"cursor": "bm9wZQ"})).status_code == 400
    from mygemini.core.pagination import encode_keys

    for when in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00"):
        r = await viewer.client.get("/api/feed", params={"cursor": encode_keys(when, 1)})
        assert r.status_code == 400, (when, r.text)
    mine = (await a.client.get(f"/api/users/{a.nickname}/geminis")).json()
    assert [i["id"] for i in mine["items"]] == list(reversed(a_ids))


async def test_notifications_inbox_and_read_state(make_person: MakePerson, app: FastAPI) -> None:
    star: Person = await make_person()
    fans = [await make_person() for _ in range(3)]
    for fan in fans:
        await fan.client.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
    inbox = (await star.client.get("/api/notifications", headers=star.auth)).json()
    assert [n["payload"]["nickname"] for n in inbox["items"]] == [
        f.nickname for f in reversed(fans)
    ]
    assert (await star.client.get("/api/notifications/unread-count", headers=star.auth)).json() == {
        "unread": 3
    }
    newest = inbox["items"][0]["id"]
    # someone else's ids are ignored
    await fans[0].client.post(
        "/api/notifications/read", json={"ids": [newest]}, headers=fans[0].auth
    )
    assert (await star.client.get("/api/notifications/unread-count", headers=star.auth)).json() == {
        "unread": 3
    }
    r = await star.client.post("/api/notifications/read", json={"ids": [newest]}, headers=star.auth)
    assert r.json() == {"unread": 2}
    r = await star.client.post("/api/notifications/read", json={"all": True}, headers=star.auth)
    assert r.json() == {"unread": 0}
    assert (
        await star.client.post("/api/notifications/read", json={}, headers=star.auth)
    ).status_code == 422
    assert (await star.client.get("/api/notifications")).status_code == 401

"""TOP 5 rules, each with a test that fails when the rule is broken; the clock is driven."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from mygemini.gallery.rankings import close_windows
from mygemini.models import Generation, Purpose
from mygemini.render.png import read_png_text
from tests.conftest import MakePerson, Person, sign_up
from tests.gallery.conftest import ended_fourcut, make_gemini
from tests.studio.conftest import studio_app

# Thursday 2026-11-26 12:00 in Seoul (03:00 UTC); the Seoul day runs 2026-11-25 15:00 UTC → +1d.
NOON_SEOUL = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def at(app: FastAPI, when: datetime) -> None:
    app.state.ctx.clock = lambda: when


async def likes(app: FastAPI, gid: int, n: int, when: datetime) -> list[Person]:
    at(app, when)
    fans = []
    for _ in range(n):
        fan = await sign_up(app, onboard=False)
        r = await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)
        assert r.status_code == 200
        fans.append(fan)
    return fans


async def top(
    app: FastAPI, c: Person, period: str = "daily", which: str = "current"
) -> list[tuple[int, int]]:
    r = await c.client.get(f"/api/rankings/{period}", params={"period": which})
    assert r.status_code == 200, r.text
    return [(i["gemini"]["id"], i["score"]) for i in r.json()["items"] if i["gemini"]]


async def test_highest_first_and_at_most_five(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    scores = [3, 7, 1, 5, 2, 6]
    ids = [await make_gemini(app, owner.id) for _ in scores]
    for gid, n in zip(ids, scores, strict=True):
        await likes(app, gid, n, NOON_SEOUL)
    ranked = await top(app, owner)
    assert ranked == [(ids[1], 7), (ids[5], 6), (ids[3], 5), (ids[0], 3), (ids[4], 2)]


async def test_only_likes_inside_the_window_that_still_exist(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    old, fresh = await make_gemini(app, owner.id), await make_gemini(app, owner.id)
    await likes(app, old, 4, NOON_SEOUL - timedelta(days=1))  # yesterday in Seoul
    fans = await likes(app, fresh, 3, NOON_SEOUL)
    at(app, NOON_SEOUL + timedelta(hours=1))
    await fans[0].client.delete(f"/api/geminis/{fresh}/like", headers=fans[0].auth)
    assert await top(app, owner) == [(fresh, 2)]
    # the old likes do count for the week
    assert dict(await top(app, owner, "weekly")) == {old: 4, fresh: 2}


async def test_only_public_geminis_rank(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    shown, hidden = await make_gemini(app, owner.id), await make_gemini(app, owner.id)
    await likes(app, shown, 1, NOON_SEOUL)
    await likes(app, hidden, 5, NOON_SEOUL)
    await owner.client.patch(
        f"/api/geminis/{hidden}", json={"visibility": "private"}, headers=owner.auth
    )
    assert await top(app, owner) == [(shown, 1)]


async def test_a_tie_goes_to_who_reached_the_score_first(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    early, late = await make_gemini(app, owner.id), await make_gemini(app, owner.id)
    # `late` gets its first like before `early`, but reaches 2 likes after it
    await likes(app, late, 1, NOON_SEOUL)
    await likes(app, early, 2, NOON_SEOUL + timedelta(minutes=5))
    await likes(app, late, 1, NOON_SEOUL + timedelta(minutes=10))
    assert await top(app, owner) == [(early, 2), (late, 2)]


async def test_day_boundary_follows_seoul_midnight(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    last_second = datetime(2026, 11, 26, 14, 59, 59, tzinfo=UTC)  # 23:59:59 Seoul
    await likes(app, gid, 1, last_second)
    at(app, last_second)
    assert await top(app, owner) == [(gid, 1)]
    at(app, datetime(2026, 11, 26, 15, 0, tzinfo=UTC))  # 00:00 Seoul, a new day
    assert await top(app, owner) == []
    assert await top(app, owner, which="previous") == [(gid, 1)]
    r = (await owner.client.get("/api/rankings/daily")).json()
    assert r["period"]["start"].startswith("2026-11-26T15:00")


async def test_week_boundary_is_monday_in_seoul(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    sunday_late = datetime(2026, 11, 29, 14, 30, tzinfo=UTC)  # Sun 23:30 Seoul
    await likes(app, gid, 2, sunday_late)
    assert await top(app, owner, "weekly") == [(gid, 2)]
    at(app, datetime(2026, 11, 29, 15, 1, tzinfo=UTC))  # Mon 00:01 Seoul
    assert await top(app, owner, "weekly") == []
    assert await top(app, owner, "weekly", "previous") == [(gid, 2)]


async def test_closing_freezes_notifies_and_orders_free_fourcuts(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url) as app:
        owner = await sign_up(app)
        gid = await make_gemini(app, owner.id, name="Nova")
        runner_up = await make_gemini(app, owner.id)
        await likes(app, gid, 2, NOON_SEOUL)
        fans = await likes(app, runner_up, 1, NOON_SEOUL)
        at(app, NOON_SEOUL + timedelta(days=1))
        closed = await close_windows(app.state.ctx)
        assert "daily" in {w.period for w in closed}
        assert await close_windows(app.state.ctx) == []  # once per window
        # frozen: a later unlike does not change the closed day
        await fans[0].client.delete(f"/api/geminis/{runner_up}/like", headers=fans[0].auth)
        body = (await owner.client.get("/api/rankings/daily", params={"period": "previous"})).json()
        assert body["frozen"] is True
        assert [(i["gemini"]["id"], i["score"]) for i in body["items"]] == [
            (gid, 2),
            (runner_up, 1),
        ]
        assert (await owner.client.get("/api/me", headers=owner.auth)).json()["stars"] == 10

        strip = await ended_fourcut(owner, gid)
        assert (await ended_fourcut(owner, runner_up))["status"] == "ready"
        assert strip["status"] == "ready", strip
        assert len(strip["frame_urls"]) == 4
        assert strip["grid_url"] and strip["strip_url"]
        assert (await owner.client.get(str(strip["strip_url"]))).status_code == 200
        # frames are public in the strip: they carry no recipe (and so no seed)
        frame = (await owner.client.get(strip["frame_urls"][0])).content
        assert frame[:4] == b"\x89PNG" and read_png_text(frame) == {}
        kinds = [
            n["kind"]
            for n in (
                await owner.client.get(
                    "/api/notifications", params={"limit": 50}, headers=owner.auth
                )
            ).json()["items"]
        ]
        assert kinds.count("ranking.top5") == 2 and kinds.count("fourcut.ready") == 2
        ranked = (
            await owner.client.get("/api/rankings/daily", params={"period": "previous"})
        ).json()
        assert ranked["items"][0]["fourcut"]["status"] == "ready"
        url = f"/api/users/{owner.nickname}/fourcuts"
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as anonymous:
            assert len((await anonymous.get(url)).json()["items"]) == 2
            await owner.client.patch(
                f"/api/geminis/{runner_up}", json={"visibility": "private"}, headers=owner.auth
            )
            assert [f["gemini_id"] for f in (await anonymous.get(url)).json()["items"]] == [gid]
        assert len((await owner.client.get(url, headers=owner.auth)).json()["items"]) == 2
        for p in (owner, *fans):
            await p.client.aclose()


async def test_owner_orders_a_fourcut_for_two_stars(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    slow = {"backend": "noop", "noop_seconds": 3.0}
    async with studio_app(tmp_path, database_url, redis_url, render=slow) as app:
        owner = await sign_up(app)
        other = await sign_up(app)
        gid = await make_gemini(app, owner.id, public=True)
        url = f"/api/geminis/{gid}/fourcuts"
        assert (await other.client.post(url, headers=other.auth)).status_code == 403
        r = await owner.client.post(url, headers=owner.auth)
        assert r.status_code == 202 and r.json()["status"] == "pending"
        assert (await owner.client.get("/api/me", headers=owner.auth)).json()["stars"] == 8
        # The frames are the system's jobs: not in my list, not mine to cancel.
        mine = await owner.client.get("/api/studio/generations", headers=owner.auth)
        assert mine.json()["items"] == []
        async with app.state.db.unit_of_work() as uow:
            frame_ids = list(
                await uow.session.scalars(
                    select(Generation.id).where(
                        Generation.purpose == Purpose.FOURCUT_FRAME,
                        Generation.ref.startswith(f"{r.json()['id']}/"),
                    )
                )
            )
        assert len(frame_ids) == 4
        cancel = await owner.client.post(
            f"/api/studio/generations/{frame_ids[0]}/cancel", headers=owner.auth
        )
        assert cancel.status_code == 404
        # Deleting the gemini while its paid strip is unfinished returns the stars.
        deleted = await owner.client.delete(f"/api/geminis/{gid}", headers=owner.auth)
        assert deleted.status_code == 204
        assert (await owner.client.get("/api/me", headers=owner.auth)).json()["stars"] == 10
        # Its frame jobs went with it: none is left to render for a strip that is gone.
        async with app.state.db.unit_of_work() as uow:
            left = await uow.session.scalars(
                select(Generation.id).where(Generation.id.in_(frame_ids))
            )
            assert list(left) == []
        await owner.client.aclose()
        await other.client.aclose()

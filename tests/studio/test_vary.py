"""Vary (issue 12, point 2): one recipe summoned with four new seeds at once, charged together
(all or nothing), counted as one summon against the limit; each result is a private gemini the
person keeps or deletes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.models import Generation
from mygemini.studio.variations import shares
from tests.conftest import MakePerson, Person, sign_up
from tests.studio.conftest import RECIPE, generate, ledger_state, studio_app, wait_for


async def _vary(person: Person, recipe: dict[str, Any] | None = None) -> httpx.Response:
    return await person.client.post(
        "/api/studio/generations/vary", json={"recipe": recipe or RECIPE}, headers=person.auth
    )


async def _jobs(app: FastAPI) -> int:
    async with app.state.db.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(Generation)) or 0)


def test_the_price_is_shared_out_exactly() -> None:
    assert shares(4, 4) == [1, 1, 1, 1]
    assert shares(3, 4) == [1, 1, 1, 0]
    assert shares(10, 4) == [3, 3, 2, 2]
    assert all(sum(shares(p, n)) == p for p in range(30) for n in range(2, 9))


async def test_vary_summons_four_seeds_for_four_stars_and_i_keep_some(
    make_person: MakePerson, app: FastAPI
) -> None:
    me: Person = await make_person()
    other: Person = await make_person()
    catalog = (await me.client.get("/api/studio/catalog")).json()
    assert (catalog["vary_count"], catalog["vary_cost"]) == (4, 4)
    r = await _vary(me)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["cost"] == 4 and body["batch"].startswith("vary:")
    items = body["items"]
    assert len(items) == 4 and len({i["seed"] for i in items}) == 4
    assert {i["batch"] for i in items} == {body["batch"]}
    assert all(i["recipe"]["attributes"] == RECIPE["attributes"] for i in items)
    assert [i["cost"] for i in items] == [1, 1, 1, 1]
    balance, total, reasons = await ledger_state(app, me.id)
    assert balance == total == 6 and reasons == ["signup_grant"] + ["generation"] * 4

    done = [await wait_for(me, i["id"], {"succeeded", "failed"}) for i in items]
    assert {d["status"] for d in done} == {"succeeded"}
    geminis = [d["gemini_id"] for d in done]
    # Somebody else can neither see the summons nor touch what they made.
    for item, gid in zip(items, geminis, strict=True):
        r = await other.client.get(f"/api/studio/generations/{item['id']}", headers=other.auth)
        assert r.status_code == 404
        assert (
            await other.client.delete(f"/api/geminis/{gid}", headers=other.auth)
        ).status_code == 404
    # Keep two, discard two.
    for gid in geminis[2:]:
        assert (await me.client.delete(f"/api/geminis/{gid}", headers=me.auth)).status_code == 204
    mine = (await me.client.get("/api/me/geminis", headers=me.auth)).json()["items"]
    assert sorted(g["id"] for g in mine) == sorted(geminis[:2])
    assert {g["visibility"] for g in mine} == {"private"}


async def test_too_few_stars_or_a_bad_recipe_write_nothing(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url, studio={"vary_cost": 11}) as app:
        me = await sign_up(app)
        r = await _vary(me)
        assert r.status_code == 402 and r.json()["error"] == "InsufficientStars", r.text
        r = await _vary(me, {**RECIPE, "seed": 7})
        assert r.status_code == 400 and r.json()["error"] == "VarySeedGiven", r.text
        r = await _vary(me, {"attributes": {**RECIPE["attributes"], "hair_color": "plaid"}})
        assert r.status_code == 422, r.text
        assert (
            await me.client.post("/api/studio/generations/vary", json={"recipe": RECIPE})
        ).status_code == 401
        assert await _jobs(app) == 0
        balance, total, reasons = await ledger_state(app, me.id)
        assert balance == total == 10 and reasons == ["signup_grant"]
        await me.client.aclose()


async def test_simultaneous_varies_never_overspend_nor_half_charge(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(
        tmp_path, database_url, redis_url, studio={"max_unfinished_per_person": 100}
    ) as app:
        me = await sign_up(app)
        answers = await asyncio.gather(*(_vary(me) for _ in range(5)))
        codes = sorted(r.status_code for r in answers)
        assert codes == [202, 202, 402, 402, 402], codes
        assert await _jobs(app) == 8
        balance, total, _ = await ledger_state(app, me.id)
        assert balance == total == 2
        await me.client.aclose()


async def test_a_vary_is_one_summon_against_the_limit(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    slow = {"backend": "noop", "noop_seconds": 5.0}
    async with studio_app(tmp_path, database_url, redis_url, render=slow) as app:
        me = await sign_up(app)
        accepted = [await _vary(me), await generate(me), await generate(me)]
        assert [r.status_code for r in accepted] == [202, 202, 202]
        over = [await _vary(me), await generate(me)]
        assert [r.status_code for r in over] == [429, 429]
        assert {r.json()["error"] for r in over} == {"TooManyGenerations"}
        balance, total, _ = await ledger_state(app, me.id)
        assert balance == total == 4
        ids = [i["id"] for i in accepted[0].json()["items"]]
        ids += [r.json()["id"] for r in accepted[1:]]
        for gid in ids:
            await me.client.post(f"/api/studio/generations/{gid}/cancel", headers=me.auth)
        await me.client.aclose()

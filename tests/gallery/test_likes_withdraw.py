"""A like can always be taken back by the one who gave it, even after the gemini went private."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.models import Like
from mygemini.models.gallery import Gemini
from tests.conftest import MakePerson, Person
from tests.gallery.conftest import make_gemini


async def _counts(app: FastAPI, gid: int) -> tuple[int, int]:
    async with app.state.db.unit_of_work() as uow:
        cached = await uow.session.scalar(select(Gemini.like_count).where(Gemini.id == gid))
        rows = await uow.session.scalar(select(func.count()).where(Like.gemini_id == gid))
    return int(cached or 0), int(rows or 0)


async def test_a_like_on_a_gemini_gone_private_can_be_withdrawn(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    other: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    for p in (fan, other):
        r = await p.client.put(f"/api/geminis/{gid}/like", headers=p.auth)
        assert r.status_code == 200, r.text
    r = await owner.client.patch(
        f"/api/geminis/{gid}", json={"visibility": "private"}, headers=owner.auth
    )
    assert r.status_code == 200, r.text

    r = await fan.client.delete(f"/api/geminis/{gid}/like", headers=fan.auth)
    assert r.status_code == 200, r.text
    assert r.json() == {"liked": False, "like_count": 1}
    assert await _counts(app, gid) == (1, 1)

    # Withdrawing twice changes nothing, and the private gemini stays hidden from the fan.
    r = await fan.client.delete(f"/api/geminis/{gid}/like", headers=fan.auth)
    assert r.status_code == 404
    assert r.json()["error"] == "GeminiNotFound"
    assert await _counts(app, gid) == (1, 1)

    # Someone who never liked it learns nothing about it either.
    stranger: Person = await make_person()
    r = await stranger.client.delete(f"/api/geminis/{gid}/like", headers=stranger.auth)
    assert r.status_code == 404
    assert await _counts(app, gid) == (1, 1)

    # Once public again, the remaining like is still counted exactly.
    r = await owner.client.patch(
        f"/api/geminis/{gid}", json={"visibility": "public"}, headers=owner.auth
    )
    assert r.status_code == 200
    r = await other.client.delete(f"/api/geminis/{gid}/like", headers=other.auth)
    assert r.json() == {"liked": False, "like_count": 0}
    assert await _counts(app, gid) == (0, 0)

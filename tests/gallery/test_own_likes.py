"""Fairness: an owner cannot like their own gemini, and an owner's like (from before the rule)
never counts in the TOP 5 (issue 12, point 7; docs/adr/0013-gallery-discovery.md)."""

from __future__ import annotations

from fastapi import FastAPI

from mygemini.models import Like
from mygemini.models.base import utcnow
from tests.conftest import MakePerson, Person
from tests.gallery.conftest import make_gemini


async def test_an_owner_cannot_like_their_own_gemini(make_person: MakePerson, app: FastAPI) -> None:
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    r = await owner.client.put(f"/api/geminis/{gid}/like", headers=owner.auth)
    assert r.status_code == 403, r.text
    assert r.json()["error"] == "OwnLike"
    body = (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).json()
    assert body["like_count"] == 0 and body["liked"] is False
    # Taking back a like they never gave is a no-op, not an error.
    r = await owner.client.delete(f"/api/geminis/{gid}/like", headers=owner.auth)
    assert r.status_code == 200 and r.json() == {"liked": False, "like_count": 0}


async def test_an_owners_like_does_not_count_in_the_ranking(
    make_person: MakePerson, app: FastAPI
) -> None:
    vain: Person = await make_person()
    modest: Person = await make_person()
    fan: Person = await make_person()
    boosted = await make_gemini(app, vain.id, name="boosted")
    liked = await make_gemini(app, modest.id, name="liked")
    # An owner's like stored before the rule (the migration removes these; a row that slipped
    # in must still not count).
    async with app.state.db.unit_of_work() as uow:
        uow.session.add(Like(user_id=vain.id, gemini_id=boosted, created_at=utcnow()))
    r = await fan.client.put(f"/api/geminis/{liked}/like", headers=fan.auth)
    assert r.status_code == 200, r.text
    for period in ("daily", "weekly"):
        board = (await fan.client.get(f"/api/rankings/{period}")).json()
        ranked = [(i["gemini"]["name"], i["score"]) for i in board["items"]]
        assert ranked == [("liked", 1)], (period, ranked)


async def test_a_window_says_whether_it_has_closed(make_person: MakePerson, app: FastAPI) -> None:
    person: Person = await make_person()
    current = (await person.client.get("/api/rankings/daily")).json()
    previous = (
        await person.client.get("/api/rankings/daily", params={"period": "previous"})
    ).json()
    # Nobody froze yesterday yet (no scheduler here): closed all the same.
    assert (current["closed"], previous["closed"]) == (False, True)
    assert previous["frozen"] is False and previous["items"] == []

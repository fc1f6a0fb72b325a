"""`Me.returning`: a brand-new account is greeted "Welcome", not "Welcome back" (issue 12,
point 6)."""

from __future__ import annotations

from fastapi import FastAPI

from tests.conftest import PASSWORD, MakePerson, Person, client_for


async def test_returning_is_false_right_after_sign_up_and_true_after_a_later_sign_in(
    make_person: MakePerson, app: FastAPI
) -> None:
    person: Person = await make_person()
    me = await person.client.get("/api/me", headers=person.auth)
    assert me.status_code == 200 and me.json()["returning"] is False
    async with client_for(app, ip="192.0.2.80") as c:
        r = await c.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        assert r.json()["user"]["returning"] is True
        token = r.json()["access_token"]
        again = await c.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert again.json()["returning"] is True

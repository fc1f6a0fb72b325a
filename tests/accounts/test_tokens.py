"""Refresh-token families: rotation, reuse detection, logout and the cross-site guard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
from fastapi import FastAPI

from tests.conftest import TEST_SECRET, MakePerson, Person, client_for

CLIENT = {"X-Requested-With": "mygemini"}


def refresh_cookie(c: httpx.AsyncClient) -> str:
    value = c.cookies.get("mygemini_refresh", path="/api/auth")
    assert value
    return value


async def refresh_with(app: FastAPI, token: str) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as c:
        return await c.post(
            "/api/auth/refresh", headers={**CLIENT, "Cookie": f"mygemini_refresh={token}"}
        )


async def test_refresh_rotates_the_cookie_and_gives_a_working_access_token(
    make_person: MakePerson,
) -> None:
    p: Person = await make_person()
    first = refresh_cookie(p.client)
    r = await p.client.post("/api/auth/refresh", headers=CLIENT)
    assert r.status_code == 200
    second = refresh_cookie(p.client)
    assert second != first
    me = await p.client.get(
        "/api/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.json()["id"] == p.id


async def test_reusing_a_rotated_token_revokes_the_whole_family(
    make_person: MakePerson, app: FastAPI
) -> None:
    p: Person = await make_person()
    t1 = refresh_cookie(p.client)
    assert (await p.client.post("/api/auth/refresh", headers=CLIENT)).status_code == 200
    t2 = refresh_cookie(p.client)
    assert (await p.client.post("/api/auth/refresh", headers=CLIENT)).status_code == 200
    t3 = refresh_cookie(p.client)

    stolen = await refresh_with(app, t1)
    assert stolen.status_code == 401
    assert stolen.json()["error"] == "RefreshTokenReused"
    # Every descendant is dead now, including the newest one the owner holds.
    for token in (t2, t3):
        assert (await refresh_with(app, token)).status_code == 401


async def test_reuse_does_not_touch_other_sessions(make_person: MakePerson, app: FastAPI) -> None:
    p: Person = await make_person()
    async with client_for(app) as laptop:
        other = await laptop.post(
            "/api/auth/login", json={"email": p.email, "password": p.password}
        )
    other_session = other.cookies.get("mygemini_refresh")
    assert other_session
    old = refresh_cookie(p.client)
    assert (await p.client.post("/api/auth/refresh", headers=CLIENT)).status_code == 200
    assert (await refresh_with(app, old)).status_code == 401
    # A different family (the login on another device) is unaffected.
    assert (await refresh_with(app, other_session)).status_code == 200


async def test_refresh_needs_the_client_header_and_our_origin(make_person: MakePerson) -> None:
    p: Person = await make_person()
    no_header = await p.client.post("/api/auth/refresh")
    assert no_header.status_code == 403 and no_header.json()["error"] == "CrossSiteRequest"
    evil = await p.client.post(
        "/api/auth/refresh", headers={**CLIENT, "Origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    ours = await p.client.post(
        "/api/auth/refresh", headers={**CLIENT, "Origin": "http://testserver"}
    )
    assert ours.status_code == 200


async def test_a_wrong_client_header_is_the_same_403_as_none(make_person: MakePerson) -> None:
    p: Person = await make_person()
    for path in ("/api/auth/refresh", "/api/auth/logout"):
        for value in ("XMLHttpRequest", ""):
            r = await p.client.post(path, headers={"X-Requested-With": value})
            assert r.status_code == 403 and r.json()["error"] == "CrossSiteRequest", (path, r.text)


def test_the_openapi_declares_the_client_header_on_the_cookie_endpoints(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for path in ("/api/auth/refresh", "/api/auth/logout"):
        operation = paths[path]["post"]
        assert operation["parameters"] == [
            {
                "name": "X-Requested-With",
                "in": "header",
                "required": True,
                "schema": {"type": "string", "const": "mygemini"},
                "description": "Must be `mygemini`: the request comes from the web app",
            }
        ]
        assert "403" in operation["responses"] and "422" not in operation["responses"]


async def test_refresh_without_or_with_garbage_cookie_is_401(app: FastAPI) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as c:
        assert (await c.post("/api/auth/refresh", headers=CLIENT)).status_code == 401
    assert (await refresh_with(app, "garbage")).status_code == 401


async def test_logout_revokes_the_family_and_clears_the_cookie(
    make_person: MakePerson, app: FastAPI
) -> None:
    p: Person = await make_person()
    token = refresh_cookie(p.client)
    assert (await p.client.post("/api/auth/logout")).status_code == 403
    r = await p.client.post("/api/auth/logout", headers=CLIENT)
    assert r.status_code == 204
    assert (
        'mygemini_refresh=""' in r.headers["set-cookie"] or "Max-Age=0" in r.headers["set-cookie"]
    )
    assert (await refresh_with(app, token)).status_code == 401


async def test_access_token_rules(make_person: MakePerson, client: httpx.AsyncClient) -> None:
    p: Person = await make_person()
    now = datetime.now(UTC)

    def forge(secret: str = TEST_SECRET, **claims: object) -> str:
        base = {"sub": str(p.id), "typ": "access", "iat": now, "exp": now + timedelta(minutes=5)}
        return jwt.encode({**base, **claims}, secret, algorithm="HS256")

    ok = await client.get("/api/me", headers={"Authorization": f"Bearer {forge()}"})
    assert ok.status_code == 200
    for bad in (
        forge(exp=now - timedelta(seconds=1)),  # expired
        forge(secret="another-secret-" + "y" * 40),  # not ours
        forge(typ="refresh"),  # not an access token
        forge(sub="999999"),  # nobody
        p.token[:-2] + "xx",  # tampered
    ):
        r = await client.get("/api/me", headers={"Authorization": f"Bearer {bad}"})
        assert r.status_code == 401, bad
        assert r.json()["error"] == "Unauthorized"
    assert (await client.get("/api/me")).status_code == 401


async def test_access_token_lives_fifteen_minutes(make_person: MakePerson) -> None:
    p: Person = await make_person()
    claims = jwt.decode(p.token, TEST_SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 15 * 60

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.models import User
from tests.conftest import PASSWORD, MakePerson, Person, client_for, make_settings, unique


async def test_signup_returns_token_user_and_refresh_cookie(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/auth/signup",
        json={"email": "Luna@Example.com", "password": PASSWORD, "nickname": "달빛 소녀"},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["access_token"]
    assert body["user"]["email"] == "luna@example.com"
    assert body["user"]["nickname"] == "달빛 소녀"
    assert body["user"]["onboarded"] is False
    assert body["user"]["stars"] == 10  # the sign-up grant
    cookie = r.headers["set-cookie"]
    assert "mygemini_refresh=" in cookie
    assert "HttpOnly" in cookie and "Path=/api/auth" in cookie and "SameSite=strict" in cookie
    me = await client.get("/api/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["id"] == body["user"]["id"]


async def _count_users(app: FastAPI) -> int:
    async with app.state.db.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(User)) or 0)


async def test_duplicate_email_is_409_and_writes_nothing(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = {"email": "dup@example.com", "password": PASSWORD, "nickname": "first"}
    assert (await client.post("/api/auth/signup", json=body)).status_code == 201
    r = await client.post(
        "/api/auth/signup", json={**body, "email": "DUP@example.com", "nickname": "second"}
    )
    assert r.status_code == 409
    assert r.json() == {"error": "EmailTaken", "detail": r.json()["detail"]}
    assert await _count_users(app) == 1


async def test_nickname_unique_case_insensitively(client: httpx.AsyncClient, app: FastAPI) -> None:
    r1 = await client.post(
        "/api/auth/signup",
        json={"email": "a@example.com", "password": PASSWORD, "nickname": "Orion"},
    )
    assert r1.status_code == 201
    r2 = await client.post(
        "/api/auth/signup",
        json={"email": "b@example.com", "password": PASSWORD, "nickname": "oRION"},
    )
    assert r2.status_code == 409
    assert r2.json()["error"] == "NicknameTaken"
    assert await _count_users(app) == 1


@pytest.mark.parametrize(
    "nickname",
    [
        "a",
        "x" * 21,
        " lead",
        "trail ",
        "two  spaces",
        "dash-ed",
        "emoji⭐",
        "tab\tin",
        "이름!",
        "",
        "별",
    ],
)
async def test_invalid_nicknames_are_refused(client: httpx.AsyncClient, nickname: str) -> None:
    r = await client.post(
        "/api/auth/signup",
        json={"email": f"{unique('n')}@example.com", "password": PASSWORD, "nickname": nickname},
    )
    assert r.status_code in (400, 422), r.text
    if r.status_code == 400:
        assert r.json()["error"] == "InvalidNickname"
        assert "2-20" in r.json()["detail"]


@pytest.mark.parametrize(
    "nickname", ["ab", "별빛", "x" * 20, "star gazer 7", "한글_and_Latin", "ㅎㅎ"]
)
async def test_valid_nicknames_are_accepted(client: httpx.AsyncClient, nickname: str) -> None:
    r = await client.post(
        "/api/auth/signup",
        json={"email": f"{unique('v')}@example.com", "password": PASSWORD, "nickname": nickname},
    )
    assert r.status_code == 201, r.text
    assert r.json()["user"]["nickname"] == nickname


@pytest.mark.parametrize("password", ["short1", "lettersonly", "1234567890", "a1" * 65])
async def test_weak_passwords_state_the_rule(client: httpx.AsyncClient, password: str) -> None:
    r = await client.post(
        "/api/auth/signup",
        json={
            "email": f"{unique('p')}@example.com",
            "password": password,
            "nickname": unique("pw"),
        },
    )
    assert r.status_code in (400, 422)
    if r.status_code == 400:
        assert r.json()["error"] == "WeakPassword"
        assert "8-128" in r.json()["detail"]


async def test_malformed_payload_is_422_naming_the_field(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/auth/signup", json={"email": "nope", "password": PASSWORD})
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == "ValidationError"
    assert "body.email" in body["detail"] and "body.nickname" in body["detail"]


async def test_extra_fields_are_refused(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/auth/signup",
        json={"email": "e@example.com", "password": PASSWORD, "nickname": "extra", "stars": 999},
    )
    assert r.status_code == 422


async def test_login_success_and_same_401_for_unknown_email_or_wrong_password(
    make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    person: Person = await make_person()
    ok = await client.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    assert ok.status_code == 200
    assert ok.json()["user"]["nickname"] == person.nickname
    assert "mygemini_refresh=" in ok.headers["set-cookie"]
    wrong = await client.post(
        "/api/auth/login", json={"email": person.email, "password": "wrong pass 1"}
    )
    unknown = await client.post(
        "/api/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_login_email_is_case_insensitive(
    make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    person: Person = await make_person()
    r = await client.post(
        "/api/auth/login", json={"email": person.email.upper(), "password": PASSWORD}
    )
    assert r.status_code == 200


async def test_ten_failures_per_account_lock_it_even_from_other_ips(
    make_person: MakePerson, app: FastAPI
) -> None:
    person: Person = await make_person()
    for i in range(10):
        async with client_for(app, ip=f"10.0.0.{i + 1}") as c:
            r = await c.post(
                "/api/auth/login", json={"email": person.email, "password": "bad1bad1"}
            )
            assert r.status_code == 401
    async with client_for(app, ip="10.0.1.1") as c:
        locked = await c.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert locked.json()["error"] == "TooManyAttempts"
    assert 0 < int(locked.headers["retry-after"]) <= 15 * 60


async def test_nine_failures_do_not_lock_and_success_resets(
    make_person: MakePerson, app: FastAPI
) -> None:
    person = await make_person()

    async def login(ip: str, password: str) -> int:
        async with client_for(app, ip=ip) as c:
            r = await c.post("/api/auth/login", json={"email": person.email, "password": password})
            return r.status_code

    # Each round from an address of its own, so only the account's count carries over.
    for round_ip in ("198.51.100.1", "198.51.100.2"):
        assert [await login(round_ip, "bad1bad1") for _ in range(9)] == [401] * 9
        # Nine failures leave one attempt; a success then starts the count again: without the
        # reset the next round's first failure would already be refused.
        assert await login(round_ip, PASSWORD) == 200


async def test_throttle_window_is_a_setting(
    tmp_path: object, database_url: str, redis_url: str
) -> None:
    from pathlib import Path

    from mygemini.app import create_app

    app = create_app(
        make_settings(Path(str(tmp_path)), database_url, redis_url, login_max_failures=2)
    )
    try:
        async with client_for(app) as c:
            for _ in range(2):
                await c.post(
                    "/api/auth/login", json={"email": "q@example.com", "password": "x1x1x1x1"}
                )
            r = await c.post(
                "/api/auth/login", json={"email": "q@example.com", "password": "x1x1x1x1"}
            )
            assert r.status_code == 429
    finally:
        await app.state.ctx.db.dispose()

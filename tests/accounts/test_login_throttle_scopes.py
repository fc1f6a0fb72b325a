"""The login throttle's three windows (issue 12, point 7): per (account, IP) and per account at
10 failures, per IP alone at 100, so one person's typos never lock out everyone behind a shared
address; a refusal says how long to wait, in the body too (`retry_after`, seconds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from mygemini.app import create_app
from tests.conftest import PASSWORD, MakePerson, Person, client_for, make_settings

SHARED_IP = "203.0.113.9"


async def _login(app: FastAPI, ip: str, email: str, password: str) -> httpx.Response:
    async with client_for(app, ip=ip) as c:
        return await c.post("/api/auth/login", json={"email": email, "password": password})


def _assert_wait(r: httpx.Response) -> None:
    assert r.status_code == 429, r.text
    body: dict[str, Any] = r.json()
    assert body["error"] == "TooManyAttempts"
    assert 0 < body["retry_after"] <= 15 * 60
    assert body["retry_after"] == int(r.headers["retry-after"])
    assert "min" in body["detail"]


async def test_one_locked_account_does_not_lock_others_behind_the_same_ip(
    make_person: MakePerson, app: FastAPI
) -> None:
    clumsy: Person = await make_person()
    neighbour: Person = await make_person()
    for _ in range(10):
        assert (await _login(app, SHARED_IP, clumsy.email, "wrong 123")).status_code == 401
    _assert_wait(await _login(app, SHARED_IP, clumsy.email, PASSWORD))
    # The account is locked wherever it is tried from (a guesser may hop addresses)...
    _assert_wait(await _login(app, "198.51.100.77", clumsy.email, PASSWORD))
    # ...but the others behind the same address sign in as usual.
    r = await _login(app, SHARED_IP, neighbour.email, PASSWORD)
    assert r.status_code == 200, r.text


async def test_the_ip_bound_holds_for_many_accounts(make_person: MakePerson, app: FastAPI) -> None:
    person: Person = await make_person()
    bound = app.state.ctx.settings.auth.login_max_failures_per_ip
    assert bound == 100
    for i in range(bound):
        r = await _login(app, SHARED_IP, f"guess{i}@example.com", "wrong 123")
        assert r.status_code == 401, (i, r.text)
    # The address is spent, for every account, the right password included...
    _assert_wait(await _login(app, SHARED_IP, person.email, PASSWORD))
    # ...and only that address.
    assert (await _login(app, "198.51.100.78", person.email, PASSWORD)).status_code == 200


async def test_the_account_and_ip_pair_has_a_window_of_its_own(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    # With the account-wide bound raised, ten failures from one address lock the account there
    # only: its owner still signs in from elsewhere.
    app = create_app(
        make_settings(tmp_path, database_url, redis_url, login_max_failures_per_account=50)
    )
    try:
        async with client_for(app) as c:
            r = await c.post(
                "/api/auth/signup",
                json={"email": "pair@example.com", "password": PASSWORD, "nickname": "pairy"},
            )
            assert r.status_code == 201, r.text
        for _ in range(10):
            r = await _login(app, SHARED_IP, "pair@example.com", "wrong 123")
            assert r.status_code == 401
        _assert_wait(await _login(app, SHARED_IP, "pair@example.com", PASSWORD))
        r = await _login(app, "198.51.100.79", "pair@example.com", PASSWORD)
        assert r.status_code == 200, r.text
    finally:
        await app.state.ctx.db.dispose()

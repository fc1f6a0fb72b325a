"""The login throttle counts an attempt before the password is checked, so simultaneous attempts
cannot slip past it (issue 7, item 5)."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
from fastapi import FastAPI

from tests.conftest import PASSWORD, MakePerson, Person, client_for

ATTEMPTS = 100
MAX_FAILURES = 10  # the default `auth.login_max_failures`
IP_MAX_FAILURES = 100  # the default `auth.login_max_failures_per_ip`


async def _storm(app: FastAPI, email: str, *, rotate_ip: bool) -> list[httpx.Response]:
    async def attempt(i: int) -> httpx.Response:
        ip = f"10.1.{i // 250}.{i % 250 + 1}" if rotate_ip else "192.0.2.50"
        async with client_for(app, ip=ip) as c:
            return await c.post("/api/auth/login", json={"email": email, "password": "wrong 12345"})

    return await asyncio.gather(*(attempt(i) for i in range(ATTEMPTS)))


def _check(responses: list[httpx.Response]) -> None:
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {401: MAX_FAILURES, 429: ATTEMPTS - MAX_FAILURES}, statuses
    for r in responses:
        assert r.headers["content-type"] == "application/json"
        if r.status_code == 429:
            assert r.json()["error"] == "TooManyAttempts"
            assert 0 < int(r.headers["retry-after"]) <= 15 * 60


async def test_simultaneous_wrong_passwords_for_one_account_get_exactly_the_limit(
    make_person: MakePerson, app: FastAPI
) -> None:
    person: Person = await make_person()
    _check(await _storm(app, person.email, rotate_ip=True))
    # The account stays locked, the right password included.
    async with client_for(app, ip="10.9.9.9") as c:
        r = await c.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
    assert r.status_code == 429


async def test_simultaneous_wrong_passwords_from_one_ip_get_exactly_the_limit(
    app: FastAPI,
) -> None:
    _check(await _storm(app, "nobody@example.com", rotate_ip=False))


async def test_a_right_password_does_not_use_up_the_ip_allowance(
    make_person: MakePerson, app: FastAPI
) -> None:
    person: Person = await make_person()
    async with client_for(app, ip="192.0.2.60") as c:
        for _ in range(MAX_FAILURES + 2):
            r = await c.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
            assert r.status_code == 200
        # The address alone is refused at its own, higher bound (different accounts each time,
        # so no account's bound is reached first).
        for i in range(IP_MAX_FAILURES):
            r = await c.post(
                "/api/auth/login", json={"email": f"ghost{i}@example.com", "password": "wrong 1"}
            )
            assert r.status_code == 401
        r = await c.post("/api/auth/login", json={"email": person.email, "password": PASSWORD})
        assert r.status_code == 429


async def test_simultaneous_failed_logins_under_the_limit_never_lock_the_database(
    app: FastAPI,
) -> None:
    # Every attempt is allowed (its own account, its own address), so every one reads the
    # database; on SQLite that read must not queue for the write lock behind the others.
    async def attempt(i: int) -> httpx.Response:
        async with client_for(app, ip=f"10.2.{i // 250}.{i % 250 + 1}") as c:
            return await c.post(
                "/api/auth/login", json={"email": f"who{i}@example.com", "password": "wrong 12345"}
            )

    responses = await asyncio.gather(*(attempt(i) for i in range(ATTEMPTS)))
    assert Counter(r.status_code for r in responses) == {401: ATTEMPTS}

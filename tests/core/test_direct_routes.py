"""Endpoints answered without FastAPI's dependency solver (core/transaction.py) answer as those it
solves: the same errors from the same dependencies, and FastAPI's handler again whenever
dependency overrides are set."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from mygemini.auth import Principal, current_viewer
from mygemini.core.security import create_access_token
from mygemini.core.transaction import TransactionalRoute, _direct_plan
from tests.conftest import MakePerson, Person


def _route(app: FastAPI, path: str, method: str) -> TransactionalRoute:
    for route in app.router.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        for context in contexts() if contexts else []:
            original = getattr(context, "original_route", None)
            if (
                isinstance(original, TransactionalRoute)
                and original.path_format.endswith(path)
                and method in (original.methods or ())
            ):
                return original
    raise LookupError(path)


def test_simple_endpoints_are_answered_directly_and_others_are_not(app: FastAPI) -> None:
    assert _direct_plan(_route(app, "/users/{nickname}/follow", "PUT")) is not None
    assert _direct_plan(_route(app, "/users/{nickname}/follow", "DELETE")) is not None
    # A query parameter, a body: FastAPI's solver validates them.
    assert _direct_plan(_route(app, "/users/{nickname}/followers", "GET")) is None
    assert _direct_plan(_route(app, "/notifications/read", "POST")) is None


async def test_a_direct_endpoint_refuses_as_a_solved_one(
    client: httpx.AsyncClient, app: FastAPI, make_person: MakePerson
) -> None:
    a: Person = await make_person()
    secret = app.state.ctx.settings.auth.jwt_secret
    for headers in (
        {},
        {"Authorization": "Basic eDp5"},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": f"Bearer {create_access_token(a.id, secret, -1)}"},
    ):
        direct = await client.put(f"/api/users/{a.nickname}/follow", headers=headers)
        solved = await client.get("/api/notifications/unread-count", headers=headers)
        assert direct.status_code == solved.status_code == 401, headers
        assert direct.json() == solved.json()
        assert direct.headers.get("www-authenticate") == solved.headers.get("www-authenticate")


async def test_dependency_overrides_are_honoured(
    client: httpx.AsyncClient, app: FastAPI, make_person: MakePerson
) -> None:
    a: Person = await make_person()
    b: Person = await make_person()

    async def as_b() -> Principal:
        return Principal(b.id)

    app.dependency_overrides[current_viewer] = as_b
    try:
        # Signed in as nobody, but the override says B: B follows A.
        r = await client.put(f"/api/users/{a.nickname}/follow")
    finally:
        app.dependency_overrides.clear()
    assert r.status_code == 204
    prof = (await client.get(f"/api/users/{a.nickname}")).json()
    assert prof["followers"] == 1

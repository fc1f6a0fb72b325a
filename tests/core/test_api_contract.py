"""The API answers what its OpenAPI document says: error bodies, 401s, optional sign-in, 405s.
(The schemathesis run in tests/test_schemathesis.py checks the same at large.)"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import sign_up


async def test_a_known_api_path_with_another_method_is_405_naming_every_method(
    client: httpx.AsyncClient,
) -> None:
    # GET on a POST-only endpoint used to fall into the web app's catch-all and answer 404.
    r = await client.get("/api/auth/logout")
    assert r.status_code == 405, r.text
    assert r.headers["allow"] == "POST"
    assert r.json()["error"] == "MethodNotAllowed"
    # /api/me is two routes (GET and PATCH): Allow names both, not just the first one found.
    r = await client.delete("/api/me")
    assert r.status_code == 405 and r.headers["allow"] == "GET, PATCH"
    r = await client.post("/api/users/someone/follow")
    assert r.status_code == 405 and r.headers["allow"] == "DELETE, PUT"
    # Less common methods too (an outside probe found `Allow: GET` for PROPFIND on /api/me).
    for method in ("TRACE", "PROPFIND", "SEARCH"):
        r = await client.request(method, "/api/me")
        assert r.status_code == 405 and r.headers["allow"] == "GET, PATCH", method
        assert r.json()["error"] == "MethodNotAllowed"
    # Unknown API paths stay 404, whatever the method.
    for method in ("GET", "POST", "DELETE"):
        r = await client.request(method, "/api/no/such/thing")
        assert r.status_code == 404 and r.json()["error"] == "NotFound"
    # The web app's own pages still load.
    assert (await client.get("/gallery/latest")).status_code == 200


def _operation(schema: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = schema["paths"][path][method]
    return operation


async def test_openapi_documents_the_error_body_and_who_may_call(
    client: httpx.AsyncClient,
) -> None:
    schema = (await client.get("/openapi.json")).json()
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    # A 429 also says how long to wait (`retry_after`, as the Retry-After header does).
    retry_ref = {"$ref": "#/components/schemas/RetryErrorBody"}
    assert schema["components"]["schemas"]["ErrorBody"]["required"] == ["error", "detail"]
    assert schema["components"]["schemas"]["RetryErrorBody"]["required"] == [
        "error",
        "detail",
        "retry_after",
    ]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = response["content"]["application/json"]["schema"]
                    expected = retry_ref if status == "429" else error_ref
                    assert content == expected, (method, path, status)
    # Signed in only: 401 declared, no anonymous alternative.
    me = _operation(schema, "/api/me", "get")
    assert "401" in me["responses"] and me["security"] == [{"HTTPBearer": []}]
    # Public but personal: a token is optional (`{}`), and a bad one is a 401.
    feed = _operation(schema, "/api/feed", "get")
    assert "401" in feed["responses"] and {} in feed["security"]
    # Public and impersonal: no security, no 401.
    assert "401" not in _operation(schema, "/api/avatars", "get")["responses"]
    assert "404" in _operation(schema, "/api/geminis/{gemini_id}", "get")["responses"]
    assert "429" in _operation(schema, "/api/auth/login", "post")["responses"]
    avatar = _operation(schema, "/api/geminis/{gemini_id}/avatar", "get")["responses"]["302"]
    assert "content" not in avatar and "Location" in avatar["headers"]
    callback = _operation(schema, "/api/auth/oauth/{provider}/callback", "get")["responses"]
    assert set(callback) == {"302", "422", "503"} and "content" not in callback["302"]
    # Any operation may find its database down; any body may be too large.
    assert all("503" in op["responses"] for m in schema["paths"].values() for op in m.values())
    signup = _operation(schema, "/api/auth/signup", "post")["responses"]
    assert "413" in signup and "413" not in me["responses"]


async def test_booleans_must_be_booleans(app: FastAPI) -> None:
    person = await sign_up(app)
    try:
        c = person.client
        body = {"all": 0, "ids": [1]}
        r = await c.post("/api/notifications/read", json=body, headers=person.auth)
        assert r.status_code == 422 and "all" in r.json()["detail"]
        r = await c.patch("/api/geminis/1", json={"share_seed": "yes"}, headers=person.auth)
        assert r.status_code == 422 and "share_seed" in r.json()["detail"]
        r = await c.post("/api/notifications/read", json={"all": True}, headers=person.auth)
        assert r.status_code == 200
    finally:
        await person.client.aclose()

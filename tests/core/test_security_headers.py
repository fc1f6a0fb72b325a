"""Security headers on every kind of response (API, error, SPA, static file, media) and HEAD
answered wherever GET is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from mygemini.app import create_app, create_asgi
from mygemini.config import Settings
from tests.conftest import client_for, make_settings, s3_bucket
from tests.live import serving


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(
        '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>'
    )
    (dist / "assets" / "app.js").write_text("console.log('hi');\n")
    (dist / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (dist / "api-docs").mkdir()
    (dist / "api-docs" / "index.html").write_text(
        '<!doctype html><div id="swagger-ui"></div><script src="/api-docs/init.js"></script>'
    )
    return dist


@pytest.fixture
async def site(settings: Settings, web_dist: Path) -> AsyncIterator[FastAPI]:
    application = create_app(settings.model_copy(update={"web_dist": web_dist}))
    yield application
    await application.state.ctx.db.dispose()


async def _media_url(app: FastAPI) -> str:
    storage = app.state.ctx.storage
    await storage.put("geminis/1/headers-test.webp", b"RIFF....WEBP", "image/webp")
    url: str = storage.url("geminis/1/headers-test.webp")
    return url


def _directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def assert_secured(r: httpx.Response) -> None:
    h = r.headers
    assert h["x-content-type-options"] == "nosniff", r.request.url
    assert h["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in h["permissions-policy"]
    assert "microphone=()" in h["permissions-policy"]
    assert "geolocation=()" in h["permissions-policy"]
    csp = _directives(h["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    # Only a room's YouTube music may be framed, from the privacy-enhanced origin.
    assert csp["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert {"'self'", "data:", "blob:"} <= set(csp["img-src"])
    assert "'self'" in csp["connect-src"]
    assert "strict-transport-security" not in h


async def test_every_kind_of_response_carries_the_headers(site: FastAPI) -> None:
    media = await _media_url(site)
    async with client_for(site) as c:
        for path, status in (
            ("/api/health", 200),
            ("/api/no-such-thing", 404),
            ("/", 200),
            ("/studio", 200),
            ("/assets/app.js", 200),
            ("/favicon.svg", 200),
            (media, 200),
            ("/media/public/gemini/none.webp", 404),
            ("/media/private/gemini/none.webp", 403),
        ):
            r = await c.get(path)
            assert r.status_code == status, (path, r.text)
            assert_secured(r)
        r = await c.post("/api/auth/login", json={})
        assert r.status_code == 422
        assert_secured(r)


async def test_the_not_built_page_needs_no_inline_style(settings: Settings) -> None:
    app = create_app(settings)  # web_dist points at nothing built
    try:
        async with client_for(app) as c:
            r = await c.get("/")
        assert r.status_code == 200
        assert_secured(r)
        assert "style=" not in r.text
        assert "<style" not in r.text
        assert "<script" not in r.text
    finally:
        await app.state.ctx.db.dispose()


async def test_head_answers_wherever_get_does(site: FastAPI) -> None:
    media = await _media_url(site)
    async with client_for(site) as c:
        for path in ("/", "/studio", "/assets/app.js", "/api/health", "/api/avatars", media):
            got = await c.get(path)
            r = await c.head(path)
            assert r.status_code == 200, (path, r.status_code, r.text)
            assert r.content == b""
            assert r.headers["content-type"] == got.headers["content-type"]
            assert r.headers.get("content-length") == got.headers.get("content-length")
            assert_secured(r)
        r = await c.head("/api/no-such-thing")
        assert r.status_code == 404
        assert r.content == b""
    # Through a real HTTP server too: uvicorn must accept what the middleware sends for HEAD.
    async with serving(site) as base, httpx.AsyncClient(base_url=base) as http:
        r = await http.head("/")
        assert r.status_code == 200
        assert r.content == b""
        assert (await http.get("/api/health")).status_code == 200


async def test_hsts_only_when_cookies_are_secure(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    app = create_app(make_settings(tmp_path, database_url, redis_url, cookie_secure=True))
    try:
        async with client_for(app) as c:
            r = await c.get("/api/health")
        assert r.headers["strict-transport-security"] == "max-age=31536000"
    finally:
        await app.state.ctx.db.dispose()


async def test_images_from_the_s3_bucket_are_allowed(
    tmp_path: Path, database_url: str, redis_url: str, s3_endpoint: str
) -> None:
    settings = make_settings(tmp_path, database_url, redis_url).model_copy(
        update={"storage": s3_bucket(s3_endpoint)}
    )
    app = create_app(settings)
    try:
        async with client_for(app) as c:
            r = await c.get("/api/health")
        img = _directives(r.headers["content-security-policy"])["img-src"]
        assert s3_endpoint in img
        presigned = app.state.ctx.storage.url("geminis/1/x.webp")
        assert presigned.startswith(s3_endpoint + "/")
    finally:
        await app.state.ctx.db.dispose()


def _fastapi_in(asgi: Any) -> FastAPI:
    """The FastAPI app inside the layers `create_asgi` wraps around it."""
    while not isinstance(asgi, FastAPI):
        asgi = getattr(asgi, "other_asgi_app", None) or asgi.app
    return asgi


async def test_socketio_responses_carry_the_headers_too(settings: Settings) -> None:
    asgi = create_asgi(settings)
    try:
        async with serving(asgi) as base, httpx.AsyncClient(base_url=base) as http:
            r = await http.get("/socket.io/?EIO=4&transport=polling")
            assert r.status_code == 200
            assert_secured(r)
            r = await http.post("/socket.io/?EIO=4&transport=polling&sid=x", content=b"4" * 70_000)
            assert r.status_code == 413
            assert_secured(r)
            r = await http.get("/api/health")
            assert_secured(r)
            assert len(r.headers.get_list("content-security-policy")) == 1
    finally:
        await _fastapi_in(asgi).state.ctx.db.dispose()


async def test_the_api_docs_come_from_the_web_build_under_a_same_origin_policy(
    site: FastAPI,
) -> None:
    async with client_for(site) as c:
        r = await c.get("/docs")
        gone = await c.get("/redoc")
    assert r.status_code == 200
    assert 'src="/api-docs/init.js"' in r.text
    csp = _directives(r.headers["content-security-policy"])
    # Scripts from this origin only: no CDN, no inline script.
    assert csp["script-src"] == ["'self'"]
    assert not any("http" in source for sources in csp.values() for source in sources), csp
    assert csp["frame-ancestors"] == ["'none'"]
    assert r.headers["x-content-type-options"] == "nosniff"
    # ReDoc (which only came from a CDN) is gone: the SPA answers with the app instead.
    assert "swagger" not in gone.text.lower() and "redoc" not in gone.text.lower()


async def test_the_api_docs_page_says_how_to_build_it_when_the_web_app_is_not_built(
    settings: Settings,
) -> None:
    app = create_app(settings)  # web_dist points at nothing built
    try:
        async with client_for(app) as c:
            r = await c.get("/docs")
        assert r.status_code == 200
        assert "make run" in r.text and "/openapi.json" in r.text
    finally:
        await app.state.ctx.db.dispose()

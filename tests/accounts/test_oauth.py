"""Google/Kakao sign-in, run end to end against the local OIDC provider."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from mygemini.app import create_app
from mygemini.config import GoogleSettings, KakaoSettings, OAuthSettings
from tests.conftest import PASSWORD, client_for, make_settings
from tests.live import serving
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, OIDCProvider

CLIENT = {"X-Requested-With": "mygemini"}


@pytest.fixture
async def provider() -> AsyncIterator[OIDCProvider]:
    p = OIDCProvider()
    async with serving(p.app()) as base:
        p.issuer = base
        yield p


@pytest.fixture
async def oauth_app(
    provider: OIDCProvider, tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[FastAPI]:
    settings = make_settings(tmp_path, database_url, redis_url)
    conf = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "metadata_url": f"{provider.issuer}/.well-known/openid-configuration",
    }
    settings.oauth = OAuthSettings(google=GoogleSettings(**conf), kakao=KakaoSettings(**conf))
    app = create_app(settings)
    yield app
    await app.state.ctx.db.dispose()


async def sign_in(app_client: httpx.AsyncClient, provider_name: str = "google") -> httpx.Response:
    """Walk the browser's path: start → provider → callback. Returns the callback's answer."""
    start = await app_client.get(f"/api/auth/oauth/{provider_name}/start")
    assert start.status_code == 302
    location = start.headers["location"]
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(location)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["location"])
    assert back.path == f"/api/auth/oauth/{provider_name}/callback"
    return await app_client.get(f"{back.path}?{back.query}")


async def me_after(app_client: httpx.AsyncClient) -> dict[str, object]:
    r = await app_client.post("/api/auth/refresh", headers=CLIENT)
    assert r.status_code == 200, r.text
    me = await app_client.get(
        "/api/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    body: dict[str, object] = me.json()
    return body


async def test_providers_are_listed_only_when_configured(
    oauth_app: FastAPI, client: httpx.AsyncClient
) -> None:
    async with client_for(oauth_app) as c:
        assert (await c.get("/api/auth/providers")).json() == {"providers": ["google", "kakao"]}
    assert (await client.get("/api/auth/providers")).json() == {"providers": []}
    r = await client.get("/api/auth/oauth/google/start")
    assert r.status_code == 404 and r.json()["error"] == "UnknownProvider"


async def test_new_person_signs_in_and_is_sent_to_onboarding(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    provider.person = {
        "sub": "g-42",
        "email": "Nova@Example.com",
        "email_verified": True,
        "name": "Nova Star",
    }
    async with client_for(oauth_app) as c:
        done = await sign_in(c)
        assert done.status_code == 302
        assert done.headers["location"] == "/auth/complete?new=1"
        me = await me_after(c)
    assert me["email"] == "nova@example.com"
    assert me["nickname"] == "Nova Star"
    assert me["onboarded"] is False
    # the code was traded with the PKCE verifier and the client secret
    assert provider.token_requests[-1]["code_verifier"]

    # Signing in again finds the same account.
    async with client_for(oauth_app) as c:
        await sign_in(c)
        again = await me_after(c)
    assert again["id"] == me["id"]


async def test_kakao_identity_is_separate_from_google(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    provider.person = {"sub": "same-sub"}
    async with client_for(oauth_app) as c:
        await sign_in(c, "google")
        google_me = await me_after(c)
    async with client_for(oauth_app) as c:
        await sign_in(c, "kakao")
        kakao_me = await me_after(c)
    assert google_me["id"] != kakao_me["id"]
    assert kakao_me["email"] is None
    assert str(kakao_me["nickname"]).startswith("gemini_")


async def test_only_proven_emails_link_accounts(oauth_app: FastAPI, provider: OIDCProvider) -> None:
    # Someone registers a password account with an address they do not own...
    async with client_for(oauth_app) as c:
        r = await c.post(
            "/api/auth/signup",
            json={"email": "victim@example.com", "password": PASSWORD, "nickname": "squatter"},
        )
        squatter_id = r.json()["user"]["id"]
    # ...the real owner signs in with a provider that verified it: they must not land there.
    provider.person = {"sub": "victim", "email": "victim@example.com", "email_verified": True}
    async with client_for(oauth_app) as c:
        await sign_in(c, "google")
        victim = await me_after(c)
    assert victim["id"] != squatter_id

    # An unverified provider email never links either.
    provider.person = {"sub": "someone", "email": "victim@example.com", "email_verified": False}
    async with client_for(oauth_app) as c:
        await sign_in(c, "kakao")
        stranger = await me_after(c)
    assert stranger["id"] not in (squatter_id, victim["id"]) and stranger["email"] is None


async def test_a_verified_email_links_two_providers(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    provider.person = {"sub": "k-1", "email": "both@example.com", "email_verified": True}
    async with client_for(oauth_app) as c:
        await sign_in(c, "kakao")
        first = await me_after(c)
    provider.person = {"sub": "g-1", "email": "both@example.com", "email_verified": True}
    async with client_for(oauth_app) as c:
        await sign_in(c, "google")
        second = await me_after(c)
    assert first["id"] == second["id"] and first["email"] == "both@example.com"


async def test_a_strange_state_is_refused_not_crashed(oauth_app: FastAPI) -> None:
    async with client_for(oauth_app) as c:
        await c.get("/api/auth/oauth/google/start")
        r = await c.get("/api/auth/oauth/google/callback", params={"code": "x", "state": "별"})
    assert r.status_code == 302 and r.headers["location"] == "/auth/complete?error=failed"


async def test_forged_state_or_nonce_or_denial_signs_nobody_in(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    async with client_for(oauth_app) as c:
        start = await c.get("/api/auth/oauth/google/start")
        async with httpx.AsyncClient() as browser:
            at_provider = await browser.get(start.headers["location"])
        back = urlsplit(at_provider.headers["location"])
        code = parse_qs(back.query)["code"][0]
        forged = await c.get(f"{back.path}?code={code}&state=forged")
        assert forged.headers["location"] == "/auth/complete?error=failed"
        assert (await c.post("/api/auth/refresh", headers=CLIENT)).status_code == 401

    # A callback without the state cookie (another browser) fails too.
    async with client_for(oauth_app) as c:
        start = await c.get("/api/auth/oauth/google/start")
        async with httpx.AsyncClient() as browser:
            at_provider = await browser.get(start.headers["location"])
        back = urlsplit(at_provider.headers["location"])
    async with client_for(oauth_app) as other_browser:
        r = await other_browser.get(f"{back.path}?{back.query}")
        assert r.headers["location"] == "/auth/complete?error=failed"

    provider.wrong_nonce = True
    async with client_for(oauth_app) as c:
        r = await sign_in(c)
        assert r.headers["location"] == "/auth/complete?error=failed"

    async with client_for(oauth_app) as c:
        r = await c.get("/api/auth/oauth/google/callback?error=access_denied")
        assert r.headers["location"] == "/auth/complete?error=denied"


def test_setting_only_the_client_keeps_the_providers_discovery_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mygemini.config import Settings

    monkeypatch.setenv("MYGEMINI_OAUTH__GOOGLE__CLIENT_ID", "id")
    monkeypatch.setenv("MYGEMINI_OAUTH__GOOGLE__CLIENT_SECRET", "secret")
    google = Settings().oauth.google
    assert google.enabled
    assert google.metadata_url == "https://accounts.google.com/.well-known/openid-configuration"
    assert not Settings().oauth.kakao.enabled

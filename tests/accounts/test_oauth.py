"""Google/Kakao sign-in, run end to end against the local OIDC provider."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from mygemini.accounts.oauth import STATE_COOKIE
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
async def make_oauth_app(
    provider: OIDCProvider, tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[Callable[..., FastAPI]]:
    """Apps whose Google and Kakao are the local provider; keywords go to OAuthSettings."""
    made: list[FastAPI] = []

    def make(**oauth: Any) -> FastAPI:
        settings = make_settings(tmp_path, database_url, redis_url)
        conf = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "metadata_url": f"{provider.issuer}/.well-known/openid-configuration",
        }
        settings.oauth = OAuthSettings(
            google=GoogleSettings(**conf), kakao=KakaoSettings(**conf), **oauth
        )
        made.append(create_app(settings))
        return made[-1]

    yield make
    for app in made:
        await app.state.ctx.db.dispose()


@pytest.fixture
def oauth_app(make_oauth_app: Callable[..., FastAPI]) -> FastAPI:
    return make_oauth_app()


async def to_callback(app_client: httpx.AsyncClient, provider_name: str = "google") -> str:
    """Walk the browser's path up to the provider's redirect; returns the callback URL."""
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
    return f"{back.path}?{back.query}"


async def sign_in(app_client: httpx.AsyncClient, provider_name: str = "google") -> httpx.Response:
    """Walk the browser's path: start → provider → callback. Returns the callback's answer."""
    return await app_client.get(await to_callback(app_client, provider_name))


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


FAILED = "/auth/complete?error=failed"


async def test_a_replayed_callback_is_refused_before_the_code_is_traded(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    async with client_for(oauth_app) as c:
        callback = await to_callback(c)
        copied_cookie = c.cookies[STATE_COOKIE]
        first = await c.get(callback)
        assert first.headers["location"] == "/auth/complete?new=1"
    traded = len(provider.token_requests)

    # Someone who copied the cookie and the URL tries again: refused here, not by the provider.
    async with client_for(oauth_app) as thief:
        again = await thief.get(callback, headers={"Cookie": f"{STATE_COOKIE}={copied_cookie}"})
        assert again.headers["location"] == FAILED
        assert (await thief.post("/api/auth/refresh", headers=CLIENT)).status_code == 401
    assert len(provider.token_requests) == traded


async def test_a_forged_id_token_is_refused_and_logged_once_without_secrets(
    oauth_app: FastAPI, provider: OIDCProvider, caplog: pytest.LogCaptureFixture
) -> None:
    provider.forge_signature = True
    caplog.set_level(logging.INFO, logger="mygemini.accounts.oauth")
    async with client_for(oauth_app) as c:
        r = await sign_in(c)
        assert r.headers["location"] == FAILED
        assert (await c.post("/api/auth/refresh", headers=CLIENT)).status_code == 401
    warnings = [rec for rec in caplog.records if rec.levelno >= logging.WARNING]
    assert len(warnings) == 1, caplog.text
    line = warnings[0].getMessage()
    assert "ID token rejected" in line and "Signature" in line
    code = provider.token_requests[-1]["code"]
    assert code not in caplog.text and CLIENT_SECRET not in caplog.text
    assert ".ey" not in caplog.text  # no JWT in the log


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(60, True), (-300 - 60, True), (300, False), (-300 - 300, False)],
    ids=["iat-a-minute-ahead", "expired-a-minute-ago", "five-minutes-ahead", "expired-long-ago"],
)
async def test_a_little_clock_skew_is_tolerated(
    oauth_app: FastAPI, provider: OIDCProvider, offset: int, accepted: bool
) -> None:
    # The fake's ID tokens live 300 s from its own (offset) clock.
    provider.clock_offset = offset
    async with client_for(oauth_app) as c:
        r = await sign_in(c)
    assert (r.headers["location"] != FAILED) is accepted, r.headers["location"]


async def test_userinfo_about_someone_else_is_refused(
    oauth_app: FastAPI, provider: OIDCProvider
) -> None:
    provider.person = {"sub": "me", "email": "me@example.com", "email_verified": True}
    provider.userinfo_override = {"sub": "someone-else", "email": "x@example.com"}
    async with client_for(oauth_app) as c:
        r = await sign_in(c)
        assert r.headers["location"] == FAILED
        assert (await c.post("/api/auth/refresh", headers=CLIENT)).status_code == 401
    assert provider.userinfo_requests == 1


async def test_discovery_and_keys_are_cached_but_not_for_ever(
    make_oauth_app: Callable[..., FastAPI], provider: OIDCProvider
) -> None:
    # With a zero lifetime every sign-in reads the discovery document again.
    uncached = make_oauth_app(discovery_cache_seconds=0)
    for _ in range(2):
        async with client_for(uncached) as c:
            assert (await sign_in(c)).headers["location"] != FAILED
    assert provider.discovery_requests >= 2

    # With the default lifetime the document and the key set are fetched once.
    cached = make_oauth_app()
    before = (provider.discovery_requests, provider.jwks_requests)
    for _ in range(2):
        async with client_for(cached) as c:
            assert (await sign_in(c)).headers["location"] != FAILED
    assert (provider.discovery_requests, provider.jwks_requests) == (before[0] + 1, before[1] + 1)

    # The provider rotates its signing key: the new kid is fetched at once.
    provider.rotate_key()
    async with client_for(cached) as c:
        assert (await sign_in(c)).headers["location"] != FAILED
    assert provider.jwks_requests == before[1] + 2


@pytest.mark.parametrize(
    "person",
    [
        {"sub": "g-race", "email": "race@example.com", "email_verified": True, "name": "Racer"},
        {"sub": "k-race"},
    ],
    ids=["verified-email", "no-email"],
)
async def test_two_first_callbacks_at_once_make_one_account(
    oauth_app: FastAPI, provider: OIDCProvider, person: dict[str, Any]
) -> None:
    """A double click or two tabs: the loser of the race signs in to the winner's account."""
    provider.person = person
    # The provider answers both token requests together, so both callbacks reach the
    # database at the same moment.
    provider.hold_tokens_for = 2
    async with client_for(oauth_app) as a, client_for(oauth_app) as b:
        callbacks = [await to_callback(a), await to_callback(b)]
        done = await asyncio.gather(a.get(callbacks[0]), b.get(callbacks[1]))
        for r in done:
            assert r.status_code == 302
            assert r.headers["location"].startswith("/auth/complete")
            assert "error" not in r.headers["location"]
        first, second = await me_after(a), await me_after(b)
    assert first["id"] == second["id"]
    provider.hold_tokens_for = 0
    async with client_for(oauth_app) as c:
        await sign_in(c)
        assert (await me_after(c))["id"] == first["id"]


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

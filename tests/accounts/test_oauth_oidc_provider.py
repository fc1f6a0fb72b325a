"""Sign in with Google and Kakao against a certified OpenID provider: panva's `oidc-provider`
(tests/node, installed by `make setup`) on a loopback port, our app live on another.

The provider runs in both claim styles: profile claims only from UserInfo (its default; the ID
token carries just `sub`, as OIDC Core §5.4 allows) and claims in the ID token too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from mygemini.accounts.oauth import STATE_COOKIE
from mygemini.app import create_app
from mygemini.config import GoogleSettings, KakaoSettings, OAuthSettings
from tests.conftest import make_settings
from tests.live import free_port, serving

NODE_DIR = Path(__file__).resolve().parents[1] / "node"
CLIENT_ID = "mygemini-node-client"
CLIENT_SECRET = "node-client-secret-for-tests"
CLIENT = {"X-Requested-With": "mygemini"}


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI: Node.js is required for the sign-in against oidc-provider")
        pytest.skip("Node.js is not installed: the sign-in against oidc-provider needs it")
    if not (NODE_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("tests/node is not installed: run `make setup` (npm ci in tests/node)")
    return node


@dataclass
class Site:
    """Our app served live, and the provider it trusts."""

    app_url: str
    issuer: str

    async def choose(self, **claims: Any) -> None:
        """The account the provider signs in next (its claims, `sub` included)."""
        async with httpx.AsyncClient() as http:
            r = await http.post(f"{self.issuer}/_test/account", json=claims)
            assert r.status_code == 204, r.text


async def _start_provider(
    port: int, redirect_uris: list[str], claims_in_id_token: bool, log: Path
) -> asyncio.subprocess.Process:
    args = [str(NODE_DIR / "provider.mjs"), str(port), *redirect_uris]
    if claims_in_id_token:
        args.append("--claims-in-id-token")
    with log.open("wb") as stderr:
        proc = await asyncio.create_subprocess_exec(
            _node(), *args, stdout=asyncio.subprocess.PIPE, stderr=stderr
        )
    assert proc.stdout is not None
    try:
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
    except TimeoutError:
        line = b""
    if line.strip() != b"ready":
        proc.kill()
        await proc.wait()
        pytest.fail(f"oidc-provider did not start: {await asyncio.to_thread(log.read_text)}")
    return proc


@pytest.fixture(params=[False, True], ids=["claims-from-userinfo", "claims-in-id-token"])
async def site(
    request: pytest.FixtureRequest, tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[Site]:
    app_port, provider_port = free_port(), free_port()
    app_url, issuer = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{provider_port}"
    callbacks = [f"{app_url}/api/auth/oauth/{p}/callback" for p in ("google", "kakao")]
    proc = await _start_provider(
        provider_port, callbacks, request.param, tmp_path / "oidc-provider.log"
    )
    settings = make_settings(tmp_path, database_url, redis_url)
    settings.public_url = app_url
    conf = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "metadata_url": f"{issuer}/.well-known/openid-configuration",
    }
    settings.oauth = OAuthSettings(google=GoogleSettings(**conf), kakao=KakaoSettings(**conf))
    app = create_app(settings)
    try:
        async with serving(app, app_port):
            yield Site(app_url, issuer)
    finally:
        await app.state.ctx.db.dispose()
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()


@dataclass
class Visit:
    """One browser's trip through a sign-in."""

    callback: str  # the URL the provider sent the browser back to
    state_cookie: str
    landing: str  # where our callback sent the browser


async def sign_in(site: Site, browser: httpx.AsyncClient, provider: str = "google") -> Visit:
    """Start at our app, follow the provider's redirects (its login and consent interactions
    sign the chosen account in by themselves) back to our callback."""
    r = await browser.get(f"{site.app_url}/api/auth/oauth/{provider}/start")
    state_cookie = browser.cookies[STATE_COOKIE]
    for _ in range(12):
        assert r.status_code in (302, 303), f"{r.url} answered {r.status_code}: {r.text}"
        url = r.url.join(r.headers["location"])
        r = await browser.get(url)
        if str(url).startswith(f"{site.app_url}/api/auth/oauth/{provider}/callback"):
            assert r.status_code == 302, r.text
            return Visit(str(url), state_cookie, r.headers["location"])
    raise AssertionError("the provider never sent the browser back")


async def me(site: Site, browser: httpx.AsyncClient) -> dict[str, Any]:
    r = await browser.post(f"{site.app_url}/api/auth/refresh", headers=CLIENT)
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    r = await browser.get(f"{site.app_url}/api/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_a_new_person_signs_in_with_the_email_the_provider_gives(site: Site) -> None:
    await site.choose(sub="nova", email="Nova@Example.com", email_verified=True, name="Nova Star")
    async with httpx.AsyncClient() as browser:
        visit = await sign_in(site, browser)
        # The provider accepted our PKCE verifier (it refuses one under 43 characters).
        assert visit.landing == "/auth/complete?new=1"
        person = await me(site, browser)
    assert person["email"] == "nova@example.com"
    assert person["nickname"] == "Nova Star"

    async with httpx.AsyncClient() as browser:
        again = await sign_in(site, browser)
        assert again.landing == "/auth/complete?new=1"  # still not onboarded
        assert (await me(site, browser))["id"] == person["id"]


async def test_a_verified_email_links_kakao_and_google(site: Site) -> None:
    await site.choose(sub="k-1", email="both@example.com", email_verified=True, nickname="Both")
    async with httpx.AsyncClient() as browser:
        assert (await sign_in(site, browser, "kakao")).landing == "/auth/complete?new=1"
        first = await me(site, browser)
    assert first["email"] == "both@example.com" and first["nickname"] == "Both"

    await site.choose(sub="g-1", email="both@example.com", email_verified=True, name="Other")
    async with httpx.AsyncClient() as browser:
        assert "error" not in (await sign_in(site, browser, "google")).landing
        second = await me(site, browser)
    assert second["id"] == first["id"]

    # An address the provider has not verified links nothing.
    await site.choose(sub="g-2", email="both@example.com", email_verified=False)
    async with httpx.AsyncClient() as browser:
        await sign_in(site, browser, "google")
        stranger = await me(site, browser)
    assert stranger["id"] != first["id"] and stranger["email"] is None


async def test_a_replayed_callback_with_a_copied_cookie_is_refused(site: Site) -> None:
    await site.choose(sub="replay", email="replay@example.com", email_verified=True)
    async with httpx.AsyncClient() as browser:
        visit = await sign_in(site, browser)
        assert visit.landing == "/auth/complete?new=1"
    async with httpx.AsyncClient() as thief:
        r = await thief.get(
            visit.callback, headers={"Cookie": f"{STATE_COOKIE}={visit.state_cookie}"}
        )
        assert r.status_code == 302 and r.headers["location"] == "/auth/complete?error=failed"
        r = await thief.post(f"{site.app_url}/api/auth/refresh", headers=CLIENT)
        assert r.status_code == 401

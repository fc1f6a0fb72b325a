"""Signing secrets and token edge cases (issue 7, items 9 and 13)."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from mygemini.app import create_app
from mygemini.config import AuthSettings, Settings
from tests.conftest import TEST_SECRET, MakePerson, Person, client_for, make_settings

OLD_DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # was published in config.py
CLIENT = {"X-Requested-With": "mygemini"}


def forge(user_id: int | str, secret: str) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "typ": "access", "iat": now, "exp": now + timedelta(minutes=5)}
    return jwt.encode(claims, secret, algorithm="HS256")


def unconfigured(data_dir: Path, database_url: str, redis_url: str) -> Settings:
    """Test settings with no JWT secret configured, as the defaults have."""
    settings = make_settings(data_dir, database_url, redis_url)
    settings.auth.jwt_secret = AuthSettings().jwt_secret
    return settings


async def signup_token(app: FastAPI, nickname: str) -> tuple[int, str]:
    async with client_for(app) as c:
        r = await c.post(
            "/api/auth/signup",
            json={
                "email": f"{nickname}@example.com",
                "password": "pass 12345",
                "nickname": nickname,
            },
        )
    assert r.status_code == 201, r.text
    return r.json()["user"]["id"], r.json()["access_token"]


async def me_status(app: FastAPI, token: str) -> int:
    async with client_for(app) as c:
        return (await c.get("/api/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def test_without_a_configured_secret_a_random_one_is_kept_in_the_data_dir(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    first = create_app(unconfigured(tmp_path / "a", database_url, redis_url))
    try:
        user_id, token = await signup_token(first, "keeper")
        assert await me_status(first, token) == 200
        # The published development secret signs nothing here.
        assert await me_status(first, forge(user_id, OLD_DEV_SECRET)) == 401
    finally:
        await first.state.ctx.db.dispose()
    secret_file = tmp_path / "a" / "jwt-secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = first.state.ctx.settings.auth.jwt_secret
    assert len(secret) >= 32 and secret != OLD_DEV_SECRET

    # A restart on the same data directory keeps the session.
    again = create_app(unconfigured(tmp_path / "a", database_url, redis_url))
    try:
        assert again.state.ctx.settings.auth.jwt_secret == secret
        assert await me_status(again, token) == 200
    finally:
        await again.state.ctx.db.dispose()

    # Another data directory is another deployment: its own secret, the token means nothing.
    other = create_app(unconfigured(tmp_path / "b", database_url, redis_url))
    try:
        assert other.state.ctx.settings.auth.jwt_secret != secret
        assert await me_status(other, token) == 401
    finally:
        await other.state.ctx.db.dispose()


def test_published_or_missing_secrets_are_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(env="development", auth=AuthSettings(jwt_secret=OLD_DEV_SECRET))
    for weak in ("", "short-secret"):
        with pytest.raises(ValidationError):
            Settings(env="production", auth=AuthSettings(jwt_secret=weak))
    assert Settings(env="production", auth=AuthSettings(jwt_secret="z" * 40)).auth.jwt_secret


@pytest.mark.parametrize(
    "sub", ["9" * 30, str(2**31), str(2**63), str(2**64 + 1), "-1", "0", "1e3", "１２", " 1"]
)
async def test_token_naming_an_impossible_user_id_is_401(
    client: httpx.AsyncClient, sub: str
) -> None:
    r = await client.get("/api/me", headers={"Authorization": f"Bearer {forge(sub, TEST_SECRET)}"})
    assert r.status_code == 401
    assert r.json()["error"] == "Unauthorized"


async def test_refresh_reuse_clears_the_refresh_cookie(
    make_person: MakePerson, app: FastAPI
) -> None:
    p: Person = await make_person()
    stolen = p.client.cookies.get("mygemini_refresh", path="/api/auth")
    assert (await p.client.post("/api/auth/refresh", headers=CLIENT)).status_code == 200
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as thief:
        r = await thief.post(
            "/api/auth/refresh", headers={**CLIENT, "Cookie": f"mygemini_refresh={stolen}"}
        )
    assert r.status_code == 401 and r.json()["error"] == "RefreshTokenReused"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("mygemini_refresh=")
    assert "Max-Age=0" in cookie or "expires=Thu, 01 Jan 1970" in cookie
    assert "Path=/api/auth" in cookie
    # The owner's client, presenting the revoked newest token, is told to drop it too.
    r = await p.client.post("/api/auth/refresh", headers=CLIENT)
    assert r.status_code == 401 and "Max-Age=0" in r.headers["set-cookie"]
    assert p.client.cookies.get("mygemini_refresh", path="/api/auth") is None

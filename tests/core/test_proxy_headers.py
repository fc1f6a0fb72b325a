"""`X-Forwarded-For` is believed only from configured proxies; by default from none (issue 7,
item 14). Served by uvicorn with the options `mygemini serve` uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from mygemini.app import create_app
from mygemini.cli import proxy_options
from mygemini.config import Settings
from tests.conftest import make_settings
from tests.live import serving

LIMIT = 3


def settings_with_limit(tmp_path: Path, database_url: str, redis_url: str) -> Settings:
    # Each attempt names another account, so only the per-address window can refuse them.
    return make_settings(tmp_path, database_url, redis_url, login_max_failures_per_ip=LIMIT)


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[str]:
    """The app behind uvicorn configured as `mygemini serve` configures it."""
    app = create_app(settings)
    try:
        async with serving(app, **proxy_options(settings)) as base:
            yield base
    finally:
        await app.state.ctx.db.dispose()


async def wrong_logins_from_rotating_addresses(base: str) -> list[int]:
    statuses = []
    async with httpx.AsyncClient(base_url=base) as c:
        for i in range(LIMIT + 2):
            r = await c.post(
                "/api/auth/login",
                json={"email": f"nobody{i}@example.com", "password": "wrong 12345"},
                headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
            )
            statuses.append(r.status_code)
    return statuses


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().trusted_proxies == ""
    assert proxy_options(Settings())["proxy_headers"] is False


async def test_forwarded_for_is_ignored_by_default(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    settings = settings_with_limit(tmp_path, database_url, redis_url)
    async with served(settings) as base:
        statuses = await wrong_logins_from_rotating_addresses(base)
    # Every attempt counts against the real peer address, whatever the header claims.
    assert statuses == [401] * LIMIT + [429, 429]


async def test_forwarded_for_is_believed_from_a_configured_proxy(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    settings = settings_with_limit(tmp_path, database_url, redis_url)
    settings.trusted_proxies = "127.0.0.1"
    async with served(settings) as base:
        statuses = await wrong_logins_from_rotating_addresses(base)
    assert statuses == [401] * (LIMIT + 2)

"""The wallet's tests run the app against a fake KakaoPay on a loopback port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from mygemini.config import KakaoPaySettings, PaymentSettings, Settings
from tests.conftest import Person, make_settings
from tests.fakes.kakaopay import SECRET_KEY, FakeKakaoPay
from tests.live import serving

MakePerson = Callable[[], Awaitable[Person]]


@pytest.fixture
async def kakaopay() -> AsyncIterator[FakeKakaoPay]:
    fake = FakeKakaoPay()
    async with serving(fake.app()) as url:
        fake.base_url = url
        try:
            yield fake
        finally:
            fake.release()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str, kakaopay: FakeKakaoPay) -> Settings:
    s = make_settings(tmp_path, database_url, redis_url)
    s.payments = PaymentSettings(
        kakaopay=KakaoPaySettings(
            secret_key=SECRET_KEY, api_url=kakaopay.base_url, timeout_seconds=10
        )
    )
    return s


async def balance(p: Person) -> int:
    r = await p.client.get("/api/wallet", headers=p.auth)
    assert r.status_code == 200, r.text
    return int(r.json()["balance"])


async def ledger(p: Person) -> list[dict[str, object]]:
    """Every ledger entry, through the keyset pages of /api/wallet/entries."""
    entries: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await p.client.get("/api/wallet/entries", params=params, headers=p.auth)
        assert r.status_code == 200, r.text
        entries += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            return entries


async def assert_ledger_explains_balance(p: Person) -> None:
    assert sum(int(str(e["delta"])) for e in await ledger(p)) == await balance(p)


async def buy(p: Person, package: str = "stars10", provider: str = "kakaopay") -> httpx.Response:
    return await p.client.post(
        "/api/wallet/orders", json={"package_id": package, "provider": provider}, headers=p.auth
    )


async def pay(fake: FakeKakaoPay, redirect_url: str, outcome: str = "approve") -> str:
    """The person on KakaoPay's page; returns where KakaoPay sends the browser back to."""
    async with httpx.AsyncClient() as browser:
        r = await browser.get(redirect_url, params={"outcome": outcome})
    assert r.status_code == 302, r.text
    return r.headers["location"]


async def order(p: Person, order_id: int) -> dict[str, object]:
    r = await p.client.get(f"/api/wallet/orders/{order_id}", headers=p.auth)
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body

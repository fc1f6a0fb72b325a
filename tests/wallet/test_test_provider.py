"""The test payment provider moves no money: it is refused in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from mygemini.app import create_app
from mygemini.config import AuthSettings, PaymentSettings, Settings
from tests.conftest import TEST_SECRET, make_settings, sign_up
from tests.wallet.conftest import balance, buy


def test_settings_refuse_the_test_provider_in_production() -> None:
    with pytest.raises(ValidationError, match="TEST_PROVIDER"):
        Settings(
            env="production",
            auth=AuthSettings(jwt_secret=TEST_SECRET),
            payments=PaymentSettings(test_provider=True),
        )
    production = Settings(env="production", auth=AuthSettings(jwt_secret=TEST_SECRET))
    assert not production.test_payments_allowed
    assert Settings(env="development").test_payments_allowed
    assert not Settings(payments=PaymentSettings(test_provider=False)).test_payments_allowed


async def test_production_refuses_test_payments(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    settings = make_settings(tmp_path, database_url, redis_url)
    settings.env = "production"
    app = create_app(settings)
    try:
        p = await sign_up(app)
        r = await buy(p, provider="test")
        assert r.status_code == 422 and r.json()["error"] == "PaymentProviderUnavailable"
        providers = (await p.client.get("/api/wallet/providers")).json()
        assert providers == {"kakaopay": False, "test": False}
        # KakaoPay is not set up either: nothing to pay with, nothing credited.
        r = await buy(p)
        assert r.status_code == 422 and r.json()["error"] == "PaymentProviderUnavailable"
        assert await balance(p) == 10
        assert (await p.client.get("/api/wallet/orders", headers=p.auth)).json()["items"] == []
        await p.client.aclose()
    finally:
        await app.state.ctx.db.dispose()


def test_payment_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYGEMINI_PAYMENTS__KAKAOPAY__SECRET_KEY", "DEVsecret")
    monkeypatch.setenv("MYGEMINI_PAYMENTS__KAKAOPAY__API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MYGEMINI_PAYMENTS__TEST_PROVIDER", "false")
    monkeypatch.setenv("MYGEMINI_PAYMENTS__REFUND_DAYS", "3")
    monkeypatch.setenv(
        "MYGEMINI_PAYMENTS__PACKAGES", '[{"id": "big", "stars": 500, "price_krw": 350000}]'
    )
    payments = Settings().payments
    assert payments.kakaopay.enabled and payments.kakaopay.cid == "TC0ONETIME"
    assert payments.kakaopay.api_url == "http://127.0.0.1:9"
    assert payments.test_provider is False and payments.refund_days == 3
    assert [(p.id, p.stars, p.price_krw) for p in payments.packages] == [("big", 500, 350000)]
    # The key never shows in the settings' text.
    assert "DEVsecret" not in repr(Settings()) and "DEVsecret" not in str(payments)

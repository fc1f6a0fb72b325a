"""argon2id's cost: the recommended one unless set, never lower in production, and a change of
cost locks nobody out (a hash carries the cost it was made with; it is renewed at the configured
cost at the account's next login)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy import select

from mygemini.app import create_app
from mygemini.config import AuthSettings, Settings
from mygemini.core.security import Passwords
from mygemini.models import User
from tests.conftest import PASSWORD, TEST_SECRET, client_for, make_settings, sign_up

RECOMMENDED = {k: v for k, v in AuthSettings().model_dump().items() if k.startswith("password_")}


async def _stored_hash(app: FastAPI, user_id: int) -> str:
    async with app.state.db.read_only() as uow:
        return str(await uow.session.scalar(select(User.password_hash).where(User.id == user_id)))


def test_the_default_cost_is_three_passes_over_64_mib() -> None:
    assert RECOMMENDED == {
        "password_time_cost": 3,
        "password_memory_kib": 65536,
        "password_parallelism": 4,
    }


@pytest.mark.parametrize(
    "lower", [{"password_time_cost": 2}, {"password_memory_kib": 32768}, {"password_time_cost": 1}]
)
def test_production_refuses_a_lower_cost(lower: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="PASSWORD_TIME_COST"):
        Settings(env="production", auth=AuthSettings(jwt_secret=TEST_SECRET, **lower))
    Settings(env="development", auth=AuthSettings(jwt_secret=TEST_SECRET, **lower))
    higher = {"password_time_cost": 4, "password_memory_kib": 131072}
    Settings(env="production", auth=AuthSettings(jwt_secret=TEST_SECRET, **higher))


async def test_a_change_of_cost_locks_nobody_out(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    light = create_app(make_settings(tmp_path / "light", database_url, redis_url))
    real = create_app(make_settings(tmp_path / "real", database_url, redis_url, **RECOMMENDED))
    try:
        before = await sign_up(light)
        assert (await _stored_hash(light, before.id)).startswith("$argon2id$v=19$m=1024,t=1,p=1$")
        after = await sign_up(real)
        assert (await _stored_hash(real, after.id)).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        # Each signs in through the app of the other cost; a wrong password still fails there,
        # and changes nothing. The right one renews the hash at that app's cost.
        for app, person, renewed in (
            (real, before, "$argon2id$v=19$m=65536,t=3,p=4$"),
            (light, after, "$argon2id$v=19$m=1024,t=1,p=1$"),
        ):
            old = await _stored_hash(app, person.id)
            async with client_for(app) as c:
                login = {"email": person.email, "password": PASSWORD}
                wrong = {**login, "password": PASSWORD + "!"}
                assert (await c.post("/api/auth/login", json=wrong)).status_code == 401
                assert await _stored_hash(app, person.id) == old
                assert (await c.post("/api/auth/login", json=login)).status_code == 200
                assert (await _stored_hash(app, person.id)).startswith(renewed)
                assert (await c.post("/api/auth/login", json=login)).status_code == 200
        await before.client.aclose()
        await after.client.aclose()
    finally:
        await light.state.ctx.db.dispose()
        await real.state.ctx.db.dispose()


async def test_the_stand_in_hash_for_unknown_emails_lets_nobody_in() -> None:
    """Unknown emails are checked against a stand-in hash of a password written in this
    source, so that both failures cost the same; that password must not log anyone in."""
    passwords = Passwords(time_cost=1, memory_kib=1024, parallelism=1)
    assert not await passwords.verify(None, "not-a-real-password-0")
    assert not await passwords.verify(None, PASSWORD)
    made = await passwords.hash(PASSWORD)
    assert await passwords.verify(made, PASSWORD)
    assert not await passwords.verify(made, "not-a-real-password-0")
    assert not await passwords.verify("not a hash", PASSWORD)

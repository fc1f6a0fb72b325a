"""A wallet opens on its first use, with the sign-up grant given exactly once: sign-up itself knows
nothing of the wallet (docs/adr/0008-boundaries.md)."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy import func, select, text

from mygemini.core.db import Database
from mygemini.models.wallet import LedgerEntry
from mygemini.wallet import service as wallet
from tests.conftest import MakePerson, Person, add_bare_person


async def _bare_person(db: Database) -> int:
    """A person with no wallet row, the way one arrives from sign-up now."""
    return await add_bare_person(db, "bare_")


async def _grants(db: Database, user_id: int) -> int:
    async with db.unit_of_work() as uow:
        q = select(func.count()).where(
            LedgerEntry.user_id == user_id, LedgerEntry.reason == "signup_grant"
        )
        return int(await uow.session.scalar(q) or 0)


async def _until_someone_waits_for_a_lock(db: Database) -> None:
    """PostgreSQL: until another transaction is blocked on a lock (here: the second first use
    waiting on the first one's uncommitted wallet row). SQLite queues at BEGIN instead."""
    if db.engine.dialect.name != "postgresql":
        return
    waiting = text(
        "select count(*) from pg_stat_activity"
        " where wait_event_type = 'Lock' and datname = current_database()"
    )
    for _ in range(1000):
        async with db.engine.connect() as conn:
            if (await conn.scalar(waiting) or 0) > 0:
                return
        await asyncio.sleep(0.01)
    raise AssertionError("the second first use never waited for the first")


async def test_first_use_opens_the_wallet_with_the_grant_once(app: FastAPI) -> None:
    db: Database = app.state.db
    user_id = await _bare_person(db)
    async with db.unit_of_work() as uow:
        assert await wallet.balance(uow, user_id) == wallet.SIGNUP_GRANT
    async with db.unit_of_work() as uow:
        entry = await wallet.move(uow, user_id, -3, "generation", None, "first-spend")
    assert entry.balance_after == wallet.SIGNUP_GRANT - 3
    assert await _grants(db, user_id) == 1


async def test_a_move_can_be_the_first_use(app: FastAPI) -> None:
    db: Database = app.state.db
    user_id = await _bare_person(db)
    async with db.unit_of_work() as uow:
        entry = await wallet.move(uow, user_id, -10, "generation", None, "all-of-it")
    assert entry.balance_after == 0
    async with db.unit_of_work() as uow:
        statement = await wallet.statement(uow, user_id, None, 10)
    assert [(e.reason, e.delta) for e in statement.entries] == [
        ("generation", -10),
        ("signup_grant", 10),
    ]


async def test_concurrent_first_uses_give_one_grant(app: FastAPI) -> None:
    db: Database = app.state.db
    user_id = await _bare_person(db)

    async def second_first_use() -> int:
        async with db.unit_of_work() as uow:
            return await wallet.balance(uow, user_id, lock=True)

    async with db.unit_of_work() as first:
        assert await wallet.balance(first, user_id, lock=True) == wallet.SIGNUP_GRANT
        second = asyncio.create_task(second_first_use())
        await _until_someone_waits_for_a_lock(db)
    assert await second == wallet.SIGNUP_GRANT
    assert await _grants(db, user_id) == 1


async def test_a_first_use_that_rolls_back_leaves_the_grant_to_the_next(app: FastAPI) -> None:
    db: Database = app.state.db
    user_id = await _bare_person(db)
    try:
        async with db.unit_of_work() as uow:
            await wallet.balance(uow, user_id)
            raise RuntimeError("the request failed after reading the balance")
    except RuntimeError:
        pass
    assert await _grants(db, user_id) == 0
    async with db.unit_of_work() as uow:
        assert await wallet.balance(uow, user_id) == wallet.SIGNUP_GRANT
    assert await _grants(db, user_id) == 1


async def test_signup_shows_the_grant_and_the_ledger_holds_it_once(make_person: MakePerson) -> None:
    p: Person = await make_person()
    for _ in range(3):
        me = (await p.client.get("/api/me", headers=p.auth)).json()
        assert me["stars"] == wallet.SIGNUP_GRANT
    body = (await p.client.get("/api/wallet", headers=p.auth)).json()
    assert body["balance"] == wallet.SIGNUP_GRANT
    assert [(e["reason"], e["delta"]) for e in body["entries"]] == [("signup_grant", 10)]

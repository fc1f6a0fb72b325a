"""Ledger arithmetic: idempotent movements, no negative balance, balance = sum of entries."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from mygemini.wallet import service as wallet
from mygemini.wallet.errors import InsufficientStars
from tests.conftest import MakePerson, Person


async def test_same_idempotency_key_moves_stars_once(make_person: MakePerson, app: FastAPI) -> None:
    p: Person = await make_person()
    for _ in range(3):
        async with app.state.db.unit_of_work() as uow:
            entry = await wallet.move(uow, p.id, 5, "purchase", "payment:1", "payment:1:credit")
    assert entry.balance_after == 15
    async with app.state.db.unit_of_work() as uow:
        assert await wallet.balance(uow, p.id) == 15


async def test_balance_never_goes_negative_and_failed_moves_leave_no_entry(
    make_person: MakePerson, app: FastAPI
) -> None:
    p: Person = await make_person()
    with pytest.raises(InsufficientStars):
        async with app.state.db.unit_of_work() as uow:
            await wallet.move(uow, p.id, -11, "generation", None, "too-much")
    async with app.state.db.unit_of_work() as uow:
        await wallet.move(uow, p.id, -10, "generation", None, "exactly-all")
        assert await wallet.balance(uow, p.id) == 0
    r = await p.client.get("/api/wallet", headers=p.auth)
    body = r.json()
    assert body["balance"] == 0
    assert [e["delta"] for e in body["entries"]] == [-10, 10]
    assert sum(e["delta"] for e in body["entries"]) == body["balance"]


async def test_wallet_is_private_and_paginates(
    make_person: MakePerson, client: httpx.AsyncClient, app: FastAPI
) -> None:
    p: Person = await make_person()
    assert (await client.get("/api/wallet")).status_code == 401
    async with app.state.db.unit_of_work() as uow:
        for i in range(4):
            await wallet.move(uow, p.id, 1, "purchase", None, f"k{i}")
    first = (await p.client.get("/api/wallet", params={"limit": 3}, headers=p.auth)).json()
    assert len(first["entries"]) == 3 and first["next_cursor"]
    rest = (
        await p.client.get(
            "/api/wallet", params={"limit": 3, "cursor": first["next_cursor"]}, headers=p.auth
        )
    ).json()
    assert len(rest["entries"]) == 2 and rest["next_cursor"] is None
    assert first["balance"] == 14

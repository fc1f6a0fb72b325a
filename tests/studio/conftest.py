from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.app import create_app
from mygemini.config import StorageSettings
from mygemini.models import LedgerEntry, Wallet
from tests.catalog import preset_recipe
from tests.conftest import Person, make_settings
from tests.waiting import eventually
from tests.workers import start_worker

RECIPE = preset_recipe("space_cadet")


@asynccontextmanager
async def studio_app(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    *,
    render: dict[str, Any] | None = None,
    studio: dict[str, Any] | None = None,
    jobs: dict[str, Any] | None = None,
    worker: bool = True,
    storage: StorageSettings | None = None,
) -> AsyncIterator[FastAPI]:
    """The app plus, in the scaled-out pass, a separate worker process with the same settings."""
    settings = make_settings(
        tmp_path, database_url, redis_url, render=render, studio=studio, jobs=jobs
    )
    if storage is not None:
        settings.storage = storage
    app = create_app(settings)
    try:
        if worker:
            async with start_worker(settings):
                yield app
        else:
            yield app
    finally:
        await app.state.ctx.jobs.shutdown()
        await app.state.ctx.db.dispose()


@pytest.fixture
async def app(tmp_path: Path, database_url: str, redis_url: str) -> AsyncIterator[FastAPI]:
    async with studio_app(tmp_path, database_url, redis_url) as application:
        yield application


async def wait_for(
    person: Person, generation_id: int, statuses: set[str], within: float = 30
) -> dict[str, Any]:
    """The generation's body once its status is one of `statuses`."""

    async def job() -> dict[str, Any]:
        r = await person.client.get(f"/api/studio/generations/{generation_id}", headers=person.auth)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    return await eventually(
        job,
        f"generation {generation_id} to be {sorted(statuses)}",
        until=lambda body: body["status"] in statuses,
        within=within,
    )


async def generate(person: Person, recipe: dict[str, Any] | None = None) -> httpx.Response:
    return await person.client.post(
        "/api/studio/generations", json={"recipe": recipe or RECIPE}, headers=person.auth
    )


async def ledger_state(app: FastAPI, user_id: int) -> tuple[int, int, list[str]]:
    """(wallet balance, sum of ledger deltas, reasons oldest first)."""
    async with app.state.db.unit_of_work() as uow:
        balance = await uow.session.scalar(select(Wallet.balance).where(Wallet.user_id == user_id))
        total = await uow.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(
                LedgerEntry.user_id == user_id
            )
        )
        reasons = (
            await uow.session.scalars(
                select(LedgerEntry.reason)
                .where(LedgerEntry.user_id == user_id)
                .order_by(LedgerEntry.id)
            )
        ).all()
    return int(balance or 0), int(total or 0), list(reasons)


__all__ = ["RECIPE", "create_app"]

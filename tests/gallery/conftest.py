from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from mygemini.gallery.repository import GeminiRepository
from mygemini.models.base import utcnow
from mygemini.models.gallery import Gemini
from mygemini.studio.catalog import load_catalog
from tests.conftest import Person
from tests.waiting import eventually

_seq = itertools.count(1)
PRESET = load_catalog().presets[0]


async def make_gemini(
    app: FastAPI,
    owner_id: int,
    *,
    public: bool = True,
    name: str | None = None,
    published_at: datetime | None = None,
    with_files: bool = False,
    attributes: dict[str, str] | None = None,
    **extra: Any,
) -> int:
    """A finished gemini row, stored as the pipeline stores one (the studio tests cover how one
    is drawn)."""
    n = next(_seq)
    ctx = app.state.ctx
    keys = (f"geminis/{owner_id}/t{n}.png", f"geminis/{owner_id}/t{n}.webp")
    if with_files:
        await ctx.storage.put(keys[0], b"\x89PNG fake", "image/png")
        await ctx.storage.put(keys[1], b"RIFF fake", "image/webp")
    async with ctx.db.unit_of_work() as uow:
        gemini = Gemini(
            owner_id=owner_id,
            image_key=keys[0],
            thumbnail_key=keys[1],
            recipe={"attributes": dict(attributes or PRESET.attributes), "extra_prompt": None},
            seed=1000 + n,
            backend="noop",
            model="none",
            width=512,
            height=680,
            visibility="public" if public else "private",
            name=name or f"gemini {n}",
            published_at=(published_at or utcnow()) if public else None,
            **extra,
        )
        await GeminiRepository(uow.session).add(gemini)
        return gemini.id


async def ended_fourcut(owner: Person, gemini_id: int) -> dict[str, Any]:
    """The newest four-cut strip of `owner`'s gemini, once it is ready or failed."""

    async def strips() -> list[dict[str, Any]]:
        r = await owner.client.get(f"/api/geminis/{gemini_id}/fourcuts", headers=owner.auth)
        assert r.status_code == 200, r.text
        items: list[dict[str, Any]] = r.json()["items"]
        return items

    items = await eventually(
        strips,
        f"gemini {gemini_id}'s four-cut to be ready or failed",
        until=lambda items: bool(items) and items[0]["status"] in ("ready", "failed"),
        within=60,
    )
    return items[0]

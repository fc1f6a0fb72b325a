"""Expression four-cuts: the same character and seed in four expressions, rendered through the
normal generation pipeline (one frame job each) and composed into a 2×2 grid and a 1×4 strip."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any, Literal, cast

from PIL import Image

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.storage import new_key
from mygemini.gallery.repository import FourcutRepository
from mygemini.gallery.schemas import FourcutOut, FourcutPage
from mygemini.models import Fourcut, Generation, User
from mygemini.models.base import utcnow
from mygemini.models.studio import Gemini
from mygemini.notifications.service import notify
from mygemini.render.fourcut import FourcutLayout, compose_fourcut
from mygemini.studio.catalog import load_catalog, with_expression
from mygemini.studio.queue import enqueue_render
from mygemini.studio.repository import GenerationRepository
from mygemini.wallet import service as wallet

log = logging.getLogger(__name__)

# smile, angry, sad, blush — as the catalog names them
EXPRESSIONS = ("bright_smile", "angry", "sad", "shy")
ORDER_COST = 2
FourcutStatus = Literal["pending", "composing", "ready", "failed"]


async def order(
    uow: UnitOfWork,
    ctx: AppContext,
    gemini: Gemini,
    *,
    cost: int,
    caption: str,
    reason: dict[str, Any],
) -> Fourcut:
    """Create the four-cut and queue its four frames (after commit)."""
    fourcut = await FourcutRepository(uow.session).add(
        Fourcut(
            kind="expression",
            gemini_id=gemini.id,
            owner_id=gemini.owner_id,
            cost=cost,
            caption=caption[:80],
            reason=reason,
            status="pending",
        )
    )
    if cost:
        ref = f"fourcut:{fourcut.id}"
        await wallet.move(uow, gemini.owner_id, -cost, "fourcut", ref, f"{ref}:debit")
    catalog = load_catalog()
    generations = GenerationRepository(uow.session)
    for frame, expression in enumerate(EXPRESSIONS):
        attributes = with_expression(catalog, gemini.recipe.get("attributes", {}), expression)
        job = await generations.add(
            Generation(
                user_id=gemini.owner_id,
                kind="fourcut_frame",
                fourcut_id=fourcut.id,
                frame=frame,
                recipe={**gemini.recipe, "attributes": attributes},
                seed=gemini.seed,
                cost=0,
                status="queued",
            )
        )
        enqueue_render(uow, ctx, job.id)
    return fourcut


def view(ctx: AppContext, fourcut: Fourcut) -> FourcutOut:
    return FourcutOut(
        id=fourcut.id,
        kind=fourcut.kind,
        status=cast(FourcutStatus, fourcut.status),
        gemini_id=fourcut.gemini_id,
        caption=fourcut.caption,
        grid_url=ctx.storage.url(fourcut.grid_key) if fourcut.grid_key else None,
        strip_url=ctx.storage.url(fourcut.strip_key) if fourcut.strip_key else None,
        frame_urls=[ctx.storage.url(k) for k in fourcut.frame_keys or []],
        created_at=fourcut.created_at,
    )


async def of_person(
    uow: UnitOfWork,
    ctx: AppContext,
    owner: User,
    viewer: User | None,
    cursor: str | None,
    limit: int,
) -> FourcutPage:
    mine = viewer is not None and viewer.id == owner.id
    rows = await FourcutRepository(uow.session).of_owner(
        owner.id, decode_cursor(cursor), limit + 1, public_only=not mine
    )
    page, next_cursor = split_page(rows, limit, lambda f: f.id)
    return FourcutPage(items=[view(ctx, f) for f in page], next_cursor=next_cursor)


async def frame_failed(uow: UnitOfWork, ctx: AppContext, fourcut_id: int) -> None:
    """One frame ended without an image: the strip cannot be made; refund what it cost."""
    await fail(uow, ctx, fourcut_id, "pending")


async def fail(uow: UnitOfWork, ctx: AppContext, fourcut_id: int, from_status: str) -> bool:
    """End a four-cut as failed and refund its cost, exactly once."""
    fourcuts = FourcutRepository(uow.session)
    fourcut = await fourcuts.get(fourcut_id)
    if fourcut is None or not await fourcuts.transition(
        fourcut_id, from_status, status="failed", finished_at=utcnow()
    ):
        return False
    if fourcut.cost:
        ref = f"fourcut:{fourcut.id}"
        await wallet.move(uow, fourcut.owner_id, fourcut.cost, "refund", ref, f"{ref}:refund")
    await notify(
        uow,
        ctx.realtime,
        fourcut.owner_id,
        "fourcut.failed",
        {"fourcut_id": fourcut.id, "gemini_id": fourcut.gemini_id},
    )
    return True


async def compose_when_complete(ctx: AppContext, fourcut_id: int) -> None:
    """Called after each frame succeeds; the call that sees all four composes (exactly once)."""
    async with ctx.db.unit_of_work() as uow:
        frames = await GenerationRepository(uow.session).frames_of(fourcut_id)
        if len(frames) != len(EXPRESSIONS) or any(f.status != "succeeded" for f in frames):
            return
        if not await FourcutRepository(uow.session).transition(
            fourcut_id, "pending", status="composing"
        ):
            return
        keys = [f.result_key or "" for f in sorted(frames, key=lambda f: f.frame or 0)]
        fourcut = await FourcutRepository(uow.session).get(fourcut_id)
        assert fourcut is not None
        caption, owner_id = fourcut.caption, fourcut.owner_id
    # Private like every new file; publishing the gemini moves them to public keys.
    grid_key = new_key("fourcuts", "png", public=False)
    strip_key = new_key("fourcuts", "png", public=False)
    try:
        images = []
        for key in keys:
            data = await ctx.storage.get(key)
            if data is None:
                raise RuntimeError(f"frame {key} is missing")
            images.append(Image.open(io.BytesIO(data)).convert("RGB"))
        grid, strip = await asyncio.to_thread(_compose, images, caption)
        await ctx.storage.put(grid_key, grid, "image/png")
        await ctx.storage.put(strip_key, strip, "image/png")
    except Exception:
        log.exception("four-cut %s could not be composed", fourcut_id)
        async with ctx.db.unit_of_work() as uow:
            await fail(uow, ctx, fourcut_id, "composing")
        return
    async with ctx.db.unit_of_work() as uow:
        fourcuts = FourcutRepository(uow.session)
        await fourcuts.transition(
            fourcut_id,
            "composing",
            status="ready",
            grid_key=grid_key,
            strip_key=strip_key,
            frame_keys=keys,
            finished_at=utcnow(),
        )
        fourcut = await fourcuts.get(fourcut_id)
        await notify(
            uow,
            ctx.realtime,
            owner_id,
            "fourcut.ready",
            {"fourcut_id": fourcut_id, "gemini_id": fourcut.gemini_id if fourcut else None},
        )


def _compose(images: list[Image.Image], caption: str) -> tuple[bytes, bytes]:
    out = []
    for layout in (FourcutLayout.GRID, FourcutLayout.STRIP):
        sheet = compose_fourcut(images, layout, caption=caption)
        buf = io.BytesIO()
        sheet.save(buf, "PNG", optimize=True)
        out.append(buf.getvalue())
    return out[0], out[1]

"""Four-cuts: four frames rendered through the generation pipeline (one job each, purpose
`fourcut_frame`, ref "<fourcut id>/<frame>") and composed into a 2×2 grid and a 1×4 strip.

The job handler and the composer are the one way every four-cut is made: an expression four-cut
(the same character and seed in four expressions) is ordered here; a life four-cut of a table
party is a kind the tabletop registers (`register_strip_kind`) with its own purpose, jobs and
frames, composed here the same way."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PIL import Image

from mygemini.auth import Viewer
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.storage import new_key
from mygemini.gallery.repository import FourcutRepository
from mygemini.gallery.schemas import FourcutOut, FourcutPage
from mygemini.models import (
    Fourcut,
    FourcutStatus,
    Gemini,
    Generation,
    GenerationStatus,
    Purpose,
    User,
)
from mygemini.models.base import utcnow
from mygemini.notifications import FourcutFailed, FourcutReady, notify
from mygemini.pipeline import PurposeHandler, record_first_key, submit
from mygemini.pipeline.repository import GenerationRepository
from mygemini.render.base import RenderRequest, RenderResult
from mygemini.render.fourcut import DEFAULT_CELL, FourcutLayout, compose_fourcut
from mygemini.render.png import plain_png
from mygemini.studio.catalog import load_catalog, with_expression
from mygemini.studio.prompt import stored_request
from mygemini.wallet import service as wallet

log = logging.getLogger(__name__)

# smile, angry, sad, blush — as the catalog names them
EXPRESSIONS = ("bright_smile", "angry", "sad", "shy")
ORDER_COST = 2
FRAMES = 4


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
            status=FourcutStatus.PENDING,
        )
    )
    if cost:
        ref = f"fourcut:{fourcut.id}"
        await wallet.move(uow, gemini.owner_id, -cost, "fourcut", ref, f"{ref}:debit")
    catalog = load_catalog()
    for frame, expression in enumerate(EXPRESSIONS):
        attributes = with_expression(catalog, gemini.recipe.get("attributes", {}), expression)
        await submit(
            uow,
            ctx,
            owner=gemini.owner_id,
            recipe={**gemini.recipe, "attributes": attributes},
            seed=gemini.seed,
            cost=0,
            purpose=Purpose.FOURCUT_FRAME,
            ref=frame_ref(fourcut.id, frame),
        )
    return fourcut


def frame_ref(fourcut_id: int, frame: int) -> str:
    return f"{fourcut_id}/{frame}"


def frame_refs(fourcut_id: int) -> list[str]:
    return [frame_ref(fourcut_id, frame) for frame in range(FRAMES)]


def _fourcut_of(generation: Generation) -> int:
    return int((generation.ref or "").split("/", 1)[0])


def view(ctx: AppContext, fourcut: Fourcut) -> FourcutOut:
    return FourcutOut(
        id=fourcut.id,
        kind=fourcut.kind,
        status=fourcut.status,
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
    viewer: Viewer | None,
    cursor: str | None,
    limit: int,
) -> FourcutPage:
    mine = viewer is not None and viewer.id == owner.id
    rows = await FourcutRepository(uow.session).of_owner(
        owner.id, decode_cursor(cursor), limit + 1, public_only=not mine
    )
    page, next_cursor = split_page(rows, limit, lambda f: f.id)
    return FourcutPage(items=[view(ctx, f) for f in page], next_cursor=next_cursor)


# --- the one composer: every kind of four-cut ends here ---------------------------------------

FrameHook = Callable[[UnitOfWork, AppContext, Fourcut], Awaitable[None]]


@dataclass(frozen=True)
class StripKind:
    """What differs between kinds of four-cut (`Fourcut.kind`); the states, the refund, the
    exactly-once composing and the layouts are the same for all. A kind is registered by the
    domain that orders it (the gallery imports none of them)."""

    # the purpose of its jobs, and every job's ref for one four-cut (all must succeed)
    purpose: Purpose
    refs: Callable[[Fourcut], list[str]]
    # the four frames, made from the jobs' pictures (in `refs` order); runs outside any
    # transaction, given the four-cut's id
    frames: Callable[[AppContext, int, list[Image.Image]], Awaitable[list[Image.Image]]]
    # inside the transaction that ends it ready or failed
    ready: FrameHook
    failed: FrameHook
    # inside the transaction of a job that succeeded while others are still on their way
    progressed: Callable[[UnitOfWork, AppContext, Fourcut, int, int], Awaitable[None]] | None = None
    cell: tuple[int, int] = DEFAULT_CELL


_strip_kinds: dict[str, StripKind] = {}


def register_strip_kind(kind: str, strip: StripKind) -> None:
    """Register (or replace: every app built in one process registers the same) a kind."""
    _strip_kinds[kind] = strip


async def frame_failed(uow: UnitOfWork, ctx: AppContext, fourcut_id: int) -> None:
    """One frame ended without an image: the strip cannot be made; refund what it cost."""
    await fail(uow, ctx, fourcut_id, FourcutStatus.PENDING)


async def fail(
    uow: UnitOfWork, ctx: AppContext, fourcut_id: int, from_status: FourcutStatus
) -> bool:
    """End a four-cut as failed and refund its cost, exactly once."""
    fourcuts = FourcutRepository(uow.session)
    fourcut = await fourcuts.get(fourcut_id)
    if fourcut is None or not await fourcuts.fail(fourcut_id, from_status, utcnow()):
        return False
    if fourcut.cost:
        ref = f"fourcut:{fourcut.id}"
        await wallet.move(uow, fourcut.owner_id, fourcut.cost, "refund", ref, f"{ref}:refund")
    await _strip_kinds[fourcut.kind].failed(uow, ctx, fourcut)
    return True


async def compose_when_complete(ctx: AppContext, fourcut_id: int) -> None:
    """Called after each job succeeds; the call that sees them all composes (exactly once: the
    pending → composing move is guarded, so a job run twice by a swept worker cannot)."""
    async with ctx.db.unit_of_work() as uow:
        fourcuts = FourcutRepository(uow.session)
        fourcut = await fourcuts.get(fourcut_id)
        if fourcut is None or fourcut.status != FourcutStatus.PENDING:
            return
        kind = _strip_kinds[fourcut.kind]
        refs = kind.refs(fourcut)
        jobs = await GenerationRepository(uow.session).of_refs(kind.purpose, refs)
        done = sum(1 for j in jobs if j.status == GenerationStatus.SUCCEEDED)
        if done < len(refs):
            if kind.progressed is not None:
                await kind.progressed(uow, ctx, fourcut, done, len(refs))
            return
        if not await fourcuts.start_composing(fourcut_id):
            return
        by_ref = {j.ref: j.result_key or "" for j in jobs}
        keys = [by_ref[ref] for ref in refs]
        caption = fourcut.caption
        if kind.progressed is not None:
            fourcut.status = FourcutStatus.COMPOSING
            await kind.progressed(uow, ctx, fourcut, done, len(refs))
    # Private like every new file; publishing the gemini moves them to public keys.
    grid_key = new_key("fourcuts", "png", public=False)
    strip_key = new_key("fourcuts", "png", public=False)
    try:
        images: list[Image.Image] = []
        for key in keys:
            data = await ctx.storage.get(key)
            if data is None:
                raise RuntimeError(f"frame {key} is missing")
            images.append(Image.open(io.BytesIO(data)))
        frames = await kind.frames(ctx, fourcut_id, images)
        grid, strip = await asyncio.to_thread(_compose, frames, caption, kind.cell)
        await ctx.storage.put(grid_key, grid, "image/png")
        await ctx.storage.put(strip_key, strip, "image/png")
    except Exception:
        log.exception("four-cut %s could not be composed", fourcut_id)
        async with ctx.db.unit_of_work() as uow:
            await fail(uow, ctx, fourcut_id, FourcutStatus.COMPOSING)
        return
    async with ctx.db.unit_of_work() as uow:
        fourcuts = FourcutRepository(uow.session)
        if not await fourcuts.finish(
            fourcut_id, grid_key=grid_key, strip_key=strip_key, frame_keys=keys, now=utcnow()
        ):
            return  # failed meanwhile (a composer taken for dead): its files are not used
        fourcut = await fourcuts.get_fresh(fourcut_id)
        assert fourcut is not None
        await kind.ready(uow, ctx, fourcut)


def _compose(images: list[Image.Image], caption: str, cell: tuple[int, int]) -> tuple[bytes, bytes]:
    out = []
    for layout in (FourcutLayout.GRID, FourcutLayout.STRIP):
        sheet = compose_fourcut(images, layout, caption=caption, cell=cell)
        buf = io.BytesIO()
        sheet.save(buf, "PNG", optimize=True)
        out.append(buf.getvalue())
    return out[0], out[1]


async def fail_stale_composing(ctx: AppContext) -> int:
    """A composer that died mid-way leaves its four-cut "composing": fail it, with a refund."""
    failed = 0
    async with ctx.db.unit_of_work() as uow:
        before = utcnow() - timedelta(seconds=ctx.settings.jobs.requeue_after_seconds)
        for fourcut in await FourcutRepository(uow.session).stale_composing(before):
            if await fail(uow, ctx, fourcut.id, FourcutStatus.COMPOSING):
                failed += 1
    if failed:
        log.info("failed %s four-cuts whose composer stopped", failed)
    return failed


# --- the expression four-cut: the gallery's own kind -------------------------------------


async def _same_frames(
    ctx: AppContext, fourcut_id: int, images: list[Image.Image]
) -> list[Image.Image]:
    return [image.convert("RGB") for image in images]


async def _expression_ready(uow: UnitOfWork, ctx: AppContext, fourcut: Fourcut) -> None:
    await notify(
        uow,
        ctx.realtime,
        fourcut.owner_id,
        FourcutReady(fourcut_id=fourcut.id, gemini_id=fourcut.gemini_id),
    )


async def _expression_failed(uow: UnitOfWork, ctx: AppContext, fourcut: Fourcut) -> None:
    await notify(
        uow,
        ctx.realtime,
        fourcut.owner_id,
        FourcutFailed(fourcut_id=fourcut.id, gemini_id=fourcut.gemini_id),
    )


EXPRESSION = StripKind(
    purpose=Purpose.FOURCUT_FRAME,
    refs=lambda fourcut: frame_refs(fourcut.id),
    frames=_same_frames,
    ready=_expression_ready,
    failed=_expression_failed,
)


# --- the jobs' handler, for every kind: each job's picture is kept as it came, with no
# metadata (frames are shown to everyone); the four-cut is the first part of its ref.


def strip_job_handler(build_request: Callable[[Generation], RenderRequest]) -> PurposeHandler:
    """The handler of a purpose whose jobs are the pictures of four-cuts."""
    return PurposeHandler(
        build_request=build_request,
        store=_store_frame,
        record=record_first_key,
        succeeded=_frame_succeeded,
        failed=_frame_ended,
        cancelled=_frame_ended,
    )


def _frame_request(generation: Generation) -> RenderRequest:
    return stored_request(generation.recipe, generation.seed)


async def _store_frame(
    ctx: AppContext, generation: Generation, request: RenderRequest, result: RenderResult
) -> tuple[str, ...]:
    # Private like every new file; publishing the gemini moves the four-cut to public keys.
    key = new_key("fourcuts", "png", public=False)
    await ctx.storage.put(key, await asyncio.to_thread(plain_png, result.image), "image/png")
    return (key,)


async def _frame_succeeded(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> None:
    fourcut_id = _fourcut_of(generation)

    async def compose() -> None:
        await compose_when_complete(ctx, fourcut_id)

    uow.after_commit(compose)


async def _frame_ended(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: GenerationStatus,
    error: str | None,
) -> None:
    # Without this frame the strip cannot be made, whatever ended it.
    await frame_failed(uow, ctx, _fourcut_of(generation))


FRAME_HANDLER = strip_job_handler(_frame_request)

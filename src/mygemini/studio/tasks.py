"""The generation job, as a worker runs it.

claim (queued → running, attempt + 1) → render in a thread while a heartbeat loop records
progress, pushes it to the owner and watches for cancellation → store the PNG (recipe in its
`parameters` chunk) and a WebP thumbnail → one transaction records the gemini, marks the job
succeeded and notifies. Failures and cancellations end the job with a refund (service).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.storage import new_key
from mygemini.gallery import fourcuts
from mygemini.gallery.repository import GeminiRepository
from mygemini.models.base import utcnow
from mygemini.models.studio import Gemini, Generation
from mygemini.notifications.service import notify
from mygemini.render.base import RenderCancelled, RenderError, RenderResult
from mygemini.render.png import encode_png, format_parameters, make_thumbnail, plain_png, view_copy
from mygemini.studio import service
from mygemini.studio.catalog import Recipe, load_catalog
from mygemini.studio.prompt import build_render_request
from mygemini.studio.queue import RENDER_JOB
from mygemini.studio.repository import GenerationRepository

log = logging.getLogger(__name__)
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class _Shared:
    """State the render thread and the heartbeat loop share."""

    progress: float = 0.0
    cancel: bool = False
    lost: bool = False


async def _claim(ctx: AppContext, generation_id: int) -> Generation | None:
    async with ctx.db.unit_of_work() as uow:
        generations = GenerationRepository(uow.session)
        current = await generations.get(generation_id)
        if current is None or current.status != "queued":
            return None  # cancelled, finished, or another worker has it
        now = utcnow()
        claimed = await generations.transition(
            generation_id,
            ("queued",),
            status="running",
            attempts=current.attempts + 1,
            started_at=now,
            heartbeat_at=now,
            progress=0.0,
            worker=WORKER_NAME,
        )
        if not claimed:
            return None
        generation = await generations.get_fresh(generation_id)
        assert generation is not None
        service.emit_progress(uow, ctx, generation, 0)
        # Everyone waiting moved up one place; the head of the queue is in id order.
        for place, queued in enumerate(await generations.queued_head(20), start=1):
            service.emit_progress(uow, ctx, queued, place)
    return generation


async def _heartbeat(
    ctx: AppContext, generation: Generation, shared: _Shared, stop: asyncio.Event
) -> None:
    """Beat until `stop` is set. It is stopped, never cancelled: a cancellation landing inside
    its transaction is what once left SQLite locked for good."""
    interval = ctx.settings.studio.heartbeat_interval_seconds
    sent = -1.0
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval):
                await stop.wait()
        if stop.is_set():
            return
        try:
            async with ctx.db.unit_of_work() as uow:
                generations = GenerationRepository(uow.session)
                if not await generations.beat(
                    generation.id, generation.attempts, utcnow(), shared.progress
                ):
                    shared.lost = True
                    shared.cancel = True
                    return
                fresh = await generations.get_fresh(generation.id)
                if fresh is not None and fresh.cancel_requested:
                    shared.cancel = True
                if shared.progress != sent:
                    sent = shared.progress
                    generation.progress = sent
                    service.emit_progress(uow, ctx, generation, 0)
        except Exception:
            # One failed beat (a locked SQLite, a dropped connection) must not stop the others:
            # the sweeper would take a job that is still rendering.
            log.warning("heartbeat of generation %s failed; trying again", generation.id)


async def _store(
    ctx: AppContext, generation: Generation, prompt: str, negative: str, result: RenderResult
) -> tuple[str, ...]:
    """Store the result; the keys, main image first.

    A portrait keeps its full recipe (seed included) in the original PNG, which only the owner
    (or everyone, once they share the seed) is given; others see a copy without metadata, and
    a thumbnail. Four-cut frames are shown to everyone, so they carry no metadata at all.
    """
    meta = result.metadata[0]
    # Every file its own random key, private until its gemini is published: no key tells
    # another (the original cannot be guessed from the thumbnail).
    if generation.kind == "fourcut_frame":
        key = new_key("fourcuts", "png", public=False)
        await ctx.storage.put(key, plain_png(result.image), "image/png")
        return (key,)
    png = encode_png(
        result.image,
        format_parameters(prompt, negative, meta),
        json.dumps({**generation.recipe, "seed": generation.seed}, ensure_ascii=False),
    )
    keys = (
        new_key("geminis", "png", public=False),
        new_key("geminis", "webp", public=False),
        new_key("geminis", "webp", public=False),
    )
    await ctx.storage.put(keys[0], png, "image/png")
    await ctx.storage.put(keys[1], make_thumbnail(result.image), "image/webp")
    await ctx.storage.put(keys[2], view_copy(result.image), "image/webp")
    return keys


async def _succeed(
    ctx: AppContext, generation: Generation, keys: tuple[str, ...], result: RenderResult
) -> bool:
    meta = result.metadata[0]
    async with ctx.db.unit_of_work() as uow:
        generations = GenerationRepository(uow.session)
        current = await generations.get_fresh(generation.id)
        if (
            current is None
            or current.status != "running"
            or current.attempts != generation.attempts
        ):
            return False
        if generation.kind == "fourcut_frame":
            return await generations.transition(
                generation.id,
                ("running",),
                attempt=generation.attempts,
                status="succeeded",
                progress=1.0,
                result_key=keys[0],
                finished_at=utcnow(),
                renderer=meta.backend,
            )
        # Claim the success first (guarded by our attempt), then record what it produced.
        if not await generations.transition(
            generation.id,
            ("running",),
            attempt=generation.attempts,
            status="succeeded",
            progress=1.0,
            finished_at=utcnow(),
            renderer=meta.backend,
        ):
            return False
        gemini = await GeminiRepository(uow.session).add(
            Gemini(
                owner_id=generation.user_id,
                image_key=keys[0],
                thumbnail_key=keys[1],
                view_key=keys[2],
                recipe=generation.recipe,
                seed=generation.seed,
                backend=meta.backend,
                model=meta.model,
                width=meta.width,
                height=meta.height,
            )
        )
        await generations.transition(generation.id, ("succeeded",), gemini_id=gemini.id)
        await notify(
            uow,
            ctx.realtime,
            generation.user_id,
            "generation.succeeded",
            {"generation_id": generation.id, "gemini_id": gemini.id},
        )
        service.emit_finished(uow, ctx, generation.user_id, generation.id, "succeeded", gemini.id)
    return True


async def _end(ctx: AppContext, generation: Generation, status: str, error: str | None) -> None:
    async with ctx.db.unit_of_work() as uow:
        await service.end_unsuccessfully(
            uow, ctx, generation, status, error, ("running",), attempt=generation.attempts
        )


async def run_generation(ctx: AppContext, generation_id: int) -> None:
    # Wait for a render slot before claiming: until then the job stays queued (cancellable at
    # once, and its queue position stays true).
    async with ctx.render_slots:
        generation = await _claim(ctx, generation_id)
        if generation is not None:
            await _render(ctx, generation)


async def _render(ctx: AppContext, generation: Generation) -> None:
    recipe = Recipe(
        attributes=generation.recipe["attributes"],
        extra_prompt=generation.recipe.get("extra_prompt"),
        seed=generation.seed,
    )
    shared = _Shared()

    def progress(value: float) -> None:
        shared.progress = round(max(0.0, min(1.0, value)), 3)

    stop = asyncio.Event()
    beat = asyncio.create_task(_heartbeat(ctx, generation, shared, stop))
    try:
        request = build_render_request(load_catalog(), recipe, seed=generation.seed)
        result = await asyncio.to_thread(
            ctx.renderer().render, request, progress, lambda: shared.cancel
        )
        keys = await _store(ctx, generation, request.prompt, request.negative_prompt, result)
    except RenderCancelled:
        if not shared.lost:
            await _end(ctx, generation, "cancelled", None)
        return
    except RenderError as exc:
        log.warning("generation %s failed: %s", generation.id, exc)
        await _end(ctx, generation, "failed", str(exc)[:250] or type(exc).__name__)
        return
    except Exception as exc:
        # A bug would fail the same way on every retry: end it now, refunded, and say so.
        log.exception("generation %s crashed", generation.id)
        await _end(ctx, generation, "failed", f"Internal error ({type(exc).__name__})")
        return
    finally:
        stop.set()
        # Shielded: if this job is cancelled meanwhile, the beat still ends its transaction
        # and stops on its own.
        await asyncio.shield(beat)
    if not await _succeed(ctx, generation, keys, result):
        # The job was taken from us (cancelled or swept) while we stored: drop our files.
        for key in keys:
            await ctx.storage.delete(key)
    elif generation.fourcut_id is not None:
        await fourcuts.compose_when_complete(ctx, generation.fourcut_id)


def register(ctx: AppContext) -> None:
    async def render_generation(generation_id: int) -> None:
        await run_generation(ctx, generation_id)

    ctx.jobs.register(RENDER_JOB, render_generation)

"""The generation job, as a worker runs it.

claim (queued → running, attempt + 1) → render in a thread while a heartbeat loop records
progress, pushes it to the owner and watches for cancellation → the purpose's handler stores the
result → one transaction marks the job succeeded and runs the handler's `succeeded`. Failures
and cancellations end the job with a refund (service). A job taken away meanwhile (cancelled,
or swept to another worker) has its stored files deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models.base import utcnow
from mygemini.models.pipeline import Generation, GenerationStatus
from mygemini.pipeline import service
from mygemini.pipeline.purposes import PurposeHandler, Recorded, UnknownPurpose, handler_for
from mygemini.pipeline.queue import RENDER_JOB
from mygemini.pipeline.repository import GenerationRepository
from mygemini.render.base import RenderCancelled, RenderError, RenderResult

log = logging.getLogger(__name__)
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class _Shared:
    """State the render thread and the heartbeat loop share."""

    progress: float = 0.0
    cancel: bool = False
    lost: bool = False


async def _claim(ctx: AppContext, generation_id: int) -> Generation | None:
    # One guarded statement, a transaction of its own: only a queued job moves (not one
    # cancelled, finished, or another worker's), and it comes back as it is now.
    async with ctx.db.lone_statement() as uow:
        generation = await GenerationRepository(uow.session).claim(
            generation_id, WORKER_NAME, utcnow()
        )
        if generation is None:
            return None
        # One push per state change: its owner sees it running. The others waiting moved up one
        # place, which their polls show (pushing it to the head of the queue was 20 emits and a
        # query per claim).
        service.emit_progress(uow, ctx, generation, 0)
    if _progress_watched(generation):
        # Its own transaction, after the claim's (which the purpose does not write in). The
        # claim is committed: a failure here must not leave the job running with nobody
        # rendering it; the next heartbeat pushes its progress again.
        try:
            async with ctx.db.unit_of_work() as uow:
                await _progressed(uow, ctx, generation)
        except Exception:
            log.exception("progress of generation %s not pushed after its claim", generation.id)
    return generation


def _progress_watched(generation: Generation) -> bool:
    try:
        return handler_for(generation.purpose).progressed is not None
    except UnknownPurpose:
        return False


async def _progressed(uow: UnitOfWork, ctx: AppContext, generation: Generation) -> None:
    with contextlib.suppress(UnknownPurpose):
        progressed = handler_for(generation.purpose).progressed
        if progressed is not None:
            await progressed(uow, ctx, generation)


async def _heartbeat(
    ctx: AppContext, generation: Generation, shared: _Shared, stop: asyncio.Event
) -> None:
    """Beat until `stop` is set. It is stopped, never cancelled: a cancellation landing inside
    its transaction is what once left SQLite locked for good."""
    interval = ctx.settings.jobs.heartbeat_interval_seconds
    sent = -1.0
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(interval):
                await stop.wait()
        if stop.is_set():
            return
        try:
            async with ctx.db.unit_of_work() as uow:
                cancel_requested = await GenerationRepository(uow.session).beat(
                    generation.id, generation.attempts, utcnow(), shared.progress
                )
                if cancel_requested is None:
                    shared.lost = True
                    shared.cancel = True
                    return
                if cancel_requested:
                    shared.cancel = True
                if shared.progress != sent:
                    sent = shared.progress
                    generation.progress = sent
                    service.emit_progress(uow, ctx, generation, 0)
                    await _progressed(uow, ctx, generation)
        except Exception:
            # One failed beat (a locked SQLite, a dropped connection) must not stop the others:
            # the sweeper would take a job that is still rendering.
            log.warning("heartbeat of generation %s failed; trying again", generation.id)


class _TakenAway(Exception):
    """The job is no longer this attempt's: its success transaction rolls back."""


async def _succeed(
    ctx: AppContext,
    handler: PurposeHandler,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> bool:
    try:
        async with ctx.db.unit_of_work() as uow:
            # What the job made first (new rows only), then the success, guarded by our attempt,
            # recording it in the same statement; then the rest of the purpose's work.
            recorded = (
                Recorded()
                if handler.record is None
                else await handler.record(uow, ctx, generation, keys, result)
            )
            if not await GenerationRepository(uow.session).succeed(
                generation.id,
                generation.attempts,
                result.metadata[0].backend,
                utcnow(),
                gemini_id=recorded.gemini_id,
                result_key=recorded.result_key,
            ):
                # Taken away meanwhile (cancelled, swept): nothing `record` wrote stays.
                raise _TakenAway
            generation.gemini_id = recorded.gemini_id
            generation.result_key = recorded.result_key
            await handler.succeeded(uow, ctx, generation, keys, result)
    except _TakenAway:
        return False
    return True


async def _end(
    ctx: AppContext, generation: Generation, status: GenerationStatus, error: str | None
) -> None:
    async with ctx.db.unit_of_work() as uow:
        await service.end_unsuccessfully(
            uow,
            ctx,
            generation,
            status,
            error,
            (GenerationStatus.RUNNING,),
            attempt=generation.attempts,
        )


async def run_generation(ctx: AppContext, generation_id: int) -> None:
    # Wait for a render slot before claiming: until then the job stays queued (cancellable at
    # once, and its queue position stays true). The slot is given back once the picture is
    # made: storing it and finishing the job overlap with the next job's render. A light
    # renderer's jobs need no slot (ADR 0016): they run up to jobs.concurrency at once, each
    # claimed only when it starts, so a job waiting for its turn is still queued all the same.
    slot = None if _light(ctx) else ctx.render_slots
    if slot is not None:
        await slot.acquire()
    try:
        generation = await _claim(ctx, generation_id)
    except BaseException:
        if slot is not None:
            slot.release()
        raise
    if generation is None:
        if slot is not None:
            slot.release()
        return
    await _render(ctx, generation, slot)


def _light(ctx: AppContext) -> bool:
    try:
        return ctx.renderer().light
    except Exception:
        # A renderer that cannot be built (RendererUnavailable): the job takes a slot and fails
        # in _render, refunded, as before.
        return False


async def _render(ctx: AppContext, generation: Generation, slot: asyncio.Semaphore | None) -> None:
    shared = _Shared()

    def progress(value: float) -> None:
        shared.progress = round(max(0.0, min(1.0, value)), 3)

    stop = asyncio.Event()
    beat = asyncio.create_task(_heartbeat(ctx, generation, shared, stop))
    try:
        try:
            handler = handler_for(generation.purpose)
            request = handler.build_request(generation)
            # In a thread even for a light renderer: rendered on the loop, the no-op canvases
            # of a burst of jobs were all alive at once (the embedded app held ~600 MiB after
            # 300 jobs instead of ~300) for no measurable gain in jobs a second.
            result = await asyncio.to_thread(
                ctx.renderer().render, request, progress, lambda: shared.cancel
            )
        finally:
            if slot is not None:
                slot.release()
        keys = await handler.store(ctx, generation, request, result)
    except RenderCancelled:
        if not shared.lost:
            await _end(ctx, generation, GenerationStatus.CANCELLED, None)
        return
    except RenderError as exc:
        log.warning("generation %s failed: %s", generation.id, exc)
        await _end(ctx, generation, GenerationStatus.FAILED, str(exc)[:250] or type(exc).__name__)
        return
    except Exception as exc:
        # A bug would fail the same way on every retry: end it now, refunded, and say so.
        log.exception("generation %s crashed", generation.id)
        await _end(
            ctx, generation, GenerationStatus.FAILED, f"Internal error ({type(exc).__name__})"
        )
        return
    finally:
        stop.set()
        # Shielded: if this job is cancelled meanwhile, the beat still ends its transaction
        # and stops on its own.
        await asyncio.shield(beat)
    if not await _succeed(ctx, handler, generation, keys, result):
        # The job was taken from us (cancelled or swept) while we stored: drop our files.
        for key in keys:
            await ctx.storage.delete(key)


def register(ctx: AppContext) -> None:
    async def render_generation(generation_id: int) -> None:
        await run_generation(ctx, generation_id)

    ctx.jobs.register(RENDER_JOB, render_generation)

"""Submitting, cancelling and ending generation jobs: a job is charged when it is submitted and
refunded exactly once when it ends without succeeding, in the transaction that ends it, and its
purpose's handler runs in that same transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import user_room
from mygemini.models.base import utcnow
from mygemini.models.pipeline import Generation, GenerationStatus, Purpose
from mygemini.pipeline.messages import GenerationFinished, GenerationProgress
from mygemini.pipeline.purposes import UnknownPurpose, handler_for
from mygemini.pipeline.queue import enqueue_render
from mygemini.pipeline.repository import GenerationRepository
from mygemini.wallet import service as wallet

log = logging.getLogger(__name__)


async def submit(
    uow: UnitOfWork,
    ctx: AppContext,
    *,
    owner: int,
    recipe: dict[str, Any],
    seed: int,
    cost: int,
    purpose: Purpose,
    ref: str | None = None,
) -> Generation:
    """Queue a job (sent to the broker after commit), charging `cost` stars to `owner`."""
    handler_for(purpose)  # refuse a purpose nobody handles before anything is written
    generation = await GenerationRepository(uow.session).add(
        Generation(
            user_id=owner,
            purpose=purpose,
            ref=ref,
            recipe=recipe,
            seed=seed,
            cost=cost,
            status=GenerationStatus.QUEUED,
        )
    )
    if cost:
        key = f"generation:{generation.id}"
        await wallet.move(uow, owner, -cost, "generation", key, f"{key}:debit")
    enqueue_render(uow, ctx, generation.id)
    return generation


async def cancel(uow: UnitOfWork, ctx: AppContext, generation: Generation) -> Generation:
    """A queued job ends now (refunded); a running one is asked to stop between steps. The
    job as it is now."""
    generations = GenerationRepository(uow.session)
    ended = generation.status == GenerationStatus.QUEUED and await end_unsuccessfully(
        uow, ctx, generation, GenerationStatus.CANCELLED, None, (GenerationStatus.QUEUED,)
    )
    if not ended:
        await generations.request_cancel(generation.id)
    fresh = await generations.get_fresh(generation.id)
    assert fresh is not None
    return fresh


async def discard(uow: UnitOfWork, purpose: Purpose, refs: Sequence[str]) -> Sequence[str]:
    """Forget the jobs of what their owner deleted: a worker still rendering one loses it (and
    drops its files); the result keys stored so far are returned for the caller to delete after
    commit. Nothing is refunded: what the jobs cost is the deleted thing's to return."""
    return await GenerationRepository(uow.session).delete_refs(purpose, refs)


async def end_unsuccessfully(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: GenerationStatus,
    error: str | None,
    from_status: tuple[GenerationStatus, ...],
    attempt: int | None = None,
) -> bool:
    """Mark failed/cancelled, refund and run the purpose's handler in the same transaction;
    False if someone else ended it first (then nothing is refunded here). A worker passes its
    `attempt`, so a stale worker can never end a later attempt."""
    moved = await GenerationRepository(uow.session).end(
        generation.id, from_status, status, error, utcnow(), attempt=attempt
    )
    if not moved:
        return False
    if generation.cost:
        key = f"generation:{generation.id}"
        await wallet.move(uow, generation.user_id, generation.cost, "refund", key, f"{key}:refund")
    try:
        handler = handler_for(generation.purpose)
    except UnknownPurpose:
        # Ended and refunded all the same: a job nobody handles must not stay running forever.
        log.error("generation %s has no handler for %r", generation.id, generation.purpose)
        return True
    ended = handler.failed if status == GenerationStatus.FAILED else handler.cancelled
    await ended(uow, ctx, generation, status, error)
    return True


def emit_progress(uow: UnitOfWork, ctx: AppContext, generation: Generation, position: int) -> None:
    ctx.realtime.send(
        uow,
        GenerationProgress(id=generation.id, progress=generation.progress, position=position),
        room=user_room(generation.user_id),
    )


def emit_finished(
    uow: UnitOfWork,
    ctx: AppContext,
    user_id: int,
    generation_id: int,
    status: GenerationStatus,
    gemini_id: int | None,
    notification_id: int | None = None,
) -> None:
    # Validated, not constructed: only an ending status fits the event.
    finished = GenerationFinished.model_validate(
        {
            "id": generation_id,
            "status": str(status),
            "gemini_id": gemini_id,
            "notification_id": notification_id,
        }
    )
    ctx.realtime.send(uow, finished, room=user_room(user_id))

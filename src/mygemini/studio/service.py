"""Generation requests: validate the recipe, charge stars and queue the job in one transaction;
read, list and cancel jobs; end them with a refund when they do not succeed."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.realtime import user_room
from mygemini.core.storage import Storage
from mygemini.gallery import fourcuts
from mygemini.gallery.repository import GeminiRepository
from mygemini.models import User
from mygemini.models.base import utcnow
from mygemini.models.studio import UNFINISHED, Generation
from mygemini.notifications.service import notify
from mygemini.render.base import MAX_SEED
from mygemini.studio import errors
from mygemini.studio.catalog import Recipe, RecipeError, load_catalog
from mygemini.studio.messages import GenerationFinished, GenerationProgress
from mygemini.studio.prompt import PromptError, build_prompt
from mygemini.studio.queue import enqueue_render
from mygemini.studio.repository import GenerationRepository
from mygemini.studio.schemas import GenerationOut, GenerationPage, RecipeIn, RecipeView
from mygemini.wallet import service as wallet


def checked_recipe(recipe_in: RecipeIn) -> Recipe:
    """The recipe as the catalog understands it; raises a 4xx naming what is wrong."""
    recipe = Recipe(
        attributes=dict(recipe_in.attributes),
        extra_prompt=recipe_in.extra_prompt,
        seed=recipe_in.seed,
    )
    try:
        build_prompt(load_catalog(), recipe)
    except RecipeError as exc:
        raise errors.InvalidRecipe(str(exc)) from exc
    except PromptError as exc:
        raise errors.RejectedPrompt(str(exc)) from exc
    return recipe


def recipe_json(recipe: Recipe) -> dict[str, Any]:
    return {"attributes": dict(recipe.attributes), "extra_prompt": recipe.extra_prompt or None}


async def view(
    uow: UnitOfWork, generation: Generation, thumbnail_url: str | None = None
) -> GenerationOut:
    return GenerationOut(
        id=generation.id,
        status=generation.status,
        progress=generation.progress,
        position=await GenerationRepository(uow.session).position(generation),
        cost=generation.cost,
        seed=generation.seed,
        gemini_id=generation.gemini_id,
        error=generation.error,
        created_at=generation.created_at,
        finished_at=generation.finished_at,
        recipe=RecipeView.model_validate(generation.recipe),
        thumbnail_url=thumbnail_url,
    )


async def request_generation(
    uow: UnitOfWork, ctx: AppContext, user: User, recipe_in: RecipeIn
) -> GenerationOut:
    recipe = checked_recipe(recipe_in)
    settings = ctx.settings.studio
    # Lock the wallet row first: the job limit and the balance are then checked and changed by
    # one request of this person at a time.
    await wallet.balance(uow, user.id, lock=True)
    generations = GenerationRepository(uow.session)
    if await generations.count_unfinished(user.id) >= settings.max_unfinished_per_person:
        raise errors.TooManyGenerations()
    generation = await generations.add(
        Generation(
            user_id=user.id,
            recipe=recipe_json(recipe),
            seed=recipe.seed if recipe.seed is not None else secrets.randbelow(MAX_SEED + 1),
            cost=settings.generation_cost,
            status="queued",
        )
    )
    if generation.cost:
        ref = f"generation:{generation.id}"
        await wallet.move(uow, user.id, -generation.cost, "generation", ref, f"{ref}:debit")
    enqueue_render(uow, ctx, generation.id)
    out = await view(uow, generation)
    emit_progress(uow, ctx, generation, out.position)
    return out


async def _owned(uow: UnitOfWork, user: User, generation_id: int) -> Generation:
    generation = await GenerationRepository(uow.session).get(generation_id)
    # Four-cut frames are the system's jobs: people see the four-cut, not its frames.
    if generation is None or generation.user_id != user.id or generation.kind != "portrait":
        raise errors.GenerationNotFound()
    return generation


async def _thumbnails(
    uow: UnitOfWork, storage: Storage, rows: Sequence[Generation]
) -> dict[int, str]:
    """gemini id → thumbnail URL for the finished rows, in one query."""
    ids = [g.gemini_id for g in rows if g.gemini_id is not None]
    return {
        g.id: storage.url(g.thumbnail_key) for g in await GeminiRepository(uow.session).many(ids)
    }


async def read(uow: UnitOfWork, ctx: AppContext, user: User, generation_id: int) -> GenerationOut:
    generation = await _owned(uow, user, generation_id)
    thumbs = await _thumbnails(uow, ctx.storage, [generation])
    return await view(uow, generation, thumbs.get(generation.gemini_id or 0))


async def history(
    uow: UnitOfWork, ctx: AppContext, user: User, cursor: str | None, limit: int
) -> GenerationPage:
    rows = await GenerationRepository(uow.session).page(user.id, decode_cursor(cursor), limit + 1)
    page, next_cursor = split_page(rows, limit, lambda g: g.id)
    thumbs = await _thumbnails(uow, ctx.storage, page)
    return GenerationPage(
        items=[await view(uow, g, thumbs.get(g.gemini_id or 0)) for g in page],
        next_cursor=next_cursor,
    )


async def cancel(uow: UnitOfWork, ctx: AppContext, user: User, generation_id: int) -> GenerationOut:
    """A queued job ends now (refunded); a running one is asked to stop between steps."""
    generation = await _owned(uow, user, generation_id)
    if generation.status not in UNFINISHED:
        raise errors.GenerationFinished()
    generations = GenerationRepository(uow.session)
    ended = generation.status == "queued" and await end_unsuccessfully(
        uow, ctx, generation, "cancelled", None, ("queued",)
    )
    if not ended:
        await generations.transition(generation.id, ("running",), cancel_requested=True)
    fresh = await generations.get_fresh(generation.id)
    assert fresh is not None
    return await view(uow, fresh)


async def end_unsuccessfully(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: str,
    error: str | None,
    from_status: tuple[str, ...],
    attempt: int | None = None,
) -> bool:
    """Mark failed/cancelled and refund in the same transaction; False if someone else ended
    it first (then nothing is refunded here). A worker passes its `attempt`, so a stale worker
    can never end a later attempt."""
    moved = await GenerationRepository(uow.session).transition(
        generation.id,
        from_status,
        attempt=attempt,
        status=status,
        error=error,
        finished_at=utcnow(),
    )
    if not moved:
        return False
    if generation.cost:
        ref = f"generation:{generation.id}"
        await wallet.move(uow, generation.user_id, generation.cost, "refund", ref, f"{ref}:refund")
    if generation.kind == "fourcut_frame" and generation.fourcut_id is not None:
        # Without this frame the strip cannot be made, whatever ended it.
        await fourcuts.frame_failed(uow, ctx, generation.fourcut_id)
        return True
    if status == "failed":
        await notify(
            uow,
            ctx.realtime,
            generation.user_id,
            "generation.failed",
            {"generation_id": generation.id, "error": error},
        )
    emit_finished(uow, ctx, generation.user_id, generation.id, status, None)
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
    status: str,
    gemini_id: int | None,
) -> None:
    # Validated, not constructed: `status` is the job row's string, and only an ending one fits.
    finished = GenerationFinished.model_validate(
        {"id": generation_id, "status": status, "gemini_id": gemini_id}
    )
    ctx.realtime.send(uow, finished, room=user_room(user_id))

"""Portrait requests: validate the recipe and submit the job to the generation pipeline (which
charges the stars) in one transaction; read, list and cancel a person's portrait jobs."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.storage import Storage
from mygemini.models import User
from mygemini.models.pipeline import UNFINISHED, Generation, Purpose
from mygemini.pipeline import cancel as cancel_job
from mygemini.pipeline import submit
from mygemini.pipeline.repository import GenerationRepository
from mygemini.pipeline.service import emit_progress
from mygemini.render.base import MAX_SEED
from mygemini.studio import errors
from mygemini.studio.catalog import Recipe, RecipeError, load_catalog
from mygemini.studio.prompt import PromptError, build_prompt
from mygemini.studio.repository import thumbnail_keys
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
        batch=generation.ref if generation.ref and generation.ref.startswith("vary:") else None,
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
    if await generations.count_unfinished_summons(user.id) >= settings.max_unfinished_per_person:
        raise errors.TooManyGenerations()
    generation = await submit(
        uow,
        ctx,
        owner=user.id,
        recipe=recipe_json(recipe),
        seed=recipe.seed if recipe.seed is not None else secrets.randbelow(MAX_SEED + 1),
        cost=settings.generation_cost,
        purpose=Purpose.PORTRAIT,
    )
    out = await view(uow, generation)
    emit_progress(uow, ctx, generation, out.position)
    return out


async def _owned(uow: UnitOfWork, user: User, generation_id: int) -> Generation:
    generation = await GenerationRepository(uow.session).get(generation_id)
    # Four-cut frames are the system's jobs: people see the four-cut, not its frames.
    if (
        generation is None
        or generation.user_id != user.id
        or generation.purpose != Purpose.PORTRAIT
    ):
        raise errors.GenerationNotFound()
    return generation


async def _thumbnails(
    uow: UnitOfWork, storage: Storage, rows: Sequence[Generation]
) -> dict[int, str]:
    """gemini id → thumbnail URL for the finished rows, in one query."""
    ids = [g.gemini_id for g in rows if g.gemini_id is not None]
    return {
        gemini_id: storage.url(key)
        for gemini_id, key in (await thumbnail_keys(uow.session, ids)).items()
    }


async def read(uow: UnitOfWork, ctx: AppContext, user: User, generation_id: int) -> GenerationOut:
    generation = await _owned(uow, user, generation_id)
    thumbs = await _thumbnails(uow, ctx.storage, [generation])
    return await view(uow, generation, thumbs.get(generation.gemini_id or 0))


async def history(
    uow: UnitOfWork, ctx: AppContext, user: User, cursor: str | None, limit: int
) -> GenerationPage:
    rows = await GenerationRepository(uow.session).page(
        user.id, Purpose.PORTRAIT, decode_cursor(cursor), limit + 1
    )
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
    return await view(uow, await cancel_job(uow, ctx, generation))

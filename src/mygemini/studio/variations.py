"""Vary: one recipe summoned with several new seeds at once. The summons are ordinary portrait
jobs sharing a batch ref, charged together in one transaction (all or none), counted as one
summon against the person's limit of unfinished ones; each one that succeeds is a private gemini
the person keeps, publishes or deletes like any other."""

from __future__ import annotations

import secrets

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models import User
from mygemini.models.pipeline import Purpose
from mygemini.pipeline import submit
from mygemini.pipeline.repository import GenerationRepository
from mygemini.pipeline.service import emit_progress
from mygemini.render.base import MAX_SEED
from mygemini.studio import errors
from mygemini.studio.schemas import RecipeIn, VaryOut
from mygemini.studio.service import checked_recipe, recipe_json, view
from mygemini.wallet import service as wallet
from mygemini.wallet.errors import InsufficientStars

BATCH_PREFIX = "vary:"


def shares(price: int, count: int) -> list[int]:
    """`price` split over `count` jobs (the first ones carry the remainder): each job refunds
    its own share if it fails, and the shares add up to the price."""
    return [price // count + (1 if i < price % count else 0) for i in range(count)]


def seeds(count: int) -> list[int]:
    """`count` different random seeds."""
    drawn: set[int] = set()
    while len(drawn) < count:
        drawn.add(secrets.randbelow(MAX_SEED + 1))
    return list(drawn)


async def vary(uow: UnitOfWork, ctx: AppContext, user: User, recipe_in: RecipeIn) -> VaryOut:
    if recipe_in.seed is not None:
        raise errors.VarySeedGiven()
    recipe = checked_recipe(recipe_in)
    settings = ctx.settings.studio
    price, count = settings.vary_price, settings.vary_count
    # The wallet row first, locked: the limit and the balance are checked and changed by one
    # request of this person at a time (as for a single summon).
    if await wallet.balance(uow, user.id, lock=True) < price:
        raise InsufficientStars()
    generations = GenerationRepository(uow.session)
    if await generations.count_unfinished_summons(user.id) >= settings.max_unfinished_per_person:
        raise errors.TooManyGenerations()
    batch = BATCH_PREFIX + secrets.token_hex(8)
    jobs = [
        await submit(
            uow,
            ctx,
            owner=user.id,
            recipe=recipe_json(recipe),
            seed=seed,
            cost=cost,
            purpose=Purpose.PORTRAIT,
            ref=batch,
        )
        for seed, cost in zip(seeds(count), shares(price, count), strict=True)
    ]
    items = [await view(uow, job) for job in jobs]
    for job, out in zip(jobs, items, strict=True):
        emit_progress(uow, ctx, job, out.position)
    return VaryOut(batch=batch, cost=price, items=items)

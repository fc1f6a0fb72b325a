"""Portraits: the purpose of a studio generation. A succeeded job becomes a gemini, in the
transaction that ends the job."""

from __future__ import annotations

import json

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.storage import Upload, new_key
from mygemini.gallery.repository import GeminiRepository
from mygemini.models import Gemini, Generation, GenerationStatus
from mygemini.notifications import GenerationFailed, GenerationSucceeded, notify
from mygemini.pipeline import PurposeHandler, Recorded, emit_finished
from mygemini.render.base import RenderRequest, RenderResult
from mygemini.render.png import encode_png, format_parameters, make_thumbnail
from mygemini.studio.prompt import stored_request


def _request(generation: Generation) -> RenderRequest:
    return stored_request(generation.recipe, generation.seed)


async def _store(
    ctx: AppContext, generation: Generation, request: RenderRequest, result: RenderResult
) -> tuple[str, ...]:
    """The original PNG keeps the full recipe (seed included): only the owner (or everyone,
    once they share the seed) is given it; others see a thumbnail, and a copy without metadata
    made when the gemini is published (gallery/media.py). Each file its own random key, private
    until the gemini is published: no key tells another (the original cannot be guessed from
    the thumbnail)."""
    parameters = format_parameters(request.prompt, request.negative_prompt, result.metadata[0])
    recipe = json.dumps({**generation.recipe, "seed": generation.seed}, ensure_ascii=False)

    keys = (
        new_key("geminis", "png", public=False),
        new_key("geminis", "webp", public=False),
    )

    def encode() -> tuple[Upload, ...]:
        image = result.image
        return (
            (keys[0], encode_png(image, parameters, recipe), "image/png"),
            (keys[1], make_thumbnail(image), "image/webp"),
        )

    # Encoding takes milliseconds of CPU: in the thread that writes the files, so the event loop
    # (the embedded API serves requests on it) stays free meanwhile.
    await ctx.storage.put_many(encode)
    return keys


async def _record(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> Recorded:
    """The gemini, before the job's row is marked succeeded (which records its id): a new row,
    which no other transaction can be holding."""
    meta = result.metadata[0]
    gemini = await GeminiRepository(uow.session).add(
        Gemini(
            owner_id=generation.user_id,
            image_key=keys[0],
            thumbnail_key=keys[1],
            recipe=generation.recipe,
            seed=generation.seed,
            backend=meta.backend,
            model=meta.model,
            width=meta.width,
            height=meta.height,
        )
    )
    return Recorded(gemini_id=gemini.id)


async def _succeeded(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> None:
    gemini_id = generation.gemini_id
    assert gemini_id is not None  # recorded by _record
    note = await notify(
        uow,
        ctx.realtime,
        generation.user_id,
        GenerationSucceeded(generation_id=generation.id, gemini_id=gemini_id),
    )
    emit_finished(
        uow, ctx, generation.user_id, generation.id, GenerationStatus.SUCCEEDED, gemini_id, note
    )


async def _failed(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: GenerationStatus,
    error: str | None,
) -> None:
    note = await notify(
        uow,
        ctx.realtime,
        generation.user_id,
        GenerationFailed(generation_id=generation.id, error=error),
    )
    emit_finished(uow, ctx, generation.user_id, generation.id, status, None, note)


async def _cancelled(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: GenerationStatus,
    error: str | None,
) -> None:
    emit_finished(uow, ctx, generation.user_id, generation.id, status, None)


HANDLER = PurposeHandler(
    build_request=_request,
    store=_store,
    record=_record,
    succeeded=_succeeded,
    failed=_failed,
    cancelled=_cancelled,
)

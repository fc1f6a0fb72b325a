from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response

from mygemini.auth import CurrentUser, ThrottledUser
from mygemini.core.context import Ctx
from mygemini.core.language import language_of
from mygemini.core.pagination import CursorParam, IdPath, LimitParam
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.studio import previews, service, variations
from mygemini.studio.catalog import load_catalog
from mygemini.studio.catalog_view import catalog_out, vocabulary_out
from mygemini.studio.schemas import (
    CatalogOut,
    GenerationIn,
    GenerationOut,
    GenerationPage,
    PreviewIn,
    VaryIn,
    VaryOut,
    VocabularyOut,
)

router = APIRouter(route_class=TransactionalRoute, prefix="/studio", tags=["studio"])

Slug = Annotated[str, Path(pattern=r"^[a-z0-9_]{1,40}$")]


@router.get("/catalog")
async def catalog(
    ctx: Ctx, response: Response, accept_language: Annotated[str | None, Header()] = None
) -> CatalogOut:
    """Categories, options and presets with preview images, in the caller's language. Public."""
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Vary"] = "Accept-Language"
    studio = ctx.settings.studio
    return catalog_out(
        load_catalog(),
        language_of(accept_language),
        studio.generation_cost,
        studio.vary_count,
        studio.vary_price,
    )


@router.get("/vocabulary")
async def vocabulary(
    ctx: Ctx, response: Response, accept_language: Annotated[str | None, Header()] = None
) -> VocabularyOut:
    """Which words of an extra prompt the configured renderer reads: all of them with a diffusion
    renderer; with the built-in renderer only these props and moods (Korean and English). Public."""
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Vary"] = "Accept-Language"
    return vocabulary_out(language_of(accept_language), ctx.settings.render.backend)


@router.get(
    "/previews/{category_id}/{option_id}.webp",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}}, **error_responses(404)},
)
async def preview(category_id: Slug, option_id: Slug, ctx: Ctx) -> Response:
    """One option (or preset, with category `preset`) drawn on the neutral preview face. Public."""
    data = await previews.preview(ctx.settings.data_dir / "previews", category_id, option_id)
    assert data is not None
    return Response(
        data, media_type="image/webp", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.post(
    "/preview",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}}, **error_responses(401, 422, 429)},
)
async def recipe_preview(body: PreviewIn, user: ThrottledUser) -> Response:
    """The whole recipe as it is being picked, drawn by the built-in renderer at 384x510 with a
    fixed seed (never what a summon's own seed adds). Free; rate-limited per person. Unknown
    categories or options are 422; a recipe still being picked is completed (missing required
    categories take their first option, ones that no longer apply are dropped)."""
    data = await previews.recipe_preview(body.attributes)
    return Response(
        data, media_type="image/webp", headers={"Cache-Control": "private, max-age=3600"}
    )


@router.post("/generations", status_code=202, responses=error_responses(400, 402, 429))
async def request_generation(
    body: GenerationIn, user: CurrentUser, uow: Uow, ctx: Ctx
) -> GenerationOut:
    """Charge the cost in stars and queue the portrait; progress arrives over socket.io."""
    return await service.request_generation(uow, ctx, user, body.recipe)


@router.post("/generations/vary", status_code=202, responses=error_responses(400, 402, 429))
async def vary(body: VaryIn, user: CurrentUser, uow: Uow, ctx: Ctx) -> VaryOut:
    """Summon one recipe with several new seeds at once (all charged together, or none)."""
    return await variations.vary(uow, ctx, user, body.recipe)


@router.get("/generations", responses=error_responses(400))
async def my_generations(
    user: CurrentUser, uow: Uow, ctx: Ctx, cursor: CursorParam = None, limit: LimitParam = 20
) -> GenerationPage:
    """My generations, newest first."""
    return await service.history(uow, ctx, user, cursor, limit)


@router.get("/generations/{generation_id}", responses=error_responses(404))
async def read_generation(
    generation_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx
) -> GenerationOut:
    """One of my generations (others' are 404)."""
    return await service.read(uow, ctx, user, generation_id)


@router.post("/generations/{generation_id}/cancel", responses=error_responses(404, 409))
async def cancel_generation(
    generation_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx
) -> GenerationOut:
    """Cancel: a queued job ends at once with a refund; a running one stops between steps."""
    return await service.cancel(uow, ctx, user, generation_id)

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import StringConstraints

from mygemini.accounts.profiles import person
from mygemini.auth import CurrentUser, CurrentViewer, OptionalViewer
from mygemini.core.context import AppContext, Ctx
from mygemini.core.language import language_of
from mygemini.core.pagination import CursorParam, IdPath
from mygemini.core.transaction import TransactionalRoute, Uow, model_response
from mygemini.errors import error_responses
from mygemini.gallery import feeds, filters, fourcuts, likes, rankings, saves, service
from mygemini.gallery.feed_route import FeedRoute
from mygemini.gallery.repository import FourcutRepository
from mygemini.gallery.schemas import (
    AvatarIn,
    FeedPage,
    FourcutList,
    FourcutOut,
    FourcutPage,
    GeminiOut,
    GeminiPage,
    GeminiUpdate,
    LikeOut,
    RankingOut,
    RecipeOut,
    SaveOut,
)
from mygemini.gallery.windows import Period

router = APIRouter(route_class=TransactionalRoute, tags=["gallery"])

REDIRECT = {
    "description": "Redirect to the image",
    "headers": {"Location": {"description": "The image URL", "schema": {"type": "string"}}},
}
FeedLimit = Annotated[
    int, Query(ge=1, le=feeds.MAX_LIMIT, description=f"Page size (at most {feeds.MAX_LIMIT})")
]
Language = Annotated[str | None, Header(alias="accept-language")]
AttrFilters = Annotated[
    list[Annotated[str, StringConstraints(pattern=filters.ATTR_PATTERN)]] | None,
    Query(
        max_length=filters.MAX_ATTRS,
        description=(
            "A look to match, `<category_id>:<option_id>` from the studio catalog; repeat it "
            f"(at most {filters.MAX_ATTRS}) and every one must match"
        ),
    ),
]
NameSearch = Annotated[
    str | None,
    Query(
        max_length=filters.MAX_QUERY,
        description="Text in the gemini's name (case-insensitive, Korean too)",
    ),
]


@router.get("/geminis/{gemini_id}", responses=error_responses(404))
async def read_gemini(
    gemini_id: IdPath, uow: Uow, ctx: Ctx, viewer: OptionalViewer, accept_language: Language = None
) -> GeminiOut:
    """A gemini: public ones for everybody, private ones for their owner only."""
    return await service.read(uow, ctx.storage, gemini_id, viewer, language_of(accept_language))


@router.patch("/geminis/{gemini_id}", responses=error_responses(403, 404))
async def update_gemini(
    gemini_id: IdPath,
    body: GeminiUpdate,
    user: CurrentUser,
    uow: Uow,
    ctx: Ctx,
    accept_language: Language = None,
) -> GeminiOut:
    """Name, describe, publish or unpublish my gemini (likes survive either way)."""
    return await service.update(
        uow, ctx, ctx.storage, user, gemini_id, body, language_of(accept_language)
    )


@router.delete("/geminis/{gemini_id}", status_code=204, responses=error_responses(403, 404))
async def delete_gemini(gemini_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> Response:
    """Delete my gemini and its files."""
    await service.delete(uow, ctx.storage, user, gemini_id)
    return Response(status_code=204)


@router.get(
    "/geminis/{gemini_id}/avatar",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: REDIRECT, **error_responses(404)},
)
async def gemini_avatar(gemini_id: IdPath, uow: Uow, ctx: Ctx) -> RedirectResponse:
    """The image of a gemini worn as a profile picture. Public."""
    target = await service.avatar_target(
        uow, ctx.storage, gemini_id, ctx.settings.storage.avatar_url_seconds
    )
    # Asked afresh each time: the target may be a short-lived signed URL.
    return RedirectResponse(target, 302, headers={"Cache-Control": "no-cache"})


@router.put("/me/avatar", status_code=204, responses=error_responses(404))
async def set_avatar(body: AvatarIn, user: CurrentUser, uow: Uow) -> Response:
    """Wear one of my geminis as my profile picture."""
    await service.set_avatar(uow, user, body.gemini_id)
    return Response(status_code=204)


@router.put("/geminis/{gemini_id}/like", responses=error_responses(403, 404))
async def like(gemini_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> LikeOut:
    """Like someone else's gemini (idempotent); liking my own is refused (403)."""
    return await likes.like(uow, ctx, user, gemini_id)


@router.delete("/geminis/{gemini_id}/like", responses=error_responses(404))
async def unlike(gemini_id: IdPath, user: CurrentUser, uow: Uow) -> LikeOut:
    """Take a like back (idempotent)."""
    return await likes.unlike(uow, user, gemini_id)


@router.put("/geminis/{gemini_id}/save", responses=error_responses(404))
async def save(gemini_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> SaveOut:
    """Bookmark a gemini I can see into my "saved" list (idempotent)."""
    return await saves.save(uow, ctx, user, gemini_id)


@router.delete("/geminis/{gemini_id}/save", responses=error_responses(404))
async def unsave(gemini_id: IdPath, user: CurrentUser, uow: Uow) -> SaveOut:
    """Take a gemini out of my "saved" list (idempotent)."""
    return await saves.unsave(uow, user, gemini_id)


@router.get("/geminis/{gemini_id}/recipe", responses=error_responses(404))
async def recipe(gemini_id: IdPath, uow: Uow, viewer: OptionalViewer) -> RecipeOut:
    """The attributes to copy into the studio; the seed only if the owner shares it."""
    return await service.recipe(uow, gemini_id, viewer)


@router.get("/geminis/{gemini_id}/fourcuts", responses=error_responses(404))
async def gemini_fourcuts(
    gemini_id: IdPath, uow: Uow, ctx: Ctx, viewer: OptionalViewer
) -> FourcutList:
    """The gemini's four-cut strips, newest first."""
    gemini = await service.visible(uow, gemini_id, viewer)
    rows = await FourcutRepository(uow.session).of_gemini(gemini.id)
    return FourcutList(items=[fourcuts.view(ctx, f) for f in rows])


@router.post(
    "/geminis/{gemini_id}/fourcuts", status_code=202, responses=error_responses(402, 403, 404)
)
async def order_fourcut(gemini_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> FourcutOut:
    """Order an expression four-cut of my gemini (costs stars; refunded if it fails)."""
    gemini = await service.owned(uow, gemini_id, user)
    fourcut = await fourcuts.order(
        uow,
        ctx,
        gemini,
        cost=fourcuts.ORDER_COST,
        caption=gemini.name or "mygemini",
        reason={"ordered": True},
    )
    return fourcuts.view(ctx, fourcut)


@router.get("/me/geminis", responses=error_responses(400))
async def my_geminis(
    user: CurrentViewer, ctx: Ctx, cursor: CursorParam = None, limit: FeedLimit = 24
) -> GeminiPage:
    """My geminis, private ones included, newest first."""
    return await feeds.my_page(ctx, user.id, cursor, limit)


@router.get("/users/{nickname}/geminis", responses=error_responses(400, 404))
async def user_geminis(
    nickname: str,
    uow: Uow,
    ctx: Ctx,
    viewer: OptionalViewer,
    cursor: CursorParam = None,
    limit: FeedLimit = 24,
) -> FeedPage:
    """A person's public geminis, newest first. Public."""
    owner = await person(uow, nickname)
    return await feeds.person_feed(ctx, owner.id, viewer, cursor, limit)


@router.get("/users/{nickname}/fourcuts", responses=error_responses(400, 404))
async def user_fourcuts(
    nickname: str,
    uow: Uow,
    ctx: Ctx,
    viewer: OptionalViewer,
    cursor: CursorParam = None,
    limit: FeedLimit = 24,
) -> FourcutPage:
    """A person's finished four-cut strips, newest first (all of them for the person). Public."""
    owner = await person(uow, nickname)
    return await fourcuts.of_person(uow, ctx, owner, viewer, cursor, limit)


async def feed(
    request: Request,
    viewer: OptionalViewer,
    kind: feeds.FeedKind = "latest",
    attr: AttrFilters = None,
    q: NameSearch = None,
    cursor: CursorParam = None,
    limit: FeedLimit = feeds.DEFAULT_LIMIT,
) -> Response:
    """Public geminis: latest, from people I follow, most liked, or the ones I saved (mine
    also when private), filtered by look (`attr`, all must match) and by name (`q`). Public."""
    # The context from the app rather than `Ctx`: one dependency less to solve on a hot read.
    ctx: AppContext = request.app.state.ctx
    wanted = filters.parse(attr or [], q)
    return model_response(await feeds.feed(ctx, kind, viewer, wanted, cursor, limit))


# Declared as `@router.get` would, with a route that answers plainly valid queries by hand first.
router.add_api_route(
    "/feed",
    feed,
    methods=["GET"],
    response_model=FeedPage,
    responses=error_responses(400, 422),
    route_class_override=FeedRoute,
)


@router.get("/rankings/{period}")
async def ranking(
    period: Period,
    uow: Uow,
    ctx: Ctx,
    viewer: OptionalViewer,
    which: Annotated[Literal["current", "previous"], Query(alias="period")] = "current",
) -> RankingOut:
    """TOP 5 of the current (live) or previous (frozen) day or week. Public."""
    return await rankings.ranking(uow, ctx, period, which, viewer)

from __future__ import annotations

from fastapi import APIRouter

from mygemini.accounts.dependencies import CurrentUser, OptionalUser
from mygemini.core.context import Ctx
from mygemini.core.pagination import CursorParam, LimitParam
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.gallery import service
from mygemini.gallery.schemas import GeminiOut, GeminiPage

router = APIRouter(route_class=TransactionalRoute, tags=["gallery"])


@router.get("/geminis/{gemini_id}")
async def read_gemini(gemini_id: int, uow: Uow, ctx: Ctx, viewer: OptionalUser) -> GeminiOut:
    """A gemini: public ones for everybody, private ones for their owner only."""
    return await service.read(uow, ctx.storage, gemini_id, viewer)


@router.get("/me/geminis")
async def my_geminis(
    user: CurrentUser, uow: Uow, ctx: Ctx, cursor: CursorParam = None, limit: LimitParam = 24
) -> GeminiPage:
    """My geminis, private ones included, newest first."""
    return await service.mine(uow, ctx.storage, user, cursor, limit)

"""The "saved" list: geminis a person bookmarks to find again (their own or others' public ones)."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.gallery.repository import SaveRepository
from mygemini.gallery.schemas import SaveOut
from mygemini.gallery.service import visible
from mygemini.models import User


async def save(uow: UnitOfWork, ctx: AppContext, user: User, gemini_id: int) -> SaveOut:
    gemini = await visible(uow, gemini_id, user)
    await SaveRepository(uow.session).add(user.id, gemini.id, ctx.clock())
    return SaveOut(saved=True)


async def unsave(uow: UnitOfWork, user: User, gemini_id: int) -> SaveOut:
    # Like a like, a save can always be taken back, even from a gemini gone private since: only
    # the person's own row is touched. Anyone without one learns nothing (404 below).
    if not await SaveRepository(uow.session).remove(user.id, gemini_id):
        await visible(uow, gemini_id, user)
    return SaveOut(saved=False)

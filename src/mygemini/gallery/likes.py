"""Likes: exact counts under concurrency, milestone notifications; owners cannot like their own."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.gallery.errors import OwnLike
from mygemini.gallery.repository import GeminiRepository, LikeRepository
from mygemini.gallery.schemas import LikeOut
from mygemini.gallery.service import visible
from mygemini.models import User
from mygemini.notifications import LikeMilestone, notify


def milestone_of(count: int) -> int | None:
    """1, 10, 100, 1000, …: the milestone `count` is exactly at, if any."""
    if count < 1:
        return None
    m = 1
    while m < count:
        m *= 10
    return m if m == count else None


async def like(uow: UnitOfWork, ctx: AppContext, user: User, gemini_id: int) -> LikeOut:
    gemini = await visible(uow, gemini_id, user)
    if gemini.owner_id == user.id:
        # Likes are what others think: an owner's own would lift it in the rankings
        # (docs/adr/0013-gallery-discovery.md).
        raise OwnLike()
    likes = LikeRepository(uow.session)
    if await likes.add(user.id, gemini.id, ctx.clock()):
        count = await likes.bump(gemini.id, +1)
        milestone = milestone_of(count)
        if milestone and await likes.claim_milestone(gemini.id, milestone):
            await notify(
                uow,
                ctx.realtime,
                gemini.owner_id,
                LikeMilestone(gemini_id=gemini.id, name=gemini.name, likes=milestone),
            )
    fresh = await GeminiRepository(uow.session).get_fresh(gemini.id)
    assert fresh is not None
    return LikeOut(liked=True, like_count=fresh.like_count)


async def unlike(uow: UnitOfWork, user: User, gemini_id: int) -> LikeOut:
    likes = LikeRepository(uow.session)
    # The one who gave a like can always take it back, even from a gemini that went private
    # since: only their own like row is touched, so the count stays exact and nothing is
    # revealed to anyone who has no like to withdraw (they still get 404 below).
    if await likes.remove(user.id, gemini_id):
        return LikeOut(liked=False, like_count=await likes.bump(gemini_id, -1))
    gemini = await visible(uow, gemini_id, user)
    fresh = await GeminiRepository(uow.session).get_fresh(gemini.id)
    assert fresh is not None
    return LikeOut(liked=False, like_count=fresh.like_count)

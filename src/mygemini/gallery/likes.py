"""Likes (exact counts under concurrency, milestone notifications) and the feeds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

from mygemini.auth import Viewer
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import (
    MAX_ID,
    InvalidCursor,
    decode_cursor,
    decode_keys,
    encode_keys,
    split_page,
)
from mygemini.gallery.repository import GeminiRepository, LikeRepository
from mygemini.gallery.schemas import (
    FeedItem,
    FeedPage,
    GeminiCard,
    GeminiPage,
    LikeOut,
    Visibility,
)
from mygemini.gallery.service import owner_of, visible
from mygemini.models import User
from mygemini.models.gallery import Gemini
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
    likes = LikeRepository(uow.session)
    if await likes.add(user.id, gemini.id, ctx.clock()):
        count = await likes.bump(gemini.id, +1)
        milestone = milestone_of(count)
        if (
            milestone
            and gemini.owner_id != user.id
            and await likes.claim_milestone(gemini.id, milestone)
        ):
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


async def feed_items(
    uow: UnitOfWork, ctx: AppContext, rows: Sequence[Gemini], viewer: Viewer | None
) -> list[FeedItem]:
    """Cards with owners and the viewer's likes in two queries, not one per card."""
    owners = await GeminiRepository(uow.session).owners({g.owner_id for g in rows})
    liked = (
        await LikeRepository(uow.session).liked_ids(viewer.id, [g.id for g in rows])
        if viewer is not None
        else set()
    )
    return [
        FeedItem(
            id=g.id,
            thumbnail_url=ctx.storage.url(g.thumbnail_key),
            name=g.name,
            owner=owner_of(owners[g.owner_id]),
            like_count=g.like_count,
            liked=g.id in liked,
        )
        for g in rows
    ]


async def feed(
    uow: UnitOfWork,
    ctx: AppContext,
    kind: str,
    viewer: Viewer | None,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    geminis = GeminiRepository(uow.session)
    keys = decode_keys(cursor, 2)
    try:
        if kind == "popular":
            after_p = (int(keys[0]), int(keys[1])) if keys else None
            if after_p and not all(0 <= k <= MAX_ID for k in after_p):
                raise ValueError("cursor out of range")
            rows = await geminis.popular(after_p, limit + 1)
        else:
            if kind == "following" and viewer is None:
                return FeedPage(items=[], next_cursor=None)
            after_l = (datetime.fromisoformat(keys[0]), int(keys[1])) if keys else None
            if after_l and (after_l[0].tzinfo is None or not 0 <= after_l[1] <= MAX_ID):
                raise ValueError("cursor out of range")
            if after_l:
                # Normalise to UTC and keep to years every database can hold.
                at = after_l[0].astimezone(UTC)
                if not 2000 <= at.year <= 9000:
                    raise ValueError("cursor out of range")
                after_l = (at, after_l[1])
            followed_by = viewer.id if kind == "following" and viewer is not None else None
            rows = await geminis.latest(after_l, limit + 1, followed_by=followed_by)
    except (ValueError, OverflowError) as exc:
        raise InvalidCursor() from exc
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = (
            encode_keys(last.like_count, last.id)
            if kind == "popular"
            else encode_keys((last.published_at or last.created_at).isoformat(), last.id)
        )
    return FeedPage(items=await feed_items(uow, ctx, rows, viewer), next_cursor=next_cursor)


async def person_feed(
    uow: UnitOfWork,
    ctx: AppContext,
    owner: User,
    viewer: Viewer | None,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    rows = await GeminiRepository(uow.session).owned_page(
        owner.id, decode_cursor(cursor), limit + 1, public_only=True
    )
    page, next_cursor = split_page(rows, limit, lambda g: g.id)
    return FeedPage(items=await feed_items(uow, ctx, page, viewer), next_cursor=next_cursor)


async def my_page(
    uow: UnitOfWork, ctx: AppContext, user: User, cursor: str | None, limit: int
) -> GeminiPage:
    """My geminis, private ones included, newest first."""
    rows = await GeminiRepository(uow.session).owned_page(user.id, decode_cursor(cursor), limit + 1)
    page, next_cursor = split_page(rows, limit, lambda g: g.id)
    cards = await feed_items(uow, ctx, page, user)
    return GeminiPage(
        items=[
            GeminiCard(
                **c.model_dump(), visibility=cast(Visibility, g.visibility), created_at=g.created_at
            )
            for c, g in zip(cards, page, strict=True)
        ],
        next_cursor=next_cursor,
    )

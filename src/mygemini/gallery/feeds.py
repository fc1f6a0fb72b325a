"""The feeds: latest, following, popular and saved (each filterable by look and name), a person's
public geminis and my own. Keyset-paged: a cursor names where the last page ended."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

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
from mygemini.gallery.filters import FeedFilter
from mygemini.gallery.repository import GeminiRepository, LikeRepository, SaveRepository
from mygemini.gallery.schemas import FeedItem, FeedPage, GeminiCard, GeminiPage, Visibility
from mygemini.gallery.service import owner_of
from mygemini.models import User
from mygemini.models.gallery import Gemini


async def feed_items(
    uow: UnitOfWork, ctx: AppContext, rows: Sequence[Gemini], viewer: User | None
) -> list[FeedItem]:
    """Cards with owners and the viewer's likes and saves in three queries, not one per card."""
    owners = await GeminiRepository(uow.session).owners({g.owner_id for g in rows})
    ids = [g.id for g in rows]
    liked: set[int] = set()
    saved: set[int] = set()
    if viewer is not None:
        liked = await LikeRepository(uow.session).liked_ids(viewer.id, ids)
        saved = await SaveRepository(uow.session).saved_ids(viewer.id, ids)
    return [
        FeedItem(
            id=g.id,
            thumbnail_url=ctx.storage.url(g.thumbnail_key),
            name=g.name,
            owner=owner_of(owners[g.owner_id]),
            like_count=g.like_count,
            liked=g.id in liked,
            saved=g.id in saved,
        )
        for g in rows
    ]


def _time_key(keys: list[str] | None) -> tuple[datetime, int] | None:
    """A (time, id) cursor, in UTC and in ranges every database can hold."""
    if not keys:
        return None
    at, key = datetime.fromisoformat(keys[0]), int(keys[1])
    if at.tzinfo is None or not 0 <= key <= MAX_ID:
        raise ValueError("cursor out of range")
    at = at.astimezone(UTC)
    if not 2000 <= at.year <= 9000:
        raise ValueError("cursor out of range")
    return at, key


async def feed(
    uow: UnitOfWork,
    ctx: AppContext,
    kind: str,
    viewer: User | None,
    wanted: FeedFilter,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    geminis = GeminiRepository(uow.session)
    keys = decode_keys(cursor, 2)
    if kind in ("following", "saved") and viewer is None:
        return FeedPage(items=[], next_cursor=None)
    try:
        if kind == "popular":
            after_p = (int(keys[0]), int(keys[1])) if keys else None
            if after_p and not all(0 <= k <= MAX_ID for k in after_p):
                raise ValueError("cursor out of range")
            rows = await geminis.popular(after_p, limit + 1, wanted=wanted)
            ends: list[tuple[int | str, int]] = [(g.like_count, g.id) for g in rows]
        elif kind == "saved":
            assert viewer is not None
            saved = await SaveRepository(uow.session).page(
                viewer.id, _time_key(keys), limit + 1, wanted=wanted
            )
            rows = [g for g, _ in saved]
            ends = [(at.isoformat(), g.id) for g, at in saved]
        else:
            followed_by = viewer.id if kind == "following" and viewer is not None else None
            rows = await geminis.latest(
                _time_key(keys), limit + 1, followed_by=followed_by, wanted=wanted
            )
            ends = [((g.published_at or g.created_at).isoformat(), g.id) for g in rows]
    except (ValueError, OverflowError) as exc:
        raise InvalidCursor() from exc
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_keys(*ends[limit - 1]) if more and rows else None
    return FeedPage(items=await feed_items(uow, ctx, rows, viewer), next_cursor=next_cursor)


async def person_feed(
    uow: UnitOfWork,
    ctx: AppContext,
    owner: User,
    viewer: User | None,
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

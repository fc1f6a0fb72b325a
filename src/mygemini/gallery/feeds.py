"""The feeds: latest, following, popular and saved (each filterable by look and name), a person's
public geminis and my own. Keyset-paged: a cursor names where the last page ended. A page is one
statement on a read connection (feed_repository.py), not an ORM session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from mygemini.accounts.avatars import avatar_url
from mygemini.auth import Viewer
from mygemini.core.context import AppContext
from mygemini.core.pagination import (
    MAX_ID,
    InvalidCursor,
    decode_cursor,
    decode_keys,
    encode_keys,
    split_page,
)
from mygemini.gallery.feed_repository import Card, FeedRepository
from mygemini.gallery.filters import FeedFilter
from mygemini.gallery.schemas import FeedItem, FeedPage, GeminiCard, GeminiPage


def feed_item(ctx: AppContext, card: Card) -> dict[str, Any]:
    """A card as the page's plain data: the page is validated as a whole once (one call into
    pydantic's core, not two per card)."""
    return {
        "id": card["id"],
        "thumbnail_url": ctx.storage.url(card["thumbnail_key"]),
        "name": card["name"],
        "owner": {"nickname": card["nickname"], "avatar_url": avatar_url(card["avatar"])},
        "like_count": card["like_count"],
        "liked": bool(card["liked"]),
        "saved": bool(card["saved"]),
    }


async def cards_of(
    ctx: AppContext, gemini_ids: Sequence[int], viewer: Viewer | None
) -> dict[int, FeedItem]:
    """The feed cards of these geminis (public ones only), by id, in one statement."""
    rows = await FeedRepository(ctx.db).by_ids(gemini_ids, viewer_id=viewer.id if viewer else None)
    return {row["id"]: FeedItem.model_validate(feed_item(ctx, row)) for row in rows}


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


# Page sizes a feed serves, and the one it serves when none is asked for.
MAX_LIMIT = 60
DEFAULT_LIMIT = 24
FeedKind = Literal["latest", "following", "popular", "saved"]
KINDS: frozenset[str] = frozenset(get_args(FeedKind))


async def feed(
    ctx: AppContext,
    kind: str,
    viewer: Viewer | None,
    wanted: FeedFilter,
    cursor: str | None,
    limit: int,
) -> FeedPage:
    return FeedPage.model_validate(await feed_data(ctx, kind, viewer, wanted, cursor, limit))


async def feed_data(
    ctx: AppContext,
    kind: str,
    viewer: Viewer | None,
    wanted: FeedFilter,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    """A feed page as the plain data of a `FeedPage`: our own rows, already of the model's
    types, for `feed` to validate or the feed's fast path (feed_route.py) to write as it is."""
    keys = decode_keys(cursor, 2)
    if kind in ("following", "saved") and viewer is None:
        return {"items": [], "next_cursor": None}
    viewer_id = viewer.id if viewer is not None else None
    try:
        after_p = after_t = None
        if kind == "popular":
            after_p = (int(keys[0]), int(keys[1])) if keys else None
            if after_p and not all(0 <= k <= MAX_ID for k in after_p):
                raise ValueError("cursor out of range")
        else:
            after_t = _time_key(keys)
    except (ValueError, OverflowError) as exc:
        raise InvalidCursor() from exc
    feeds = FeedRepository(ctx.db)
    if kind == "popular":
        rows = await feeds.popular(after_p, limit + 1, viewer_id=viewer_id, wanted=wanted)
    elif kind == "saved":
        assert viewer_id is not None
        rows = await feeds.saved(viewer_id, after_t, limit + 1, wanted=wanted)
    else:
        followed_by = viewer_id if kind == "following" else None
        rows = await feeds.latest(
            after_t, limit + 1, viewer_id=viewer_id, followed_by=followed_by, wanted=wanted
        )
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        if kind == "popular":
            next_cursor = encode_keys(last["like_count"], last["id"])
        elif kind == "saved":
            next_cursor = encode_keys(last["saved_at"].isoformat(), last["id"])
        else:
            next_cursor = encode_keys(
                (last["published_at"] or last["created_at"]).isoformat(), last["id"]
            )
    return {"items": [feed_item(ctx, r) for r in rows[:limit]], "next_cursor": next_cursor}


async def person_feed(
    ctx: AppContext, owner_id: int, viewer: Viewer | None, cursor: str | None, limit: int
) -> FeedPage:
    rows = await FeedRepository(ctx.db).owned(
        owner_id,
        decode_cursor(cursor),
        limit + 1,
        viewer_id=viewer.id if viewer else None,
        public_only=True,
    )
    page, next_cursor = split_page(rows, limit, lambda r: r["id"])
    items = [feed_item(ctx, r) for r in page]
    return FeedPage.model_validate({"items": items, "next_cursor": next_cursor})


async def my_page(ctx: AppContext, user_id: int, cursor: str | None, limit: int) -> GeminiPage:
    """My geminis, private ones included, newest first."""
    rows = await FeedRepository(ctx.db).owned(
        user_id, decode_cursor(cursor), limit + 1, viewer_id=user_id, public_only=False
    )
    page, next_cursor = split_page(rows, limit, lambda r: r["id"])
    return GeminiPage(
        items=[
            GeminiCard.model_validate(
                feed_item(ctx, r) | {"visibility": r["visibility"], "created_at": r["created_at"]}
            )
            for r in page
        ],
        next_cursor=next_cursor,
    )

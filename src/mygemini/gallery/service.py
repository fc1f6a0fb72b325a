from __future__ import annotations

from typing import Literal, cast

from mygemini.accounts.avatars import avatar_url
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, encode_cursor
from mygemini.core.storage import Storage
from mygemini.gallery.errors import GeminiNotFound
from mygemini.gallery.repository import GeminiRepository
from mygemini.gallery.schemas import GeminiCard, GeminiOut, GeminiPage, Owner
from mygemini.models import User
from mygemini.models.studio import Gemini

Visibility = Literal["public", "private"]


def _visibility(gemini: Gemini) -> Visibility:
    return cast(Visibility, gemini.visibility)


async def read(uow: UnitOfWork, storage: Storage, gemini_id: int, viewer: User | None) -> GeminiOut:
    gemini = await GeminiRepository(uow.session).get(gemini_id)
    mine = gemini is not None and viewer is not None and gemini.owner_id == viewer.id
    # Someone else's private gemini does not exist as far as they can tell.
    if gemini is None or (gemini.visibility != "public" and not mine):
        raise GeminiNotFound()
    owner = await uow.session.get(User, gemini.owner_id)
    assert owner is not None
    return GeminiOut(
        id=gemini.id,
        owner=Owner(nickname=owner.nickname, avatar_url=avatar_url(owner.avatar)),
        name=gemini.name,
        description=gemini.description,
        visibility=_visibility(gemini),
        image_url=storage.url(gemini.image_key),
        thumbnail_url=storage.url(gemini.thumbnail_key),
        width=gemini.width,
        height=gemini.height,
        recipe=gemini.recipe,
        seed=gemini.seed if mine or gemini.share_seed else None,
        backend=gemini.backend,
        model=gemini.model,
        like_count=gemini.like_count,
        is_mine=mine,
        created_at=gemini.created_at,
    )


async def mine(
    uow: UnitOfWork, storage: Storage, user: User, cursor: str | None, limit: int
) -> GeminiPage:
    rows = await GeminiRepository(uow.session).owned_page(user.id, decode_cursor(cursor), limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return GeminiPage(
        items=[
            GeminiCard(
                id=g.id,
                thumbnail_url=storage.url(g.thumbnail_key),
                name=g.name,
                visibility=_visibility(g),
                like_count=g.like_count,
                created_at=g.created_at,
            )
            for g in rows
        ],
        next_cursor=encode_cursor(rows[-1].id) if more and rows else None,
    )

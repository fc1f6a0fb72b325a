"""Memories: the life four-cuts a person is pictured in ("TRPG memories"). A memory is seen by
those pictured and by the room's members; for anyone else it does not exist (404). Its
pictures are private files handed out as signed, expiring URLs (docs/adr/0006-media-access.md)."""

from __future__ import annotations

from collections.abc import Sequence

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.gallery.repository import FourcutRepository
from mygemini.models import Fourcut, LifeFourcut, User
from mygemini.tabletop import errors
from mygemini.tabletop.repository import MemberRepository, RoomRepository
from mygemini.tabletop.stage_repository import LifeRepository
from mygemini.tabletop.stage_schemas import MemoryOut, MemoryPage, PicturedMember


async def _views(
    uow: UnitOfWork, ctx: AppContext, rows: Sequence[tuple[Fourcut, LifeFourcut]]
) -> list[MemoryOut]:
    repo = RoomRepository(uow.session)
    gemini_ids = {int(m["gemini_id"]) for _, life in rows for m in life.members}
    alive = set(await repo.geminis(gemini_ids))  # a deleted character keeps its name here
    titles = {}
    for _, life in rows:
        if life.room_id not in titles:
            room = await repo.get(life.room_id)
            titles[life.room_id] = room.title if room else ""
    out = []
    for fourcut, life in rows:
        out.append(
            MemoryOut.model_validate(
                {
                    "id": fourcut.id,
                    "room_id": life.room_id,
                    "room_title": titles[life.room_id],
                    "pose_set": life.pose_set,
                    "caption": fourcut.caption,
                    "members": [
                        PicturedMember(
                            nickname=str(m["nickname"]),
                            gemini_id=int(m["gemini_id"]) if m["gemini_id"] in alive else None,
                            name=str(m["name"]),
                        )
                        for m in life.members
                    ],
                    "status": str(fourcut.status),
                    "image_url": ctx.storage.url(fourcut.grid_key) if fourcut.grid_key else None,
                    "strip_url": ctx.storage.url(fourcut.strip_key) if fourcut.strip_key else None,
                    "created_at": fourcut.created_at,
                }
            )
        )
    return out


async def mine(
    uow: UnitOfWork, ctx: AppContext, user: User, cursor: str | None, limit: int
) -> MemoryPage:
    rows = await LifeRepository(uow.session).memories(user.id, decode_cursor(cursor), limit + 1)
    page, next_cursor = split_page(rows, limit, lambda row: row[0].id)
    return MemoryPage(items=await _views(uow, ctx, page), next_cursor=next_cursor)


async def read(uow: UnitOfWork, ctx: AppContext, user: User, memory_id: int) -> MemoryOut:
    life = await LifeRepository(uow.session).get(memory_id)
    fourcut = await FourcutRepository(uow.session).get(memory_id)
    if life is None or fourcut is None:
        raise errors.MemoryNotFound()
    pictured = any(int(m["user_id"]) == user.id for m in life.members)
    if not pictured and await MemberRepository(uow.session).active(life.room_id, user.id) is None:
        raise errors.MemoryNotFound()  # not "forbidden": to others it does not exist
    (view,) = await _views(uow, ctx, [(fourcut, life)])
    return view

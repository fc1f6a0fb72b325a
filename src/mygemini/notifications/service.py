from __future__ import annotations

from typing import Any

from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.realtime import Realtime, user_room
from mygemini.models.base import utcnow
from mygemini.notifications.messages import NotificationNew
from mygemini.notifications.repository import NotificationRepository
from mygemini.notifications.schemas import MarkRead, NotificationOut, NotificationPage, UnreadCount

NEW_FOLLOWER = "follow.new"


async def notify(
    uow: UnitOfWork, realtime: Realtime, user_id: int, kind: str, payload: dict[str, Any]
) -> None:
    """Store a notification and push it to the person's sockets once the transaction commits."""
    note = await NotificationRepository(uow.session).add(user_id, kind, payload)
    realtime.send(
        uow,
        NotificationNew(
            id=note.id, kind=kind, payload=payload, created_at=note.created_at, read=False
        ),
        room=user_room(user_id),
    )


async def inbox(uow: UnitOfWork, user_id: int, cursor: str | None, limit: int) -> NotificationPage:
    rows = await NotificationRepository(uow.session).page(user_id, decode_cursor(cursor), limit + 1)
    rows, next_cursor = split_page(rows, limit, lambda n: n.id)
    return NotificationPage(
        items=[
            NotificationOut(
                id=n.id,
                kind=n.kind,
                payload=n.payload,
                created_at=n.created_at,
                read=n.read_at is not None,
            )
            for n in rows
        ],
        next_cursor=next_cursor,
    )


async def unread_count(uow: UnitOfWork, user_id: int) -> UnreadCount:
    return UnreadCount(unread=await NotificationRepository(uow.session).unread(user_id))


async def mark_read(uow: UnitOfWork, user_id: int, body: MarkRead) -> UnreadCount:
    repo = NotificationRepository(uow.session)
    await repo.mark_read(user_id, None if body.all else body.ids, utcnow())
    return UnreadCount(unread=await repo.unread(user_id))

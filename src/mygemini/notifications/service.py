from __future__ import annotations

from typing import Any

from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import Realtime, user_room
from mygemini.notifications.repository import NotificationRepository

NEW_FOLLOWER = "follow.new"


async def notify(
    uow: UnitOfWork, realtime: Realtime, user_id: int, kind: str, payload: dict[str, Any]
) -> None:
    """Store a notification and push it to the person's sockets once the transaction commits."""
    note = await NotificationRepository(uow.session).add(user_id, kind, payload)
    realtime.emit_after_commit(
        uow,
        "notification.new",
        {
            "id": note.id,
            "kind": kind,
            "payload": payload,
            "created_at": note.created_at.isoformat(),
            "read": False,
        },
        room=user_room(user_id),
    )

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models import Notification


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, kind: str, payload: dict[str, Any]) -> Notification:
        note = Notification(user_id=user_id, kind=kind, payload=payload)
        self.session.add(note)
        await self.session.flush()
        return note

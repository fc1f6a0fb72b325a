from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.core.driver import DriverStatement, DriverTx
from mygemini.models import Notification

# Built once: every notification is one Core INSERT ... RETURNING id, no ORM object or flush (it
# is on the path of every push; bench/push_bench.py).
_ADD = (
    insert(Notification)
    .values(
        user_id=bindparam("user_id"),
        kind=bindparam("kind"),
        payload=bindparam("payload", type_=Notification.__table__.c.payload.type),
        created_at=bindparam("created_at", type_=Notification.__table__.c.created_at.type),
    )
    .returning(Notification.id)
)


_ADD_ON_DRIVER = DriverStatement(_ADD)


class NotificationWrites:
    """Notifications written in a transaction on the driver (`Database.on_driver`)."""

    def __init__(self, tx: DriverTx) -> None:
        self.tx = tx

    async def add(
        self, user_id: int, kind: str, payload: dict[str, Any], created_at: datetime
    ) -> int:
        """Store an unread notification; its id."""
        params = {"user_id": user_id, "kind": kind, "payload": payload, "created_at": created_at}
        row = await self.tx.fetchrow(_ADD_ON_DRIVER, params)
        assert row is not None  # INSERT ... RETURNING
        return int(row[0])


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, user_id: int, kind: str, payload: dict[str, Any], created_at: datetime
    ) -> int:
        """Store an unread notification; its id."""
        conn = await self.session.connection()
        params = {"user_id": user_id, "kind": kind, "payload": payload, "created_at": created_at}
        return int((await conn.execute(_ADD, params)).scalar_one())

    async def page(self, user_id: int, before: int | None, limit: int) -> Sequence[Notification]:
        q = select(Notification).where(Notification.user_id == user_id)
        if before is not None:
            q = q.where(Notification.id < before)
        return (await self.session.scalars(q.order_by(Notification.id.desc()).limit(limit))).all()

    async def unread(self, user_id: int) -> int:
        q = select(func.count()).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
        return int(await self.session.scalar(q) or 0)

    async def mark_read(self, user_id: int, ids: Sequence[int] | None, now: datetime) -> None:
        """Only the person's own notifications are touched, whatever ids they send."""
        q = update(Notification).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
        if ids is not None:
            q = q.where(Notification.id.in_(ids))
        await self.session.execute(
            q.values(read_at=now).execution_options(synchronize_session=False)
        )

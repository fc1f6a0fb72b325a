"""SQL for star orders. A status changes only through `move`, a conditional UPDATE: of two
callers racing to settle one order, exactly one sees True."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.orders import OrderStatus, StarOrder


class OrderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, order: StarOrder) -> StarOrder:
        self.session.add(order)
        await self.session.flush()
        return order

    async def get(self, order_id: int) -> StarOrder | None:
        return await self.session.get(StarOrder, order_id, populate_existing=True)

    async def owned(self, user_id: int, order_id: int) -> StarOrder | None:
        order = await self.get(order_id)
        return order if order is not None and order.user_id == user_id else None

    async def page(self, user_id: int, before: int | None, limit: int) -> Sequence[StarOrder]:
        q = select(StarOrder).where(StarOrder.user_id == user_id)
        if before is not None:
            q = q.where(StarOrder.id < before)
        return (await self.session.scalars(q.order_by(StarOrder.id.desc()).limit(limit))).all()

    async def move(
        self, order_id: int, from_: Sequence[OrderStatus], to: OrderStatus, **values: Any
    ) -> bool:
        """Move the order to `to` (setting `values`) if its status is one of `from_`."""
        result = await self.session.execute(
            update(StarOrder)
            .where(and_(StarOrder.id == order_id, StarOrder.status.in_(list(from_))))
            .values(status=to, **values)
            .returning(StarOrder.id)
            .execution_options(synchronize_session=False)
        )
        return result.first() is not None

    async def stuck(
        self, statuses: Sequence[OrderStatus], made_before: datetime, limit: int
    ) -> Sequence[StarOrder]:
        q = (
            select(StarOrder)
            .where(StarOrder.status.in_(list(statuses)), StarOrder.created_at < made_before)
            .order_by(StarOrder.id)
            .limit(limit)
        )
        return (await self.session.scalars(q)).all()

    async def owed_cancels(self, limit: int) -> Sequence[StarOrder]:
        q = (
            select(StarOrder)
            .where(
                StarOrder.provider_cancel_amount.is_not(None),
                StarOrder.provider_cancelled_at.is_(None),
            )
            .order_by(StarOrder.id)
            .limit(limit)
        )
        return (await self.session.scalars(q)).all()

    async def owe_cancel(self, order_id: int, statuses: Sequence[OrderStatus], amount: int) -> bool:
        """Record that `amount` must go back at the provider, once, if the order ended in one of
        `statuses` with nothing owed yet."""
        result = await self.session.execute(
            update(StarOrder)
            .where(
                StarOrder.id == order_id,
                StarOrder.status.in_(list(statuses)),
                StarOrder.provider_cancel_amount.is_(None),
            )
            .values(provider_cancel_amount=amount)
            .returning(StarOrder.id)
            .execution_options(synchronize_session=False)
        )
        return result.first() is not None

    async def provider_cancelled(self, order_id: int, when: datetime) -> None:
        await self.session.execute(
            update(StarOrder)
            .where(and_(StarOrder.id == order_id, StarOrder.provider_cancelled_at.is_(None)))
            .values(provider_cancelled_at=when)
            .execution_options(synchronize_session=False)
        )

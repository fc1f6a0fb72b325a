from __future__ import annotations

from sqlalchemy import and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.wallet import LedgerEntry, Wallet


class WalletRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open(self, user_id: int) -> None:
        self.session.add(Wallet(user_id=user_id, balance=0))
        await self.session.flush()

    async def balance(self, user_id: int, *, lock: bool = False) -> int:
        q = select(Wallet.balance).where(Wallet.user_id == user_id)
        if lock:
            # Serialises a person's star-spending requests on PostgreSQL (SQLite's
            # BEGIN IMMEDIATE already does).
            q = q.with_for_update()
        return int(await self.session.scalar(q) or 0)

    async def apply(self, user_id: int, delta: int) -> int | None:
        """Add `delta` atomically unless that would go below zero; the new balance or None."""
        result = await self.session.execute(
            update(Wallet)
            .where(and_(Wallet.user_id == user_id, Wallet.balance + delta >= 0))
            .values(balance=Wallet.balance + delta)
            .returning(Wallet.balance)
            .execution_options(synchronize_session=False)
        )
        row = result.first()
        return None if row is None else int(row[0])

    async def entry_by_key(self, key: str) -> LedgerEntry | None:
        return await self.session.scalar(
            select(LedgerEntry).where(LedgerEntry.idempotency_key == key)
        )

    async def add_entry(self, entry: LedgerEntry) -> LedgerEntry:
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def entries(self, user_id: int, before: int | None, limit: int) -> list[LedgerEntry]:
        q = select(LedgerEntry).where(LedgerEntry.user_id == user_id)
        if before is not None:
            q = q.where(LedgerEntry.id < before)
        q = q.order_by(LedgerEntry.id.desc()).limit(limit)
        return list((await self.session.scalars(q)).all())

from __future__ import annotations

from sqlalchemy import and_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.wallet import LedgerEntry, Wallet


class WalletRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_or_create(self, user_id: int, *, lock: bool = False) -> tuple[int, bool]:
        """The person's balance, their wallet row made on first use: (balance, made now).

        Race-safe: of concurrent first uses exactly one inserts the row. On PostgreSQL the
        others' INSERT ... ON CONFLICT DO NOTHING waits for that transaction and then inserts
        nothing (or inserts, if it rolled back); on SQLite BEGIN IMMEDIATE queues them."""
        found = await self._balance(user_id, lock=lock)
        if found is not None:
            return found, False
        dialect = self.session.get_bind().dialect.name
        ins = pg_insert(Wallet) if dialect == "postgresql" else sqlite_insert(Wallet)
        result = await self.session.execute(
            ins.values(user_id=user_id, balance=0).on_conflict_do_nothing(
                index_elements=["user_id"]
            )
        )
        made = bool(result.rowcount == 1)  # type: ignore[attr-defined]
        return await self._balance(user_id, lock=lock) or 0, made

    async def _balance(self, user_id: int, *, lock: bool) -> int | None:
        q = select(Wallet.balance).where(Wallet.user_id == user_id)
        if lock:
            # Serialises a person's star-spending requests on PostgreSQL (SQLite's
            # BEGIN IMMEDIATE already does).
            q = q.with_for_update()
        found = await self.session.scalar(q)
        return None if found is None else int(found)

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

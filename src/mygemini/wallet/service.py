"""Stars move only through here: every movement is a ledger entry with an idempotency key,
written in the same transaction as the balance change, and no balance goes below zero."""

from __future__ import annotations

from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.models.wallet import LedgerEntry
from mygemini.wallet.errors import InsufficientStars
from mygemini.wallet.repository import WalletRepository
from mygemini.wallet.schemas import LedgerEntryOut, WalletOut

# The welcome stars every person starts with. Sign-up knows nothing of the wallet: the wallet is
# opened on its first use, and whoever opens it gives these (docs/adr/0008-boundaries.md).
SIGNUP_GRANT = 10


async def _wallet(uow: UnitOfWork, user_id: int, *, lock: bool = False) -> int:
    """The person's balance; on first use, opens the wallet and gives the sign-up grant in the
    same transaction: the grant is tied to the one transaction that made the row, and its key
    keeps it single even if the row were ever made again."""
    wallets = WalletRepository(uow.session)
    balance_, made = await wallets.get_or_create(user_id, lock=lock)
    key = f"signup:{user_id}"
    if made and await wallets.entry_by_key(key) is None:
        entry = await _apply(wallets, user_id, SIGNUP_GRANT, "signup_grant", None, key)
        balance_ = entry.balance_after
    return balance_


async def move(
    uow: UnitOfWork, user_id: int, delta: int, reason: str, reference: str | None, key: str
) -> LedgerEntry:
    """Apply one movement exactly once per `key`; raises InsufficientStars instead of going
    negative. A repeated key returns the original entry and changes nothing."""
    wallets = WalletRepository(uow.session)
    existing = await wallets.entry_by_key(key)
    if existing is not None:
        return existing
    await _wallet(uow, user_id)
    return await _apply(wallets, user_id, delta, reason, reference, key)


async def _apply(
    wallets: WalletRepository,
    user_id: int,
    delta: int,
    reason: str,
    reference: str | None,
    key: str,
) -> LedgerEntry:
    balance = await wallets.apply(user_id, delta)
    if balance is None:
        raise InsufficientStars()
    return await wallets.add_entry(
        LedgerEntry(
            user_id=user_id,
            delta=delta,
            reason=reason,
            reference=reference,
            idempotency_key=key,
            balance_after=balance,
        )
    )


async def balance(uow: UnitOfWork, user_id: int, *, lock: bool = False) -> int:
    return await _wallet(uow, user_id, lock=lock)


async def statement(uow: UnitOfWork, user_id: int, cursor: str | None, limit: int) -> WalletOut:
    current = await _wallet(uow, user_id)
    wallets = WalletRepository(uow.session)
    rows = await wallets.entries(user_id, decode_cursor(cursor), limit + 1)
    rows, next_cursor = split_page(rows, limit, lambda e: e.id)
    return WalletOut(
        balance=current,
        entries=[
            LedgerEntryOut(
                id=e.id,
                delta=e.delta,
                reason=e.reason,
                reference=e.reference,
                balance_after=e.balance_after,
                created_at=e.created_at,
            )
            for e in rows
        ],
        next_cursor=next_cursor,
    )

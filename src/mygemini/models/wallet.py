"""Stars: a balance per person and the append-only ledger that explains it."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt


class Wallet(Base):
    __tablename__ = "wallets"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance_not_negative"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    balance: Mapped[int] = mapped_column(default=0, server_default="0")


class LedgerEntry(CreatedAt, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_user_page", "user_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    delta: Mapped[int]
    reason: Mapped[str] = mapped_column(String(32))
    # What the movement is about, e.g. "generation:42" or "payment:7".
    reference: Mapped[str | None] = mapped_column(String(64))
    # The same key twice is the same movement: retries never move stars twice.
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    balance_after: Mapped[int]

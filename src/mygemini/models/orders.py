"""Star purchases: one row per attempt to pay, whatever the payment provider says."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt


class OrderStatus(StrEnum):
    """created → ready → approved → refunded; created | ready → cancelled | failed; created →
    approved (the test provider). Never backwards: every move is a conditional UPDATE."""

    CREATED = "created"
    READY = "ready"
    APPROVED = "approved"
    CANCELLED = "cancelled"
    FAILED = "failed"
    REFUNDED = "refunded"


class OrderProvider(StrEnum):
    KAKAOPAY = "kakaopay"
    # Approves at once and moves no money; refused in production.
    TEST = "test"


class StarOrder(CreatedAt, Base):
    __tablename__ = "wallet_orders"
    __table_args__ = (
        Index("ix_wallet_orders_user_page", "user_id", "id"),
        # The reconciler looks for orders stuck in one status since long ago.
        Index("ix_wallet_orders_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # What the provider knows this attempt by; never reused.
    partner_order_id: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(16))
    # The package as it was sold: settings may change its price later.
    package_id: Mapped[str] = mapped_column(String(32))
    stars: Mapped[int]
    price_krw: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.CREATED)
    # KakaoPay's payment id, from its answer to `ready`.
    tid: Mapped[str | None] = mapped_column(String(64))
    redirect_url: Mapped[str | None] = mapped_column(String(1024))
    redirect_mobile_url: Mapped[str | None] = mapped_column(String(1024))
    # What the provider said it charged (equal to price_krw, or the order failed).
    approved_amount: Mapped[int | None]
    approved_at: Mapped[datetime | None]
    # When it became cancelled, failed or refunded.
    settled_at: Mapped[datetime | None]
    # Money we owe back at the provider (a refund, an amount that did not match); the
    # reconciler retries the cancel until `provider_cancelled_at` is set.
    provider_cancel_amount: Mapped[int | None]
    provider_cancelled_at: Mapped[datetime | None]

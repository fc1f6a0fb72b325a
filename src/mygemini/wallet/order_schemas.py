from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mygemini.wallet.schemas import LedgerEntryOut

OrderStatusName = Literal["created", "ready", "approved", "cancelled", "failed", "refunded"]
ProviderName = Literal["kakaopay", "test"]


class PackageOut(BaseModel):
    id: str
    stars: int
    price_krw: int


class ProvidersOut(BaseModel):
    """Which ways to pay this server takes, so the web offers only those."""

    kakaopay: bool
    test: bool


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    package_id: str = Field(min_length=1, max_length=32)
    provider: ProviderName


class OrderStarted(BaseModel):
    """Where to send the browser: KakaoPay's PC page (with its QR code) or its mobile page;
    for the test provider, our own order page (the order is approved already)."""

    id: int
    status: OrderStatusName
    redirect_url: str
    redirect_mobile_url: str


class OrderOut(BaseModel):
    id: int
    status: OrderStatusName
    package_id: str
    stars: int
    price_krw: int
    provider: ProviderName
    created_at: datetime
    approved_at: datetime | None
    # Approved, inside the refund window, and all its stars still in the wallet.
    refundable: bool


class OrderPage(BaseModel):
    items: list[OrderOut]
    next_cursor: str | None


class LedgerEntryPage(BaseModel):
    items: list[LedgerEntryOut]
    next_cursor: str | None

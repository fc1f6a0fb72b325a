from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class LedgerEntryOut(BaseModel):
    id: int
    delta: int
    reason: str
    reference: str | None
    balance_after: int
    created_at: datetime


class WalletOut(BaseModel):
    balance: int
    entries: list[LedgerEntryOut]
    next_cursor: str | None

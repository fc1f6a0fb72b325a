from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.studio import Gemini


class GeminiRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, gemini: Gemini) -> Gemini:
        self.session.add(gemini)
        await self.session.flush()
        return gemini

    async def get(self, gemini_id: int) -> Gemini | None:
        return await self.session.get(Gemini, gemini_id)

    async def owned_page(self, owner_id: int, before: int | None, limit: int) -> Sequence[Gemini]:
        q = select(Gemini).where(Gemini.owner_id == owner_id)
        if before is not None:
            q = q.where(Gemini.id < before)
        return (await self.session.scalars(q.order_by(Gemini.id.desc()).limit(limit))).all()

"""SQL the studio needs beyond the pipeline's jobs: the thumbnails its history shows. (The
gemini rows are the gallery's; the studio reads these two columns without importing it.)"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models import Gemini


async def thumbnail_keys(session: AsyncSession, gemini_ids: Sequence[int]) -> dict[int, str]:
    """gemini id → thumbnail key, in one query."""
    if not gemini_ids:
        return {}
    rows = await session.execute(
        select(Gemini.id, Gemini.thumbnail_key).where(Gemini.id.in_(gemini_ids))
    )
    return {gemini_id: key for gemini_id, key in rows.all()}

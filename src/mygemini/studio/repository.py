"""SQL for generation jobs. State changes are guarded updates so that two workers (or a worker
and the sweeper) can never both move the same job."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.studio import UNFINISHED, Generation


class GenerationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, generation: Generation) -> Generation:
        self.session.add(generation)
        await self.session.flush()
        return generation

    async def get(self, generation_id: int) -> Generation | None:
        return await self.session.get(Generation, generation_id)

    async def get_fresh(self, generation_id: int) -> Generation | None:
        return await self.session.scalar(
            select(Generation)
            .where(Generation.id == generation_id)
            .execution_options(populate_existing=True)
        )

    async def count_unfinished(self, user_id: int) -> int:
        """Unfinished portraits (four-cut frames are the system's, not the person's, jobs)."""
        q = select(func.count()).where(
            Generation.user_id == user_id,
            Generation.status.in_(UNFINISHED),
            Generation.kind == "portrait",
        )
        return int(await self.session.scalar(q) or 0)

    async def position(self, generation: Generation) -> int:
        """1-based place in the queue; 0 once running or finished."""
        if generation.status != "queued":
            return 0
        q = select(func.count()).where(
            Generation.status == "queued", Generation.id <= generation.id
        )
        return int(await self.session.scalar(q) or 0)

    async def frames_of(self, fourcut_id: int) -> Sequence[Generation]:
        q = select(Generation).where(Generation.fourcut_id == fourcut_id)
        return (await self.session.scalars(q.execution_options(populate_existing=True))).all()

    async def queued_head(self, limit: int) -> Sequence[Generation]:
        q = (
            select(Generation)
            .where(Generation.status == "queued")
            .order_by(Generation.id)
            .limit(limit)
        )
        return (await self.session.scalars(q)).all()

    async def page(self, user_id: int, before: int | None, limit: int) -> Sequence[Generation]:
        q = select(Generation).where(Generation.user_id == user_id, Generation.kind == "portrait")
        if before is not None:
            q = q.where(Generation.id < before)
        return (await self.session.scalars(q.order_by(Generation.id.desc()).limit(limit))).all()

    async def transition(
        self,
        generation_id: int,
        from_status: Sequence[str],
        *,
        attempt: int | None = None,
        **values: Any,
    ) -> bool:
        """Move a job only if it is still in one of `from_status` (and, for a worker, still on
        its `attempt`); True when it moved."""
        q = update(Generation).where(
            Generation.id == generation_id, Generation.status.in_(from_status)
        )
        if attempt is not None:
            q = q.where(Generation.attempts == attempt)
        result = await self.session.execute(
            q.values(**values).execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def beat(self, generation_id: int, attempt: int, now: datetime, progress: float) -> bool:
        """Heartbeat of the attempt that runs the job; False when it no longer owns it
        (cancelled, or the sweeper gave it to someone else)."""
        result = await self.session.execute(
            update(Generation)
            .where(
                Generation.id == generation_id,
                Generation.status == "running",
                Generation.attempts == attempt,
            )
            .values(heartbeat_at=now, progress=progress)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def stale_running(self, before: datetime) -> Sequence[Generation]:
        q = select(Generation).where(
            Generation.status == "running", Generation.heartbeat_at < before
        )
        return (await self.session.scalars(q)).all()

    async def stale_queued(self, before: datetime) -> Sequence[Generation]:
        q = select(Generation).where(Generation.status == "queued", Generation.enqueued_at < before)
        return (await self.session.scalars(q)).all()

    async def unsent_queued(
        self, before: datetime, epoch: str, limit: int = 500
    ) -> tuple[Sequence[int], int]:
        """Queued jobs (re-)queued before `before` that the broker of `epoch` does not hold:
        never sent, or sent to an earlier life of the broker. Also how many are of the latter."""
        q = (
            select(Generation.id, Generation.sent_at.is_not(None))
            .where(
                Generation.status == "queued",
                Generation.enqueued_at < before,
                or_(
                    Generation.sent_at.is_(None),
                    Generation.sent_epoch.is_(None),
                    Generation.sent_epoch != epoch,
                ),
            )
            .order_by(Generation.id)
            .limit(limit)
        )
        rows = (await self.session.execute(q)).all()
        return [row[0] for row in rows], sum(1 for row in rows if row[1])

    async def mark_sent(
        self, generation_ids: Sequence[int], now: datetime, epoch: str | None
    ) -> None:
        await self.session.execute(
            update(Generation)
            .where(Generation.id.in_(generation_ids), Generation.status == "queued")
            .values(sent_at=now, sent_epoch=epoch)
            .execution_options(synchronize_session=False)
        )

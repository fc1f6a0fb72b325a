"""SQL for generation jobs. State changes are guarded updates so that two workers (or a worker
and the sweeper) can never both move the same job; each names the states it moves from and to.

The worker's statements (claim, beat, succeed) are Core statements on the table: one round trip
each, no ORM bookkeeping, which was most of a light job's cost."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, String, Table, bindparam, cast, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models.pipeline import UNFINISHED, Generation, GenerationStatus, Purpose

_JOBS: Table = Generation.__table__  # type: ignore[assignment]


# The worker's statements, built once (building a statement cost as much as running it):
# values are bound when they run.
_ID = _JOBS.c.id == bindparam("job_id", type_=_JOBS.c.id.type)
_ATTEMPT = _JOBS.c.attempts == bindparam("attempt_no", type_=_JOBS.c.attempts.type)
_AT = bindparam("at", type_=_JOBS.c.heartbeat_at.type)
_CLAIM = (
    update(_JOBS)
    .where(_ID, _JOBS.c.status == GenerationStatus.QUEUED)
    .values(
        status=GenerationStatus.RUNNING,
        attempts=_JOBS.c.attempts + 1,
        started_at=_AT,
        heartbeat_at=_AT,
        progress=0.0,
        worker=bindparam("by", type_=_JOBS.c.worker.type),
    )
    .returning(*_JOBS.c)
)
_BEAT = (
    update(_JOBS)
    .where(_ID, _JOBS.c.status == GenerationStatus.RUNNING, _ATTEMPT)
    .values(heartbeat_at=_AT, progress=bindparam("done", type_=_JOBS.c.progress.type))
    .returning(_JOBS.c.cancel_requested)
)
_SUCCEED = (
    update(_JOBS)
    .where(_ID, _JOBS.c.status == GenerationStatus.RUNNING, _ATTEMPT)
    .values(
        status=GenerationStatus.SUCCEEDED,
        progress=1.0,
        finished_at=_AT,
        renderer=bindparam("made_by", type_=_JOBS.c.renderer.type),
        # What it made, in the same statement (it was a second UPDATE of the row, one more
        # round trip per job).
        gemini_id=bindparam("gemini", type_=_JOBS.c.gemini_id.type),
        result_key=bindparam("key", type_=_JOBS.c.result_key.type),
    )
)


def _detached(row: Row[Any]) -> Generation:
    """A job read by a Core statement, as an object that belongs to no session (read it; do not
    add it to one)."""
    return Generation(**row._mapping)


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

    async def count_unfinished(self, user_id: int, purpose: Purpose) -> int:
        q = select(func.count()).where(
            Generation.user_id == user_id,
            Generation.status.in_(UNFINISHED),
            Generation.purpose == purpose,
        )
        return int(await self.session.scalar(q) or 0)

    async def count_unfinished_summons(self, user_id: int) -> int:
        """A person's unfinished portrait summons: the jobs of one batch (a vary) count once."""
        one_summon = func.coalesce(Generation.ref, cast(Generation.id, String))
        q = select(func.count(func.distinct(one_summon))).where(
            Generation.user_id == user_id,
            Generation.status.in_(UNFINISHED),
            Generation.purpose == Purpose.PORTRAIT,
        )
        return int(await self.session.scalar(q) or 0)

    async def position(self, generation: Generation) -> int:
        """1-based place in the queue; 0 once running or finished."""
        if generation.status != GenerationStatus.QUEUED:
            return 0
        q = select(func.count()).where(
            Generation.status == GenerationStatus.QUEUED, Generation.id <= generation.id
        )
        return int(await self.session.scalar(q) or 0)

    async def of_refs(self, purpose: Purpose, refs: Sequence[str]) -> Sequence[Generation]:
        """The jobs of one purpose with these refs, read fresh."""
        q = select(Generation).where(Generation.purpose == purpose, Generation.ref.in_(refs))
        return (await self.session.scalars(q.execution_options(populate_existing=True))).all()

    async def delete_refs(self, purpose: Purpose, refs: Sequence[str]) -> Sequence[str]:
        """Delete the jobs of one purpose with these refs; the result keys they had stored."""
        jobs = await self.of_refs(purpose, refs)
        for job in jobs:
            await self.session.delete(job)
        await self.session.flush()
        return [job.result_key for job in jobs if job.result_key]

    async def page(
        self, user_id: int, purpose: Purpose, before: int | None, limit: int
    ) -> Sequence[Generation]:
        q = select(Generation).where(Generation.user_id == user_id, Generation.purpose == purpose)
        if before is not None:
            q = q.where(Generation.id < before)
        return (await self.session.scalars(q.order_by(Generation.id.desc()).limit(limit))).all()

    async def _move(
        self,
        generation_id: int,
        from_status: Sequence[GenerationStatus],
        attempt: int | None = None,
        **values: Any,
    ) -> bool:
        """Move a job only if it is still in one of `from_status` (and, for a worker, still on
        its `attempt`); True when it moved. Private: callers use the named transitions below."""
        q = update(_JOBS).where(_JOBS.c.id == generation_id, _JOBS.c.status.in_(from_status))
        if attempt is not None:
            q = q.where(_JOBS.c.attempts == attempt)
        result = await self.session.execute(q.values(**values))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def claim(self, generation_id: int, worker: str, now: datetime) -> Generation | None:
        """queued → running as the next attempt, in one statement; the job as it is now (not in
        the session), or None when it was not queued (cancelled, finished, another worker's)."""
        result = await self.session.execute(
            _CLAIM, {"job_id": generation_id, "at": now, "by": worker}
        )
        row = result.first()
        return None if row is None else _detached(row)

    async def succeed(
        self,
        generation_id: int,
        attempt: int,
        renderer: str,
        now: datetime,
        *,
        gemini_id: int | None = None,
        result_key: str | None = None,
    ) -> bool:
        """running → succeeded, only for the attempt that still owns the job, recording what it
        made (its purpose's handler decides which)."""
        result = await self.session.execute(
            _SUCCEED,
            {
                "job_id": generation_id,
                "attempt_no": attempt,
                "at": now,
                "made_by": renderer,
                "gemini": gemini_id,
                "key": result_key,
            },
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def end(
        self,
        generation_id: int,
        from_status: Sequence[GenerationStatus],
        to_status: GenerationStatus,
        error: str | None,
        now: datetime,
        attempt: int | None = None,
    ) -> bool:
        """queued | running → failed | cancelled."""
        assert to_status in (GenerationStatus.FAILED, GenerationStatus.CANCELLED)
        return await self._move(
            generation_id,
            from_status,
            attempt=attempt,
            status=to_status,
            error=error,
            finished_at=now,
        )

    async def requeue(self, generation_id: int, now: datetime) -> bool:
        """running → queued: a dead worker's job, for the next attempt."""
        return await self._move(
            generation_id,
            (GenerationStatus.RUNNING,),
            status=GenerationStatus.QUEUED,
            progress=0.0,
            enqueued_at=now,
            sent_at=None,
            heartbeat_at=None,
            worker=None,
        )

    async def resend(self, generation_id: int, now: datetime) -> bool:
        """queued → queued, to be handed to the broker again."""
        return await self._move(
            generation_id, (GenerationStatus.QUEUED,), enqueued_at=now, sent_at=None
        )

    async def request_cancel(self, generation_id: int) -> bool:
        """A running job is asked to stop between steps (its status stays running)."""
        return await self._move(generation_id, (GenerationStatus.RUNNING,), cancel_requested=True)

    async def beat(
        self, generation_id: int, attempt: int, now: datetime, progress: float
    ) -> bool | None:
        """Heartbeat of the attempt that runs the job, in one statement: None when it no longer
        owns the job (cancelled, or the sweeper gave it to someone else), else whether its
        owner asked it to stop."""
        result = await self.session.execute(
            _BEAT, {"job_id": generation_id, "attempt_no": attempt, "at": now, "done": progress}
        )
        row = result.first()
        return None if row is None else bool(row[0])

    async def stale_running(self, before: datetime) -> Sequence[Generation]:
        q = select(Generation).where(
            Generation.status == GenerationStatus.RUNNING, Generation.heartbeat_at < before
        )
        return (await self.session.scalars(q)).all()

    async def stale_queued(self, before: datetime) -> Sequence[Generation]:
        q = select(Generation).where(
            Generation.status == GenerationStatus.QUEUED, Generation.enqueued_at < before
        )
        return (await self.session.scalars(q)).all()

    async def unsent_queued(
        self, before: datetime, epoch: str, limit: int = 500
    ) -> tuple[Sequence[int], int]:
        """Queued jobs (re-)queued before `before` that the broker of `epoch` does not hold:
        never sent, or sent to an earlier life of the broker. Also how many are of the latter."""
        q = (
            select(Generation.id, Generation.sent_at.is_not(None))
            .where(
                Generation.status == GenerationStatus.QUEUED,
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
            update(_JOBS)
            .where(_JOBS.c.id.in_(generation_ids), _JOBS.c.status == GenerationStatus.QUEUED)
            .values(sent_at=now, sent_epoch=epoch)
        )

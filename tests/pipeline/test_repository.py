"""The worker's job statements: a claim moves only a queued job and hands it back as it is now;
a heartbeat tells the worker whether it still owns the job and whether its owner asked it to
stop; only the attempt that owns a job can end it."""

from __future__ import annotations

from fastapi import FastAPI

from mygemini.models import Generation, GenerationStatus, Purpose
from mygemini.models.base import utcnow
from mygemini.pipeline.repository import GenerationRepository
from tests.conftest import sign_up


async def _queued(app: FastAPI) -> int:
    me = await sign_up(app)
    await me.client.aclose()
    async with app.state.ctx.db.unit_of_work() as uow:
        job = await GenerationRepository(uow.session).add(
            Generation(
                user_id=me.id,
                purpose=Purpose.PORTRAIT,
                recipe={"attributes": {}},
                seed=7,
                cost=0,
                status=GenerationStatus.QUEUED,
            )
        )
        return job.id


async def test_a_claim_moves_only_a_queued_job_and_returns_it_as_it_is_now(app: FastAPI) -> None:
    job_id = await _queued(app)
    db = app.state.ctx.db
    async with db.unit_of_work() as uow:
        claimed = await GenerationRepository(uow.session).claim(job_id, "w1", utcnow())
    assert claimed is not None
    assert (claimed.id, claimed.status, claimed.attempts, claimed.worker) == (
        job_id,
        GenerationStatus.RUNNING,
        1,
        "w1",
    )
    assert claimed.seed == 7 and claimed.recipe == {"attributes": {}}
    async with db.unit_of_work() as uow:
        # A second message for the same job (a duplicate, or another worker's): nothing moves.
        assert await GenerationRepository(uow.session).claim(job_id, "w2", utcnow()) is None
    async with db.read_only() as uow:
        row = await GenerationRepository(uow.session).get_fresh(job_id)
        assert row is not None and (row.worker, row.attempts) == ("w1", 1)


async def test_a_heartbeat_says_whether_the_job_is_still_ours_and_whether_to_stop(
    app: FastAPI,
) -> None:
    job_id = await _queued(app)
    db = app.state.ctx.db
    async with db.unit_of_work() as uow:
        jobs = GenerationRepository(uow.session)
        claimed = await jobs.claim(job_id, "w1", utcnow())
        assert claimed is not None
        assert await jobs.beat(job_id, claimed.attempts, utcnow(), 0.5) is False
        # Another attempt's worker (a stale one the sweeper replaced) no longer owns it.
        assert await jobs.beat(job_id, claimed.attempts + 1, utcnow(), 0.5) is None
        assert await jobs.request_cancel(job_id)
        assert await jobs.beat(job_id, claimed.attempts, utcnow(), 0.6) is True
    async with db.read_only() as uow:
        row = await GenerationRepository(uow.session).get_fresh(job_id)
        assert row is not None and row.progress == 0.6


async def test_only_the_attempt_that_owns_a_job_records_its_success(app: FastAPI) -> None:
    job_id = await _queued(app)
    db = app.state.ctx.db
    async with db.unit_of_work() as uow:
        jobs = GenerationRepository(uow.session)
        claimed = await jobs.claim(job_id, "w1", utcnow())
        assert claimed is not None
        key = "private/frames/x.png"
        assert not await jobs.succeed(
            job_id, claimed.attempts + 1, "noop", utcnow(), result_key="private/frames/y.png"
        )
        assert await jobs.succeed(job_id, claimed.attempts, "noop", utcnow(), result_key=key)
        # A second success (a stale copy of the same attempt) changes nothing it recorded.
        assert not await jobs.succeed(
            job_id, claimed.attempts, "noop", utcnow(), result_key="private/frames/z.png"
        )
    async with db.read_only() as uow:
        row = await GenerationRepository(uow.session).get_fresh(job_id)
        assert row is not None
        assert (row.status, row.progress, row.renderer, row.result_key) == (
            GenerationStatus.SUCCEEDED,
            1.0,
            "noop",
            "private/frames/x.png",
        )

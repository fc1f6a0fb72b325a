"""The sweeper keeps the job rows true: a running job whose worker stopped beating its heart is
queued again (bounded attempts) or failed with a refund; a queued job nobody picked up for
`requeue_after_seconds` is handed to the broker again (jobs the broker never got are re-sent much
sooner, by the outbox in pipeline/queue.py). It is the pipeline's periodic work: in-process when
embedded and in `mygemini scheduler` scaled out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from mygemini.core.context import AppContext
from mygemini.models.base import utcnow
from mygemini.models.pipeline import GenerationStatus
from mygemini.pipeline import service
from mygemini.pipeline.queue import enqueue_render
from mygemini.pipeline.repository import GenerationRepository

log = logging.getLogger(__name__)


@dataclass
class SweepReport:
    requeued: int = 0
    failed: int = 0
    cancelled: int = 0
    rekicked: int = 0


async def sweep(
    ctx: AppContext, *, requeue_all_queued: bool = False, now: datetime | None = None
) -> SweepReport:
    """`now`: the time the sweep judges staleness by (a test moves it past a heartbeat's
    timeout instead of waiting that long)."""
    conf = ctx.settings.jobs
    now = now or utcnow()
    report = SweepReport()
    async with ctx.db.unit_of_work() as uow:
        generations = GenerationRepository(uow.session)
        dead_before = now - timedelta(seconds=conf.heartbeat_timeout_seconds)
        running = (GenerationStatus.RUNNING,)
        for job in await generations.stale_running(dead_before):
            if job.cancel_requested:
                if await service.end_unsuccessfully(
                    uow, ctx, job, GenerationStatus.CANCELLED, None, running
                ):
                    report.cancelled += 1
            elif job.attempts >= conf.max_attempts:
                error = "The renderer stopped responding; your star was returned."
                if await service.end_unsuccessfully(
                    uow, ctx, job, GenerationStatus.FAILED, error, running
                ):
                    report.failed += 1
            elif await generations.requeue(job.id, now):
                enqueue_render(uow, ctx, job.id)
                report.requeued += 1
        waited_before = (
            now if requeue_all_queued else now - timedelta(seconds=conf.requeue_after_seconds)
        )
        for job in await generations.stale_queued(waited_before):
            if await generations.resend(job.id, now):
                enqueue_render(uow, ctx, job.id)
                report.rekicked += 1
    if report != SweepReport():
        log.info("sweep: %s", report)
    return report

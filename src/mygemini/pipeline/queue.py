"""The name of the render job and the one way to queue it (after commit), plus the outbox that
makes sure the broker really got it.

A job's row records when the broker accepted its message (`sent_at`). The send after commit
fills it in; when that send fails (Redis down, a broker error) or never happens (the process was
killed right after commit), the row stays unsent and `Resender` (every few seconds in every API
process and in the scheduler) sends it again. When the broker restarted and may have lost what
it held, every queued job sent before that is sent again: each send records the broker's
life (`sent_epoch`) it went to, so this needs no memory of earlier passes and holds across a
restart of every process at once. Duplicate messages are harmless: only
one claim of a job succeeds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.redis import Outage
from mygemini.models.base import utcnow
from mygemini.pipeline.repository import GenerationRepository

log = logging.getLogger(__name__)

# The name predates the pipeline package; kept so messages already in a stream still run.
RENDER_JOB = "studio.render_generation"


def enqueue_render(uow: UnitOfWork, ctx: AppContext, generation_id: int) -> None:
    """Queue the job; its message goes to the broker once `uow` commits."""

    async def send() -> None:
        if ctx.jobs.broker_down:
            return  # the resend loop sends it once the broker answers again
        if not await send_renders(ctx, [generation_id]):
            log.warning(
                "generation %s is queued but the broker did not take it; it is sent again "
                "within %ss",
                generation_id,
                ctx.settings.jobs.resend_interval_seconds,
            )

    uow.after_commit(send)


async def send_renders(ctx: AppContext, generation_ids: Sequence[int]) -> int:
    """Hand jobs to the broker and record which it accepted; stops at the first failure."""
    sent: list[int] = []
    # The broker's life as known before sending: if it restarts meanwhile, the jobs are recorded
    # under the old one and sent again by the next pass.
    epoch = ctx.jobs.known_epoch
    try:
        for generation_id in generation_ids:
            # Bounded: a frozen broker must not hold a request (or the resend loop) for long.
            async with asyncio.timeout(ctx.settings.redis_timeout_seconds + 1):
                await ctx.jobs.enqueue(RENDER_JOB, generation_id)
            sent.append(generation_id)
        ctx.jobs.broker_down = False
    except Exception as exc:
        ctx.jobs.broker_down = True
        log.debug("sending generation jobs failed: %r", exc)
    if sent:
        async with ctx.db.unit_of_work() as uow:
            await GenerationRepository(uow.session).mark_sent(sent, utcnow(), epoch)
    return len(sent)


class Resender:
    """One process's outbox loop step (see the module docstring)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._outage = Outage(log)

    async def tick(self) -> int:
        """Send what the broker lacks; the number of jobs sent."""
        try:
            epoch = await self.ctx.jobs.epoch()
        except Exception as exc:
            self.ctx.jobs.broker_down = True
            self._outage.begin("the job broker does not answer (%s); queued jobs wait for it", exc)
            return 0
        self.ctx.jobs.broker_down = False  # it answers; a failing send below says otherwise
        # Jobs queued this recently are still being sent by whoever queued them.
        before = utcnow() - timedelta(seconds=self.ctx.settings.jobs.resend_interval_seconds)
        async with self.ctx.db.read_only() as uow:
            generations = GenerationRepository(uow.session)
            unsent, lost = await generations.unsent_queued(before, epoch)
        if lost:
            log.warning("the job broker restarted; sending %s queued jobs again", lost)
        sent = await send_renders(self.ctx, unsent)
        if sent < len(unsent):
            self._outage.begin("the job broker refuses jobs; %s queued jobs wait", len(unsent))
        else:
            self._outage.end("the job broker answers again")
            if sent:
                log.info("sent %s queued jobs the broker did not have", sent)
        return sent

"""Periodic work: what the domains registered (the job sweeper, closing ranking windows, ...).
Runs inside `serve` when embedded and as `mygemini scheduler` (exactly one) when scaled out;
every step is safe to repeat.

The job outbox (`resend_forever`) runs in every API process and in the scheduler: it must keep
going when any one of them is down, and sending a job twice is harmless."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from mygemini.core.context import AppContext
from mygemini.pipeline.queue import Resender

log = logging.getLogger(__name__)


async def tick(ctx: AppContext) -> None:
    """Each domain's periodic work in turn; one that fails does not keep the others from
    running."""
    for work in ctx.periodic:
        try:
            await work.run()
        except Exception:
            log.exception("periodic work %s failed", work.name)


async def run_forever(ctx: AppContext, stop: asyncio.Event | None = None) -> None:
    """Tick until `stop` is set. Stop it that way rather than cancelling it, so a tick's
    transaction is never cut off half-way."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            await tick(ctx)
        except Exception:
            log.exception("scheduler tick failed")
        await _pause(ctx.settings.jobs.sweep_interval_seconds, stop)


async def _pause(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()


async def resend_forever(ctx: AppContext, stop: asyncio.Event | None = None) -> None:
    """Re-send until `stop` is set (stopped, not cancelled, like `run_forever`)."""
    stop = stop or asyncio.Event()
    resender = Resender(ctx)
    failing = False
    while not stop.is_set():
        try:
            await resender.tick()
            failing = False
        except Exception:
            # The database failed (the broker's outages are logged by the resender): one
            # traceback per outage, not one per try.
            if not failing:
                log.exception("sending queued jobs failed; trying again")
            failing = True
        await _pause(ctx.settings.jobs.resend_interval_seconds, stop)

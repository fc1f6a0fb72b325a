"""Periodic work: the job sweeper and closing ranking windows. Runs inside `serve` when embedded
and as `mygemini scheduler` (exactly one) when scaled out; every step is safe to repeat."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from mygemini.core.context import AppContext
from mygemini.gallery.rankings import close_windows
from mygemini.studio.sweeper import sweep

log = logging.getLogger(__name__)


async def tick(ctx: AppContext) -> None:
    await sweep(ctx)
    for window in await close_windows(ctx):
        log.info("froze the %s TOP 5 of %s", window.period, window.start.isoformat())


async def run_forever(ctx: AppContext, stop: asyncio.Event | None = None) -> None:
    """Tick until `stop` is set. Stop it that way rather than cancelling it, so a tick's
    transaction is never cut off half-way."""
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            await tick(ctx)
        except Exception:
            log.exception("scheduler tick failed")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(ctx.settings.studio.sweep_interval_seconds):
                await stop.wait()

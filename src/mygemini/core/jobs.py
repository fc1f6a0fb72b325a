"""The job queue: taskiq with an in-memory broker (embedded: jobs run inside the API process) or
a Redis stream broker (scaled out: `mygemini worker` processes consume it).

The broker only carries job ids. The job's row in the database is the truth, so a lost or
duplicated message is harmless: claiming a job is an atomic state change, and the sweeper hands
stale jobs to the broker again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, InMemoryBroker
from taskiq_redis import RedisStreamBroker

from mygemini.config import Settings
from mygemini.core.db import UnitOfWork

log = logging.getLogger(__name__)

JobFunction = Callable[..., Awaitable[None]]


def make_broker(settings: Settings) -> AsyncBroker:
    if settings.redis_url:
        return RedisStreamBroker(
            settings.redis_url,
            queue_name=settings.jobs_stream,
            consumer_group_name="mygemini-workers",
            # Messages a dead consumer held are claimed by another after this long.
            idle_timeout=int(settings.studio.heartbeat_timeout_seconds * 1000 * 2),
        )
    return InMemoryBroker(max_async_tasks=max(1, settings.render.concurrency) * 4)


class JobQueue:
    def __init__(self, settings: Settings) -> None:
        self.broker = make_broker(settings)
        self.in_process = not settings.redis_url
        self._tasks: dict[str, AsyncTaskiqDecoratedTask[Any, Any]] = {}
        self._started = False

    def register(self, name: str, fn: JobFunction) -> None:
        self._tasks[name] = self.broker.register_task(fn, task_name=name)

    async def startup(self) -> None:
        if not self._started:
            await self.broker.startup()
            self._started = True

    async def shutdown(self) -> None:
        if self._started:
            await self.broker.shutdown()
            self._started = False

    async def enqueue(self, name: str, *args: Any) -> None:
        await self.startup()
        await self._tasks[name].kiq(*args)

    def enqueue_after_commit(self, uow: UnitOfWork, name: str, *args: Any) -> None:
        async def send() -> None:
            await self.enqueue(name, *args)

        uow.after_commit(send)

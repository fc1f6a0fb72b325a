"""The job queue: taskiq with an in-memory broker (embedded: jobs run inside the API process) or
a Redis stream broker (scaled out: `mygemini worker` processes consume it).

The broker only carries job ids. The job's row in the database is the truth, so a lost or
duplicated message is harmless: claiming a job is an atomic state change, queued jobs whose
message never reached the broker (or was lost with a restarted Redis) are sent again within
seconds (pipeline/queue.py), and the sweeper hands stale jobs to the broker again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from taskiq import AckableMessage, AsyncBroker, AsyncTaskiqDecoratedTask, InMemoryBroker
from taskiq_redis import RedisStreamBroker

from mygemini.config import Settings
from mygemini.core.db import UnitOfWork
from mygemini.core.redis import REDIS_DOWN, Outage, connection_options

log = logging.getLogger(__name__)
# taskiq logs every message it runs at INFO ("Executing task ... with ID ..."): a formatted line
# per job that tells nothing the job's row does not. Its warnings and errors still show.
logging.getLogger("taskiq.receiver.receiver").setLevel(logging.WARNING)

JobFunction = Callable[..., Awaitable[None]]

CONSUMER_GROUP = "mygemini-workers"
# How long one XREADGROUP waits for a message before the loop looks at claimable ones.
READ_BLOCK_MS = 2000
# Past this many entries the stream is trimmed (acknowledged messages are never deleted). Only a
# backlog that long could lose a message to trimming, and the sweeper re-sends those jobs.
STREAM_MAXLEN = 10_000
# How often a busy listener also looks for messages a dead consumer left (XAUTOCLAIM).
AUTOCLAIM_EVERY_SECONDS = 1.0
# Finished messages are acknowledged together, this long after the first of them: one XACK for
# several jobs. One lost with the process (killed before the batch went out) is handed out again
# after `idle_timeout`, and its claim then finds the job done.
ACK_BATCH_SECONDS = 0.05
ACK_FAILURES: tuple[type[Exception], ...] = (*REDIS_DOWN, ResponseError)


class JobStreamBroker(RedisStreamBroker):
    """taskiq's stream broker with a listener that survives Redis going away.

    taskiq's listener raises on every error and taskiq restarts it at once, forever: a Redis
    restart (which drops the stream and its consumer group when Redis keeps no data) became an
    endless `NOGROUP` loop of tracebacks, and any blip cancelled the jobs the worker was running.
    Here the listener waits with a growing pause while Redis is unreachable, recreates the group
    when it is gone, logs one line when an outage starts and one when it ends, and never raises
    for either.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            settings.redis_url,
            queue_name=settings.jobs_stream,
            consumer_group_name=CONSUMER_GROUP,
            # A new group reads the stream from its start, not only what arrives after it: after
            # a Redis restart, jobs are sent again before (or while) workers recreate the group.
            consumer_id="0",
            xread_block=READ_BLOCK_MS,
            # One message per read, taken only when this worker has room for a job: a worker
            # does not hoard a backlog that idle workers could be rendering.
            xread_count=1,
            unacknowledged_batch_size=1,
            maxlen=STREAM_MAXLEN,
            # Messages a dead consumer held are claimed by another after this long.
            idle_timeout=int(settings.jobs.heartbeat_timeout_seconds * 1000 * 2),
            **connection_options(settings, blocking_read_seconds=READ_BLOCK_MS / 1000),
        )
        self._outage = Outage(log)
        self._claimed_at = 0.0
        self._unacked: list[bytes] = []
        self._acking: asyncio.Task[None] | None = None

    async def startup(self) -> None:
        await AsyncBroker.startup(self)
        try:
            await self._declare_consumer_group()
        except REDIS_DOWN as exc:
            # Senders need no group; a listener creates it as soon as Redis answers.
            self._outage.begin("Redis does not answer (%s); the job stream waits for it", exc)

    async def _declare_consumer_group(self) -> None:
        async with Redis(connection_pool=self.connection_pool) as redis:
            try:
                await redis.xgroup_create(
                    self.queue_name, self.consumer_group_name, id=self.consumer_id, mkstream=True
                )
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    async def epoch(self) -> str:
        """Changes whenever Redis restarts (its run id): what was only in Redis may be gone."""
        async with Redis(connection_pool=self.connection_pool) as redis:
            info = await redis.info("server")
        return str(info["run_id"])

    async def listen(self) -> AsyncGenerator[AckableMessage, None]:
        pause = 0.0
        async with Redis(connection_pool=self.connection_pool) as redis:
            while True:
                try:
                    messages = await self._fetch(redis)
                except ResponseError as exc:
                    if "NOGROUP" not in str(exc):
                        raise
                    self._outage.begin(
                        "the consumer group of %s is gone (Redis restarted?); recreating it",
                        self.queue_name,
                    )
                    try:
                        await self._declare_consumer_group()
                        continue
                    except REDIS_DOWN:
                        pass
                except REDIS_DOWN as exc:
                    self._outage.begin("Redis does not answer (%s); waiting for it", exc)
                else:
                    pause = 0.0
                    self._outage.end("Redis answers again; listening to %s", self.queue_name)
                    for message in messages:
                        yield message
                    continue
                pause = min(3.0, max(0.1, pause * 2))
                await asyncio.sleep(pause)

    async def _fetch(self, redis: Redis) -> list[AckableMessage]:
        """New messages, then (every few seconds, or when none came) those a dead consumer held
        for longer than `idle_timeout`."""
        fetched: Any = await redis.xreadgroup(
            self.consumer_group_name,
            self.consumer_name,
            {self.queue_name: ">"},
            block=self.block,
            count=self.count,
        )
        entries: list[Any] = [entry for _, batch in fetched or () for entry in batch]
        now = time.monotonic()
        if entries and now - self._claimed_at < AUTOCLAIM_EVERY_SECONDS:
            # A busy stream: a second round trip per message only to find nothing abandoned.
            return self._ackable(entries)
        self._claimed_at = now
        # XAUTOCLAIM is atomic: concurrent workers each get other messages, no lock needed.
        claimed: Any = await redis.xautoclaim(
            self.queue_name,
            self.consumer_group_name,
            self.consumer_name,
            min_idle_time=self.idle_timeout,
            count=self.unacknowledged_batch_size,
        )
        entries.extend(claimed[1])
        return self._ackable(entries)

    def _ackable(self, entries: list[Any]) -> list[AckableMessage]:
        return [
            AckableMessage(data=fields[b"data"], ack=self._acknowledger(message_id))
            for message_id, fields in entries
            if fields  # a trimmed message's id comes back without its fields
        ]

    def _acknowledger(self, message_id: bytes) -> Callable[[], Awaitable[None]]:
        async def ack() -> None:
            self._unacked.append(message_id)
            if self._acking is None or self._acking.done():
                self._acking = asyncio.create_task(self._ack_soon())

        return ack

    async def _ack_soon(self) -> None:
        await asyncio.sleep(ACK_BATCH_SECONDS)
        await self._ack_now()

    async def _ack_now(self) -> None:
        message_ids, self._unacked = self._unacked, []
        if not message_ids:
            return
        try:
            async with Redis(connection_pool=self.connection_pool) as redis:
                await redis.xack(self.queue_name, self.consumer_group_name, *message_ids)
        except ACK_FAILURES as exc:
            # The job's row already tells its outcome: an unacknowledged message is handed out
            # again later and its claim fails, which costs one query.
            log.debug("could not acknowledge %s messages: %s", len(message_ids), exc)

    async def shutdown(self) -> None:
        if self._acking is not None and not self._acking.done():
            self._acking.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._acking
        await self._ack_now()
        await super().shutdown()


def make_broker(settings: Settings) -> AsyncBroker:
    if settings.redis_url:
        return JobStreamBroker(settings)
    return InMemoryBroker(max_async_tasks=jobs_in_progress(settings))


def jobs_in_progress(settings: Settings) -> int:
    """How many jobs one process runs at once (see JobSettings.concurrency)."""
    return max(1, settings.render.concurrency, settings.jobs.concurrency)


class JobQueue:
    def __init__(self, settings: Settings) -> None:
        self.broker = make_broker(settings)
        self.in_process = not settings.redis_url
        self._tasks: dict[str, AsyncTaskiqDecoratedTask[Any, Any]] = {}
        self._started = False
        # The in-process broker's messages live as long as this process: its life is the epoch.
        self._process_epoch = f"process:{uuid.uuid4().hex}"
        # The epoch seen last; sends record it. If the broker restarted since, the job is
        # recorded under the old epoch and the next resend pass sends it again.
        self.known_epoch: str | None = None if settings.redis_url else self._process_epoch
        # Set while sends fail: requests then leave their jobs to the resend loop instead of
        # each waiting out the broker's timeouts.
        self.broker_down = False

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

    async def epoch(self) -> str:
        """An id of the broker's current life; when it changes, messages sent before may be lost.
        Redis's run id, or this process's life for the in-process broker."""
        if isinstance(self.broker, JobStreamBroker):
            self.known_epoch = await self.broker.epoch()
            return self.known_epoch
        return self._process_epoch

    def enqueue_after_commit(self, uow: UnitOfWork, name: str, *args: Any) -> None:
        async def send() -> None:
            await self.enqueue(name, *args)

        uow.after_commit(send)

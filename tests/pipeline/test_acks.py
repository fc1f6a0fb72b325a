"""A worker acknowledges finished messages together, a moment after the first: one XACK for
several jobs. None is left unacknowledged by a worker that stops (it sends what it holds), and a
batch goes out on its own soon after."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis.asyncio import Redis
from taskiq import AckableMessage

from mygemini.core import jobs
from mygemini.core.jobs import CONSUMER_GROUP, JobStreamBroker
from tests.conftest import REDIS_URL, make_settings
from tests.waiting import eventually

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="needs Redis (set MYGEMINI_TEST_REDIS_URL); runs in the scaled-out pass"
)


async def _ack(message: AckableMessage) -> None:
    """What taskiq's receiver does with a finished message."""
    done = message.ack()
    assert done is not None  # ours is a coroutine function
    await done


async def _five_received(
    tmp_path: Path, redis_url: str
) -> tuple[JobStreamBroker, Redis, list[AckableMessage]]:
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path}/unused.db", redis_url)
    broker = JobStreamBroker(settings)
    await broker.startup()
    client = Redis.from_url(redis_url)
    for n in range(5):
        await client.xadd(settings.jobs_stream, {b"data": f"message {n}".encode()})
    received: list[AckableMessage] = []
    listening = broker.listen()
    while len(received) < 5:
        received.append(await anext(listening))
    await listening.aclose()
    return broker, client, received


async def _pending(client: Redis, broker: JobStreamBroker) -> int:
    summary = await client.xpending(broker.queue_name, CONSUMER_GROUP)
    return int(summary["pending"])


async def test_acknowledgements_wait_for_their_batch_and_a_stopping_worker_sends_them(
    tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "ACK_BATCH_SECONDS", 3600.0)
    broker, client, received = await _five_received(tmp_path, redis_url)
    try:
        for message in received:
            await _ack(message)
        # Held for the batch: still pending in the stream.
        assert await _pending(client, broker) == 5
        await broker.shutdown()
        assert await _pending(client, broker) == 0
    finally:
        await client.aclose()


async def test_a_batch_of_acknowledgements_goes_out_on_its_own(
    tmp_path: Path, redis_url: str
) -> None:
    broker, client, received = await _five_received(tmp_path, redis_url)
    try:
        for message in received:
            await _ack(message)
        await eventually(
            lambda: _pending(client, broker),
            "the five messages to be acknowledged",
            until=lambda pending: pending == 0,
            within=10,
        )
    finally:
        await broker.shutdown()
        await client.aclose()

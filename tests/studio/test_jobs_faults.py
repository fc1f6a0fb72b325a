"""The job row is the truth: dead workers, lost messages and retries never lose or double-charge
a job. Includes a real separate worker process killed mid-render (scaled-out pass)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import socketio
from fastapi import FastAPI
from sqlalchemy import update

from mygemini.models import Generation
from mygemini.models.base import utcnow
from mygemini.pipeline.sweeper import sweep
from tests.conftest import sign_up
from tests.live import serving
from tests.pushes import listening
from tests.studio.conftest import generate, ledger_state, studio_app, wait_for
from tests.workers import spawn_worker


def _at_rest(redis_url: str) -> set[str]:
    """Where a new job stops when no worker process runs: embedded, the app itself runs it to the
    end (rewriting its row before then would race the job); scaled out, it stays queued."""
    return {"queued"} if redis_url else {"succeeded"}


async def _pretend_worker_died(app: FastAPI, generation_id: int, attempts: int) -> None:
    """What a crashed worker leaves behind: a running row whose heartbeat stopped long ago."""
    long_ago = utcnow() - timedelta(hours=1)
    async with app.state.db.unit_of_work() as uow:
        await uow.session.execute(
            update(Generation)
            .where(Generation.id == generation_id)
            .values(status="running", attempts=attempts, heartbeat_at=long_ago, started_at=long_ago)
        )


async def test_sweeper_requeues_a_dead_workers_job_which_then_succeeds(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url, worker=False) as app:
        me = await sign_up(app)
        # No worker consumes in the scaled-out pass here; embedded jobs would run at once, so
        # take the job out of the queue's hands first by marking it as a dead worker's.
        job = (await generate(me)).json()
        await wait_for(me, job["id"], _at_rest(redis_url))
        await _pretend_worker_died(app, job["id"], attempts=1)
        report = await sweep(app.state.ctx)
        assert report.requeued == 1
        from tests.workers import start_worker

        async with start_worker(app.state.ctx.settings):
            done = await wait_for(me, job["id"], {"succeeded", "failed"})
        assert done["status"] == "succeeded"
        balance, total, reasons = await ledger_state(app, me.id)
        assert (
            balance == total == 9 and reasons.count("generation") == 1 and "refund" not in reasons
        )
        await me.client.aclose()


async def test_sweeper_fails_and_refunds_once_after_the_last_attempt(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url, worker=False) as app:
        me = await sign_up(app)
        job = (await generate(me)).json()
        await wait_for(me, job["id"], _at_rest(redis_url))
        await _pretend_worker_died(app, job["id"], attempts=3)
        first = await sweep(app.state.ctx)
        second = await sweep(app.state.ctx)
        assert (first.failed, second.failed) == (1, 0)
        done = await wait_for(me, job["id"], {"failed"})
        assert "star" in done["error"]
        balance, total, reasons = await ledger_state(app, me.id)
        assert balance == total == 10 and reasons.count("refund") == 1
        await me.client.aclose()


async def test_lost_queue_messages_are_handed_out_again(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with studio_app(tmp_path, database_url, redis_url, worker=False) as app:
        me = await sign_up(app)
        job = (await generate(me)).json()
        await wait_for(me, job["id"], _at_rest(redis_url))
        # As after an embedded restart: the row is queued, no message exists any more.
        async with app.state.db.unit_of_work() as uow:
            await uow.session.execute(
                update(Generation)
                .where(Generation.id == job["id"])
                .values(status="queued", enqueued_at=utcnow() - timedelta(hours=1))
            )
        report = await sweep(app.state.ctx)
        assert report.rekicked == 1
        from tests.workers import start_worker

        async with start_worker(app.state.ctx.settings):
            done = await wait_for(me, job["id"], {"succeeded", "failed"})
        assert done["status"] == "succeeded"
        await me.client.aclose()


async def test_progress_and_finish_are_pushed_to_the_owner(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    slow = {"backend": "noop", "noop_seconds": 1.0}
    async with studio_app(tmp_path, database_url, redis_url, render=slow) as app:
        await _watch_one_generation(app)


async def _watch_one_generation(app: FastAPI) -> None:
    async with serving(app.state.ctx.realtime.asgi(app)) as base:
        me = await sign_up(app)
        events: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("generation.progress", lambda d: events.put_nowait(("progress", d)))
        sio.on("generation.finished", lambda d: events.put_nowait(("finished", d)))
        await sio.connect(base, auth={"token": me.token}, transports=["websocket"])
        await listening(app)  # scaled out, the worker's pushes come through Redis
        try:
            job = (await generate(me)).json()
            seen: list[tuple[str, dict[str, Any]]] = []
            async with asyncio.timeout(30):
                while not seen or seen[-1][0] != "finished":
                    seen.append(await events.get())
        finally:
            await sio.disconnect()
        progress = [float(d["progress"]) for kind, d in seen if kind == "progress"]
        assert progress == sorted(progress) and len(progress) >= 2
        assert 0 < max(progress) <= 1
        final = seen[-1][1]
        assert final["id"] == job["id"] and final["status"] == "succeeded" and final["gemini_id"]
        await me.client.aclose()


async def test_worker_killed_mid_render_is_retried_and_charged_once(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    if not redis_url:
        pytest.skip("needs Redis and a separate worker process; runs in the scaled-out pass")
    async with studio_app(
        tmp_path,
        database_url,
        redis_url,
        render={"backend": "noop", "noop_seconds": 4.0},
        jobs={"heartbeat_timeout_seconds": 1.0},
        worker=False,
    ) as app:
        settings = app.state.ctx.settings
        me = await sign_up(app)
        doomed = await spawn_worker(settings)
        job = (await generate(me)).json()
        running = await wait_for(me, job["id"], {"running"})
        assert running["status"] == "running"
        doomed.kill()
        await doomed.wait()
        # The sweep looks from just past the heartbeat timeout instead of waiting for it.
        stale = timedelta(seconds=settings.jobs.heartbeat_timeout_seconds + 0.5)
        report = await sweep(app.state.ctx, now=utcnow() + stale)
        assert report.requeued == 1
        rescuer = await spawn_worker(settings)
        try:
            done = await wait_for(me, job["id"], {"succeeded", "failed"}, within=60)
        finally:
            rescuer.kill()
            await rescuer.wait()
        assert done["status"] == "succeeded"
        balance, total, reasons = await ledger_state(app, me.id)
        assert balance == total == 9 and reasons == ["signup_grant", "generation"]
        await me.client.aclose()

"""Jobs survive their broker: a message that never reached it is sent again within seconds, a
Redis restart (stream and consumer group gone) loses no job and charges none twice, and while
Redis is down the endpoints that need it answer 503 with the JSON error body, quickly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from mygemini.app import create_app
from mygemini.models import Gemini, Generation, User
from mygemini.studio import service
from mygemini.studio.schemas import RecipeIn
from tests.conftest import REDIS_URL, Person, make_settings, sign_up
from tests.live import serving
from tests.redis_server import RedisServer, own_redis
from tests.studio.conftest import RECIPE, generate, ledger_state, studio_app, wait_for
from tests.workers import spawn_worker

needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="needs Redis (set MYGEMINI_TEST_REDIS_URL); runs in the scaled-out pass"
)


async def _commit_without_sending(app: FastAPI, person: Person) -> int:
    """What an API process killed right after its commit leaves: a queued, paid job whose
    message never went out (the side effects after commit never ran)."""
    ctx = app.state.ctx
    uow = ctx.db.begin()
    try:
        user = await uow.session.get(User, person.id)
        out = await service.request_generation(uow, ctx, user, RecipeIn.model_validate(RECIPE))
        await uow.commit()
    finally:
        await uow.session.close()
    return out.id


async def test_a_job_committed_but_never_sent_runs_within_seconds(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    # requeue_after_seconds stays at its 5 minutes: only the outbox can rescue the job in time.
    async with (
        studio_app(tmp_path, database_url, redis_url, studio={"warm_previews": False}) as app,
        serving(app, lifespan=True),
    ):
        me = await sign_up(app)
        job_id = await _commit_without_sending(app, me)
        done = await wait_for(me, job_id, {"succeeded", "failed"}, within=20)
        assert done["status"] == "succeeded"
        balance, total, reasons = await ledger_state(app, me.id)
        assert balance == total == 9 and reasons == ["signup_grant", "generation"]
        await me.client.aclose()


async def test_a_job_sent_to_a_broker_that_lost_it_runs_when_every_process_restarted(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """Redis lost its data and every process restarted with it (a host reboot): no process saw
    the broker change, yet the job recorded as sent to the broker's old life is sent again."""
    async with studio_app(
        tmp_path, database_url, redis_url, studio={"warm_previews": False}
    ) as app:
        me = await sign_up(app)
        job_id = await _commit_without_sending(app, me)
        async with app.state.ctx.db.unit_of_work() as uow:
            job = await uow.session.get(Generation, job_id)
            assert job is not None
            job.sent_at = job.enqueued_at
            job.sent_epoch = "a-broker-life-that-is-gone"
        async with serving(app, lifespan=True):
            done = await wait_for(me, job_id, {"succeeded", "failed"}, within=20)
        assert done["status"] == "succeeded"
        balance, total, _ = await ledger_state(app, me.id)
        assert balance == total == 9
        await me.client.aclose()


@asynccontextmanager
async def _app_on(
    server: RedisServer, tmp_path: Path, database_url: str, **studio: Any
) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        tmp_path,
        database_url,
        server.url,
        render={"backend": "noop", "noop_seconds": 0.5},
        studio={"warm_previews": False, **studio},
    )
    settings.redis_timeout_seconds = 1.0
    settings.ranking_cache_seconds = 10
    app = create_app(settings)
    try:
        yield app
    finally:
        await app.state.ctx.jobs.shutdown()
        await app.state.ctx.db.dispose()


async def _jobs_at_rest(app: FastAPI) -> list[tuple[str, int, int | None]]:
    async with app.state.db.unit_of_work() as uow:
        rows = await uow.session.execute(
            select(Generation.status, Generation.attempts, Generation.gemini_id)
        )
        return [tuple(row) for row in rows]


@needs_redis
async def test_a_redis_restart_loses_no_job_and_charges_none_twice(
    tmp_path: Path, database_url: str
) -> None:
    async with own_redis() as server, _app_on(server, tmp_path, database_url) as app:
        settings = app.state.ctx.settings
        worker = await spawn_worker(settings)
        try:
            async with serving(app, lifespan=True):
                people = [await sign_up(app) for _ in range(3)]
                late = await sign_up(app)
                jobs = [(p, (await generate(p)).json()["id"]) for p in people for _ in range(2)]
                # One job renders, the others wait in the stream when Redis goes away...
                await wait_for(people[0], jobs[0][1], {"running", "succeeded"})
                await server.kill()
                # ...and people keep asking for portraits while it is gone: paid and queued.
                for _ in range(2):
                    r = await generate(late)
                    assert r.status_code == 202, r.text
                    jobs.append((late, r.json()["id"]))
                # The outage lasts a while on purpose: the worker, another process, lives through
                # its broker being gone (its reconnect loop keeps real time; nothing to drive).
                await asyncio.sleep(1)
                await server.start()  # empty: no stream, no consumer group
                started = time.monotonic()
                for person, job_id in jobs:
                    done = await wait_for(person, job_id, {"succeeded", "failed"}, within=60)
                    assert done["status"] == "succeeded", done
                # Far sooner than requeue_after_seconds (5 minutes): a bound against waiting
                # for the sweeper, not a speed test.
                assert time.monotonic() - started < 60
        finally:
            worker.kill()
            await worker.wait()
        rows = await _jobs_at_rest(app)
        assert len(rows) == len(jobs) == 8
        assert all(status == "succeeded" and attempts == 1 for status, attempts, _ in rows)
        async with app.state.db.unit_of_work() as uow:
            geminis = await uow.session.scalar(select(func.count()).select_from(Gemini))
        assert geminis == len(jobs)  # each job rendered once
        for person in [*people, late]:
            balance, total, reasons = await ledger_state(app, person.id)
            assert balance == total == 8 and reasons.count("generation") == 2, reasons
            assert "refund" not in reasons
            await person.client.aclose()
        # One line when the outage starts (per kind) and one when it ends, not one per try.
        outage_lines = [
            line
            for line in worker.lines
            if "Redis" in line or "NOGROUP" in line or "consumer group" in line
        ]
        assert 1 <= len(outage_lines) <= 4, "".join(worker.lines[-40:])
        assert not any("Traceback" in line for line in worker.lines), "".join(worker.lines[-40:])


@needs_redis
@pytest.mark.parametrize("how", ["killed", "frozen"])
async def test_endpoints_that_need_redis_answer_503_while_it_is_down(
    tmp_path: Path, database_url: str, how: str
) -> None:
    async with own_redis() as server, _app_on(server, tmp_path, database_url) as app:
        me = await sign_up(app)
        if how == "killed":
            await server.kill()
        else:
            server.freeze()  # accepts connections, never answers: the old code hung here
        try:
            for method, path, body in (
                ("POST", "/api/auth/login", {"email": me.email, "password": "wrong password 1"}),
                ("POST", "/api/auth/login", {"email": me.email, "password": me.password}),
                ("GET", "/api/rankings/daily", None),
            ):
                started = time.monotonic()
                async with asyncio.timeout(20):
                    r = await me.client.request(method, path, json=body)
                # Bounded by the Redis timeouts (1 s here), far under a request timeout.
                assert time.monotonic() - started < 8, path
                assert r.status_code == 503, (path, r.status_code, r.text)
                assert r.headers["content-type"].startswith("application/json")
                assert r.json()["error"] == "ServiceUnavailable" and r.json()["detail"]
            # A generation needs no Redis to be accepted: paid and queued, sent once Redis is
            # back (the restart test shows that part).
            started = time.monotonic()
            async with asyncio.timeout(20):
                r = await generate(me)
            # Neither the job's send nor its progress push may hold the request for long.
            assert time.monotonic() - started < 8
            assert r.status_code == 202, r.text
            balance, total, _ = await ledger_state(app, me.id)
            assert balance == total == 9
            assert [status for status, _, _ in await _jobs_at_rest(app)] == ["queued"]
        finally:
            if how == "frozen":
                server.thaw()
            await me.client.aclose()

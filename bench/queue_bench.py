"""No-op jobs per second through the real pipeline, next to the broker's floor in the same run.

    .venv/bin/python bench/queue_bench.py --jobs 300      # embedded (SQLite, in-process jobs)
    .venv/bin/python bench/queue_bench.py --jobs 600 --workers 2 \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/test --redis redis://127.0.0.1:6391/0

`--jobs` queued portrait generations (no-op renderer: a blank canvas, then the real store —
PNG, thumbnail, view copy — and the real succeed transaction with its gemini and notification)
are written in one transaction and handed to the broker in one batch; the clock runs from the
first send to the last job seen succeeded. In Redis mode `--workers` `mygemini worker` processes,
already started and idle, consume the stream; then the floor runs the same number of jobs with
the same number of processes: taskiq's stream broker, each job one PostgreSQL transaction
(bench/peers/queue_floor.py). Rounds are interleaved; medians and ours / floor are printed, and
the workers' CPU per job and RSS afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from alembic import command
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "bench/peers"))

from loadgen import cpu_seconds, rss_mib  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.workers import spawn_worker  # noqa: E402

from mygemini.app import create_app  # noqa: E402
from mygemini.config import JobSettings, Settings  # noqa: E402
from mygemini.migrations import alembic_config  # noqa: E402
from mygemini.models import Generation, GenerationStatus, Purpose  # noqa: E402
from mygemini.pipeline.queue import send_renders  # noqa: E402
from mygemini.pipeline.repository import GenerationRepository  # noqa: E402
from mygemini.studio.catalog import load_catalog  # noqa: E402


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def fresh_pg(url: str) -> str:
    name = f"mygemini_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(plain(url))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.rsplit("/", 1)[0] + "/" + name


async def drop_pg(url: str) -> None:
    admin, name = url.rsplit("/", 1)
    conn = await asyncpg.connect(plain(admin + "/postgres"))
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def ours_round(
    app: object, settings: Settings, owner: int, jobs: int, pids: list[int]
) -> tuple[float, float]:
    """jobs/s and worker CPU ms per job (all processes that ran jobs)."""
    ctx = app.state.ctx  # type: ignore[attr-defined]
    recipe = {"attributes": dict(load_catalog().presets[0].attributes)}
    async with ctx.db.unit_of_work() as uow:
        repo = GenerationRepository(uow.session)
        ids = [
            (
                await repo.add(
                    Generation(
                        user_id=owner,
                        purpose=Purpose.PORTRAIT,
                        recipe=recipe,
                        seed=i,
                        cost=0,
                        status=GenerationStatus.QUEUED,
                    )
                )
            ).id
            for i in range(jobs)
        ]
    cpu0 = sum(cpu_seconds(p) for p in pids)
    t0 = time.perf_counter()
    await send_renders(ctx, ids)
    # The round's jobs are the owner's with ids from the first to the last of them (ids only
    # grow; earlier rounds' are below): counted by that range, so watching costs the box little
    # (an IN list of every id, planned 50 times a second, took 0.17 of its 2 cores away from
    # the workers).
    first, last = min(ids), max(ids)
    if settings.database_url.startswith("postgresql"):
        # Watched as the floor's jobs are (one asyncpg connection, a plain count): this process
        # shares the 2 cores with the workers, and a look through a session cost 1.1-1.6 ms of CPU
        # against 0.08-0.12 ms this way.
        conn = await asyncpg.connect(plain(settings.database_url))
        try:
            while await conn.fetchval(_SUCCEEDED_BETWEEN, first, last, owner) < jobs:
                await asyncio.sleep(0.02)
        finally:
            await conn.close()
    else:
        while await _succeeded_between(ctx, first, last, owner) < jobs:
            await asyncio.sleep(0.02)
    took = time.perf_counter() - t0
    cpu = sum(cpu_seconds(p) for p in pids) - cpu0
    return jobs / took, cpu * 1000 / jobs


_SUCCEEDED_BETWEEN = (
    "SELECT count(*) FROM generations "
    "WHERE id BETWEEN $1 AND $2 AND user_id = $3 AND status = 'succeeded'"
)


async def _succeeded_between(ctx: Any, first: int, last: int, owner: int) -> int:
    async with ctx.db.read_only() as uow:
        done = await uow.session.scalar(
            select(func.count()).where(
                Generation.id.between(first, last),
                Generation.user_id == owner,
                Generation.status == GenerationStatus.SUCCEEDED,
            )
        )
    return int(done or 0)


async def floor_round(
    redis_url: str, stream: str, dsn: str, jobs: int, pids: list[int]
) -> tuple[float, float]:
    from queue_floor import broker

    conn = await asyncpg.connect(dsn)
    await conn.execute("TRUNCATE floor_jobs")
    await conn.execute("INSERT INTO floor_jobs SELECT i, false FROM generate_series(1, $1) i", jobs)
    b = broker(redis_url, stream)
    task = b.register_task(lambda job_id: None, task_name="floor.job")
    await b.startup()
    cpu0 = sum(cpu_seconds(p) for p in pids)
    t0 = time.perf_counter()
    for i in range(1, jobs + 1):
        await task.kiq(i)
    while await conn.fetchval("SELECT count(*) FROM floor_jobs WHERE done") < jobs:
        await asyncio.sleep(0.02)
    took = time.perf_counter() - t0
    cpu = sum(cpu_seconds(p) for p in pids) - cpu0
    await b.shutdown()
    await conn.close()
    return jobs / took, cpu * 1000 / jobs


async def run(args: argparse.Namespace) -> None:
    data = Path(tempfile.mkdtemp(prefix="mygemini-bench-"))
    db_url = await fresh_pg(args.database) if args.database else f"sqlite+aiosqlite:///{data}/b.db"
    await asyncio.to_thread(command.upgrade, alembic_config(db_url), "head")
    settings = make_settings(
        data,
        db_url,
        args.redis or "",
        studio={"generation_cost": 0, "max_unfinished_per_person": 10**6},
        # What production runs (the tests' 0.2 s beat makes their fault cases quick).
        jobs={
            "heartbeat_interval_seconds": JobSettings().heartbeat_interval_seconds,
            "concurrency": args.job_concurrency or JobSettings().concurrency,
        },
    )
    app = create_app(settings)
    workers = [await spawn_worker(settings) for _ in range(args.workers)] if args.redis else []
    floor_procs: list[asyncio.subprocess.Process] = []
    floor_stream = f"bench-floor-{uuid.uuid4().hex[:6]}"
    ours_rates: list[float] = []
    ours_cpu: list[float] = []
    floor_rates: list[float] = []
    floor_cpu: list[float] = []
    try:
        if args.redis:
            dsn = plain(db_url)
            conn = await asyncpg.connect(dsn)
            await conn.execute("CREATE TABLE floor_jobs (id int PRIMARY KEY, done bool)")
            await conn.close()
            for _ in range(args.workers):
                proc = await asyncio.create_subprocess_exec(
                    sys.executable,
                    str(ROOT / "bench/peers/queue_floor.py"),
                    "worker",
                    args.redis,
                    floor_stream,
                    dsn,
                    str(settings.jobs.concurrency),
                    stdout=asyncio.subprocess.PIPE,
                )
                assert proc.stdout is not None
                await asyncio.wait_for(proc.stdout.readline(), 60)
                floor_procs.append(proc)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as c:
            r = await c.post(
                "/api/auth/signup",
                json={
                    "email": "bench@example.com",
                    "password": "bench-pass-1",
                    "nickname": "bench",
                },
            )
            owner = r.json()["user"]["id"]
        import os

        ours_pids = [w.pid for w in workers] or [os.getpid()]
        await ours_round(app, settings, owner, 20, ours_pids)  # warm
        for round_ in range(args.rounds):
            rate, cpu = await ours_round(app, settings, owner, args.jobs, ours_pids)
            ours_rates.append(rate)
            ours_cpu.append(cpu)
            if floor_procs:
                rate, cpu = await floor_round(
                    args.redis, floor_stream, plain(db_url), args.jobs, [p.pid for p in floor_procs]
                )
                floor_rates.append(rate)
                floor_cpu.append(cpu)
            print(f"round {round_ + 1}/{args.rounds} done", flush=True)
        mode = f"Redis, {args.workers} worker processes" if args.redis else "embedded (in-process)"
        print(
            f"\n{args.jobs} no-op jobs per round, {args.rounds} rounds; {mode}; "
            f"{'PostgreSQL' if args.database else 'SQLite'}; jobs.concurrency "
            f"{settings.jobs.concurrency}, render.concurrency {settings.render.concurrency}"
        )
        print(
            f"ours:  {statistics.median(ours_rates):7.1f} jobs/s  "
            f"{statistics.median(ours_cpu):6.2f} ms CPU/job (rounds: "
            + ", ".join(f"{r:.0f}" for r in ours_rates)
            + ")"
        )
        if floor_rates:
            print(
                f"floor: {statistics.median(floor_rates):7.1f} jobs/s  "
                f"{statistics.median(floor_cpu):6.2f} ms CPU/job (rounds: "
                + ", ".join(f"{r:.0f}" for r in floor_rates)
                + ")"
            )
            ratio = statistics.median(ours_rates) / statistics.median(floor_rates)
            print(f"ours / floor: {ratio:.2f}x")
        for w in workers:
            print(f"RSS of `worker` {w.pid} after the runs: {rss_mib(w.pid):.0f} MiB")
        if not workers:
            print(
                f"RSS of the embedded app's process after the runs: {rss_mib(os.getpid()):.0f} MiB"
            )
    finally:
        for w in workers:
            w.kill()
            await w.wait()
        for p in floor_procs:
            p.kill()
            await p.wait()
        await app.state.ctx.jobs.shutdown()
        await app.state.ctx.db.dispose()
        if args.database:
            await drop_pg(db_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="")
    parser.add_argument("--redis", default="")
    parser.add_argument(
        "--job-concurrency", type=int, default=0, help="jobs.concurrency (default: the setting's)"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""End-to-end queue benchmark: jobs/s and enqueue-to-start latency with the no-op renderer.

    .venv/bin/python bench/queue_bench.py --jobs 200    # embedded (SQLite, in-process jobs)
    .venv/bin/python bench/queue_bench.py --jobs 200 --workers 2 \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/test --redis redis://127.0.0.1:6379/14

Requests go through the real HTTP app (ASGI, in-process client); in Redis mode separate
`mygemini worker` processes consume the stream. Bounded: stops after --jobs jobs or --timeout s.
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

import asyncpg
import httpx
from alembic import command
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import make_settings  # noqa: E402
from tests.workers import spawn_worker  # noqa: E402

from mygemini.app import create_app  # noqa: E402
from mygemini.migrations import alembic_config  # noqa: E402
from mygemini.models import Generation  # noqa: E402

RECIPE: dict[str, dict[str, str]] = {"attributes": {}}


async def fresh_pg(url: str) -> str:
    name = f"mygemini_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.rsplit("/", 1)[0] + "/" + name


async def run(args: argparse.Namespace) -> None:
    from mygemini.studio.catalog import load_catalog

    preset = load_catalog().presets[0]
    recipe = {"attributes": dict(preset.attributes)}
    data = Path(tempfile.mkdtemp(prefix="mygemini-bench-"))
    db_url = await fresh_pg(args.database) if args.database else f"sqlite+aiosqlite:///{data}/b.db"
    await asyncio.to_thread(command.upgrade, alembic_config(db_url), "head")
    settings = make_settings(
        data,
        db_url,
        args.redis or "",
        render={"backend": "noop", "concurrency": args.concurrency},
        studio={"generation_cost": 0, "max_unfinished_per_person": 10**6},
    )
    app = create_app(settings)
    workers = [await spawn_worker(settings) for _ in range(args.workers)] if args.redis else []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as c:
        r = await c.post(
            "/api/auth/signup",
            json={"email": "bench@example.com", "password": "bench-pass-1", "nickname": "bench"},
        )
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        t0 = time.perf_counter()
        ids = []
        for _ in range(args.jobs):
            r = await c.post("/api/studio/generations", json={"recipe": recipe}, headers=auth)
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
            if args.paced:
                # one at a time: measures pickup latency on an idle queue, not backlog
                while (await c.get(f"/api/studio/generations/{ids[-1]}", headers=auth)).json()[
                    "status"
                ] != "succeeded":
                    await asyncio.sleep(0.005)
        enqueued = time.perf_counter() - t0
        deadline = time.perf_counter() + args.timeout
        while time.perf_counter() < deadline:
            async with app.state.db.unit_of_work() as uow:
                rows = (
                    await uow.session.scalars(select(Generation).where(Generation.id.in_(ids)))
                ).all()
            if all(g.status == "succeeded" for g in rows):
                break
            await asyncio.sleep(0.05)
        total = time.perf_counter() - t0
    for w in workers:
        w.kill()
        await w.wait()
    await app.state.ctx.jobs.shutdown()
    await app.state.ctx.db.dispose()
    done = [g for g in rows if g.status == "succeeded"]
    waits = sorted(
        (g.started_at - g.created_at).total_seconds() * 1000 for g in done if g.started_at
    )
    mode = f"redis, {args.workers} worker process(es)" if args.redis else "embedded (in-process)"
    mode += ", paced" if args.paced else ", burst"
    print(f"mode: {mode}; db: {'postgresql' if args.database else 'sqlite'}")
    print(
        f"jobs: {len(done)}/{args.jobs} succeeded in {total:.2f} s "
        f"(requests took {enqueued:.2f} s) -> {len(done) / total:.1f} jobs/s"
    )
    if waits:
        print(
            f"enqueue-to-start latency ms: p50 {statistics.median(waits):.1f} "
            f"p90 {waits[int(len(waits) * 0.9) - 1]:.1f} max {waits[-1]:.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--database", default="")
    parser.add_argument("--redis", default="")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--paced", action="store_true", help="submit the next job after the last")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""Feed and ranking endpoints under concurrent load, against a served app and its database.

    MYGEMINI_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/mygemini_bench \\
        .venv/bin/mygemini demo --users 5000 --geminis 100000 --likes 1000000
    .venv/bin/python bench/feed_bench.py \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/mygemini_bench

Starts `mygemini serve` on a free loopback port, sends a bounded number of requests per endpoint
with N concurrent clients (following next_cursor a few pages deep, as infinite scroll does),
prints requests/s and p50/p99 latency, then EXPLAINs the hot queries to show the indexes used.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

MYGEMINI = str(Path(sys.executable).with_name("mygemini"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def hammer(base: str, path: str, total: int, clients: int, pages: int) -> list[float]:
    latencies: list[float] = []
    todo = total

    async def client() -> None:
        nonlocal todo
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            cursor = None
            depth = 0
            while todo > 0:
                todo -= 1
                url = path + (("&" if "?" in path else "?") + f"cursor={cursor}" if cursor else "")
                t = time.perf_counter()
                r = await http.get(url)
                latencies.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (url, r.status_code, r.text[:200])
                cursor = r.json().get("next_cursor")
                depth += 1
                if cursor is None or depth >= pages:
                    cursor, depth = None, 0

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


PLANS = {
    "feed latest (page 2+)": "SELECT * FROM geminis WHERE visibility = 'public' AND "
    "(published_at, id) < (now() - interval '1 hour', 50000) "
    "ORDER BY published_at DESC, id DESC LIMIT 25",
    "feed popular (page 2+)": "SELECT * FROM geminis WHERE visibility = 'public' AND "
    "(like_count, id) < (10, 50000) ORDER BY like_count DESC, id DESC LIMIT 25",
    "ranking daily (live, cached ~10 s)": "SELECT l.gemini_id, count(l.id) AS score, "
    "max(l.created_at) AS reached FROM likes l JOIN geminis g ON g.id = l.gemini_id "
    "WHERE l.created_at >= now() - interval '1 day' AND l.created_at < now() "
    "AND g.visibility = 'public' GROUP BY l.gemini_id "
    "ORDER BY score DESC, reached ASC, l.gemini_id ASC LIMIT 5",
}


async def explain(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    for name, sql in PLANS.items():
        rows = await conn.fetch("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql)
        print(f"\n-- {name}")
        for r in rows:
            print("  " + r[0])
    await conn.close()


async def run(args: argparse.Namespace) -> None:
    port = free_port()
    env = {
        **os.environ,
        "MYGEMINI_DATABASE_URL": args.database,
        "MYGEMINI_DATA_DIR": args.data_dir,
        "MYGEMINI_LOG_LEVEL": "WARNING",
        "MYGEMINI_STUDIO__WARM_PREVIEWS": "false",
    }
    if args.redis:
        env["MYGEMINI_REDIS_URL"] = args.redis
    server = subprocess.Popen(
        [MYGEMINI, "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(100):
                try:
                    if (await http.get(f"{base}/api/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        print(
            f"{args.requests} requests per endpoint, {args.clients} concurrent clients, "
            f"pages up to {args.pages} deep"
        )
        print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for path in (
            "/api/feed?kind=latest&limit=24",
            "/api/feed?kind=popular&limit=24",
            "/api/rankings/daily",
            "/api/rankings/weekly",
            "/api/rankings/daily?period=previous",
        ):
            await hammer(base, path, min(50, args.requests), args.clients, args.pages)  # warm
            t = time.perf_counter()
            lat = sorted(await hammer(base, path, args.requests, args.clients, args.pages))
            rate = len(lat) / (time.perf_counter() - t)
            p99 = lat[max(0, int(len(lat) * 0.99) - 1)]
            print(f"{path:<34} {rate:>8.1f} {statistics.median(lat):>8.1f} {p99:>8.1f}")
    finally:
        server.terminate()
        server.wait(10)
    await explain(args.database.replace("postgresql+asyncpg://", "postgresql://"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis", default="")
    parser.add_argument("--data-dir", default="/tmp/mygemini-bench")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pages", type=int, default=5)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""Feeds, profiles and rankings under load, side by side with a hand-written peer.

    MYGEMINI_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/mygemini_bench \\
        .venv/bin/mygemini demo --users 5000 --geminis 100000 --likes 1000000
    .venv/bin/python bench/feed_bench.py \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/mygemini_bench \\
        --redis redis://127.0.0.1:6391/0

Starts `mygemini serve` (one process, and two behind uvicorn's `--workers 2`) and the peer
(bench/peers/feed_peer.py: FastAPI + asyncpg, the same SQL, byte-identical JSON, checked first)
on free loopback ports, then runs `wrk` against each in turn, round after round (interleaved, so
a busy moment of the shared box hits both); the fixed rate (two processes each) runs
bench/openloop.c, an open-loop generator (requests sent when due, latency from then). It prints
the medians, the server CPU per request
(from /proc, steadier than req/s on a shared box), the PostgreSQL backends seen during the run,
and ours / peer ratios. Finally the RSS of the one-process `serve`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import (
    HEADER,
    Run,
    Server,
    free_port,
    line,
    median_run,
    openloop,
    rate_of,
    rss_mib,
    start,
    wrk,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mygemini.config import StorageSettings  # noqa: E402

MEDIA_SECRET = "bench-media-signing-secret-0123456789abcdef"
BIN = Path(sys.executable).parent
FEED = "/api/feed?kind=latest&limit=24"


def env_for(args: argparse.Namespace, src: str = "", **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": src or args.src,
        "MYGEMINI_DATABASE_URL": args.database,
        "MYGEMINI_DATA_DIR": args.data_dir,
        "MYGEMINI_LOG_LEVEL": "WARNING",
        "MYGEMINI_STUDIO__WARM_PREVIEWS": "false",
        "PEER_DATABASE_URL": args.database,
        # Demo thumbnails are private files: both sign their URLs with this key and lifetime.
        "MYGEMINI_STORAGE__SIGNING_SECRET": MEDIA_SECRET,
        "PEER_MEDIA_SECRET": MEDIA_SECRET,
        "PEER_SIGNED_SECONDS": str(StorageSettings().presign_seconds),
        **extra,
    }
    if args.redis:
        env["MYGEMINI_REDIS_URL"] = args.redis
    return env


async def ours(
    args: argparse.Namespace, name: str, workers: int, src: str = "", **extra: str
) -> Server:
    port = free_port()
    argv = [str(BIN / "uvicorn"), "mygemini.app:serve_asgi", "--factory", "--port", str(port)]
    argv += ["--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    return await start(name, argv, env_for(args, src, **extra), port)


async def peer(args: argparse.Namespace, name: str, workers: int) -> Server:
    port = free_port()
    argv = [str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench/peers"), "feed_peer:app"]
    argv += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    argv += ["--workers", str(workers)]
    return await start(name, argv, env_for(args), port)


async def same_bytes(a: Server, b: Server) -> None:
    async with httpx.AsyncClient() as http:
        path = FEED
        for _ in range(3):  # the first page and two after it
            ra, rb = await http.get(a.base + path), await http.get(b.base + path)
            assert ra.status_code == rb.status_code == 200, (ra.text[:200], rb.text[:200])
            assert ra.content == rb.content, "ours and the peer differ:\n" + ra.text[:300]
            path = FEED + "&cursor=" + ra.json()["next_cursor"]
    print("ours and the peer answer byte-identical feed pages (3 pages checked)")


async def bench_person(server: Server, database: str) -> tuple[str, dict[str, str]]:
    """A nickname to read and an access token of a fresh account."""
    conn = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
    nickname = await conn.fetchval("SELECT nickname FROM users ORDER BY id LIMIT 1")
    await conn.close()
    async with httpx.AsyncClient() as http:
        nick = f"bench{os.getpid() % 100000}"
        r = await http.post(
            server.base + "/api/auth/signup",
            json={"email": f"{nick}@example.com", "password": "bench-pass-1", "nickname": nick},
        )
        if r.status_code != 201:
            r = await http.post(
                server.base + "/api/auth/login",
                json={"email": f"{nick}@example.com", "password": "bench-pass-1"},
            )
        token = r.json()["access_token"]
    return str(nickname), {"Authorization": f"Bearer {token}"}


Plan = list[tuple[str, Server, str, dict[str, Any]]]


async def measure(args: argparse.Namespace, plan: Plan, results: dict[str, list[Run]]) -> None:
    """Warm every path, then run the plan round after round (interleaved)."""
    for _, server, path, kw in plan:
        await wrk(server, path, connections=4, seconds=1, headers=kw.get("headers"))
    for round_ in range(args.rounds):
        for label, server, path, kw in plan:
            if kw.get("rate"):
                run = await openloop(
                    server,
                    path,
                    rate=float(kw["rate"]),
                    seconds=args.seconds,
                    connections=int(kw.get("connections", args.fixed_connections)),
                    headers=kw.get("headers"),
                    database=args.database,
                )
            else:
                run = await wrk(
                    server,
                    path,
                    connections=int(kw.get("connections", args.connections)),
                    seconds=args.seconds,
                    headers=kw.get("headers"),
                    database=args.database,
                )
            results.setdefault(label, []).append(run)
        print(f"round {round_ + 1}/{args.rounds} done", flush=True)


async def run(args: argparse.Namespace) -> None:
    results: dict[str, list[Run]] = {}
    # Two phases, so that no more than three servers' pools are open at once (the box's
    # PostgreSQL is shared: 100 connections in all); a `--before-src` server (feed reads alone,
    # its read pool of 10) is a fourth.
    one = await ours(args, "ours, 1 process", 1)
    peer1 = await peer(args, "peer, 1 process", 1)
    servers = [one, peer1]
    try:
        cached = None
        if not args.only_feeds:
            cached = await ours(
                args, "ours, rankings cached 1 h", 1, MYGEMINI_RANKING_CACHE_SECONDS="3600"
            )
            servers.append(cached)
        before = None
        if args.before_src:
            before = await ours(args, "before, 1 process", 1, args.before_src)
            servers.append(before)
        if args.src == str(ROOT / "src"):
            await same_bytes(one, peer1)
        else:
            print(f"serving {args.src}: a tree other than this one, answers not compared")
        nickname, auth = await bench_person(one, args.database)
        plan: Plan = [
            ("feed latest: ours", one, FEED, {}),
            ("feed latest: peer", peer1, FEED, {}),
            ("feed latest, signed in: ours", one, FEED, {"headers": auth}),
        ]
        if before is not None:
            plan += [
                ("feed latest: before", before, FEED, {}),
                ("feed latest, signed in: before", before, FEED, {"headers": auth}),
            ]
        if cached is not None:
            plan += [
                ("feed popular: ours", one, "/api/feed?kind=popular&limit=24", {}),
                ("profile: ours", one, f"/api/users/{nickname}", {}),
                ("profile, signed in: ours", one, f"/api/users/{nickname}", {"headers": auth}),
                ("rankings daily live (10 s cache): ours", one, "/api/rankings/daily", {}),
                ("rankings daily, cached read: ours", cached, "/api/rankings/daily", {}),
            ]
        await measure(args, plan, results)
        rss = rss_mib(one.pid)
    finally:
        for server in servers:
            server.stop()
    fixed_label = f"feed at {args.rate:.0f}/s, 2 processes"
    if not args.skip_fixed:
        two = await ours(args, "ours, 2 processes", 2)
        peer2 = await peer(args, "peer, 2 processes", 2)
        fixed = {"rate": args.rate, "connections": args.fixed_connections}
        try:
            await measure(
                args,
                [
                    (f"{fixed_label}: ours", two, FEED, fixed),
                    (f"{fixed_label}: peer", peer2, FEED, fixed),
                ],
                results,
            )
        finally:
            two.stop()
            peer2.stop()
    print(
        f"\nwrk, {args.connections} connections, {args.seconds:.0f} s per run, {args.rounds} rounds"
        f"; fixed rate: openloop, {args.fixed_connections} connections"
    )
    print(HEADER)
    for label, runs in results.items():
        print(line(label, runs))

    def ratio(a: str, b: str) -> None:
        ra, rb = results[a], results[b]
        ma, mb = median_run(ra), median_run(rb)
        print(
            f"  {a} / {b}: throughput {rate_of(ra) / rate_of(rb):.2f}x, "
            f"CPU per request {ma.cpu_ms_per_request / mb.cpu_ms_per_request:.2f}x, "
            f"p99 {ma.p99_ms / mb.p99_ms:.2f}x"
        )

    print("\nratios (ours / peer; ours live / ours cached):")
    ratio("feed latest: ours", "feed latest: peer")
    if args.before_src:
        ratio("feed latest: before", "feed latest: peer")
        ratio("feed latest: ours", "feed latest: before")
        ratio("feed latest, signed in: ours", "feed latest, signed in: before")
    if not args.only_feeds:
        ratio("profile: ours", "feed latest: peer")
        ratio("rankings daily live (10 s cache): ours", "rankings daily, cached read: ours")
    if not args.skip_fixed:
        ratio(f"{fixed_label}: ours", f"{fixed_label}: peer")
    print(f"\nRSS of `serve` (1 process) after the runs: {rss:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--redis", default="")
    parser.add_argument("--data-dir", default="/tmp/mygemini-bench")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument(
        "--fixed-connections", type=int, default=64, help="openloop's keep-alive connections"
    )
    parser.add_argument(
        "--src", default=str(ROOT / "src"), help="the mygemini tree to serve (a before copy)"
    )
    parser.add_argument("--skip-fixed", action="store_true", help="no two-process fixed rate")
    parser.add_argument(
        "--before-src",
        default="",
        help="another mygemini tree served next to ours (feed rows, interleaved): before/after",
    )
    parser.add_argument(
        "--only-feeds", action="store_true", help="the feed rows alone (no profile, rankings)"
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

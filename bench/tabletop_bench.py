"""Room fan-out: deliveries/s and latency of `/tabletop` chat, ours beside a plain Node relay.

    .venv/bin/python bench/tabletop_bench.py                # the relay and ours on one process
    .venv/bin/python bench/tabletop_bench.py --steps 1,2,4,8,16,32 --rate 2 --seconds 8 \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/test --redis redis://127.0.0.1:6379/14

Rooms of 8; every member sends `chat.send` `--rate` times a second (under the per-person limit of
5/s) and every message is delivered to all 8 members as `room.event`. Each target runs with more
rooms per step (`--steps`) until its p99 delivery latency passes `--p99-ms` (50); the figure kept
is the most deliveries/s seen within the bound, and ours is reported as a share of the relay's.
The load comes from one Node process with the official socket.io-client (tests/node/fanout.mjs),
the same for every target:
- relay: tests/node/relay.mjs, a plain socket.io server that only relays (no auth, validation,
  storage or visibility): socket.io's own cost;
- ours, one process: `mygemini serve` embedded (SQLite, in-process pub/sub) — auth, validation,
  the event stored with its seq, visibility, emitted after commit;
- ours, two processes + Redis (PostgreSQL): half the members of each room on each process.
Bounded: each step runs warm-up + `--seconds` + a 5 s drain; at most len(--steps) steps per
target, then everything is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "tests" / "node"
MYGEMINI = str(Path(sys.executable).with_name("mygemini"))
sys.path.insert(0, str(ROOT))

from tests.live import free_port  # noqa: E402


async def wait_healthy(base: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(150):
            try:
                if (await http.get(f"{base}/api/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{base} did not come up")


def start_ours(env: dict[str, str], port: int, *, migrate: bool) -> subprocess.Popen[bytes]:
    args = [MYGEMINI, "serve", "--port", str(port)] + ([] if migrate else ["--no-migrate"])
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def seat_rooms(base: str, rooms: int, tag: str) -> list[dict[str, Any]]:
    """Sign up 8 people per room, the first creates it and the others join; returns the rooms
    with their members' access tokens."""
    seated: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for r in range(rooms):
            tokens: list[str] = []
            room_id: int | None = None
            for m in range(8):
                nick = f"b{tag}{r}x{m}"
                resp = await http.post(
                    "/api/auth/signup",
                    json={
                        "email": f"{nick}@example.com",
                        "password": "bench-pass-1",
                        "nickname": nick,
                    },
                )
                resp.raise_for_status()
                auth = {"Authorization": f"Bearer {resp.json()['access_token']}"}
                tokens.append(resp.json()["access_token"])
                if room_id is None:
                    resp = await http.post(
                        "/api/rooms",
                        json={"title": f"bench {r}", "max_players": 8, "secret": False},
                        headers=auth,
                    )
                    resp.raise_for_status()
                    room_id = int(resp.json()["id"])
                else:
                    resp = await http.post(f"/api/rooms/{room_id}/join", json={}, headers=auth)
                    resp.raise_for_status()
            seated.append({"room_id": room_id, "tokens": tokens})
    return seated


def fan_out(
    urls: Sequence[str], rooms: list[dict[str, Any]], rate: float, seconds: int
) -> dict[str, Any]:
    """Run the Node load; with two URLs, half of every room's members go to each."""
    results: list[dict[str, Any]] = []
    configs = []
    for i, url in enumerate(urls):
        part = [
            {"room_id": room["room_id"], "tokens": room["tokens"][i :: len(urls)]} for room in rooms
        ]
        configs.append({"url": url, "rooms": part, "rate_per_member": rate, "seconds": seconds})
    # One Node process per URL, run side by side, so each half of a room talks to its process.
    procs = []
    for config in configs:
        path = Path(tempfile.mkstemp(suffix=".json")[1])
        path.write_text(json.dumps(config))
        procs.append(
            subprocess.Popen(
                ["node", str(NODE_DIR / "fanout.mjs"), str(path)],
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 120)
        results.append(json.loads(out.strip().splitlines()[-1]))
    if len(results) == 1:
        return results[0]
    # Each Node process timed only its own receivers; deliveries add up, latencies are per half.
    merged = {
        "sockets": sum(r["sockets"] for r in results),
        "sends": sum(r["sends"] for r in results),
        "acks": sum(r["acks"] for r in results),
        "deliveries": sum(r["deliveries"] for r in results),
        "deliveries_per_s": sum(r["deliveries_per_s"] for r in results),
        "p50_ms": max(r["p50_ms"] or 0 for r in results),
        "p99_ms": max(r["p99_ms"] or 0 for r in results),
        "max_ms": max(r["max_ms"] or 0 for r in results),
        "errors": {k: v for r in results for k, v in r["errors"].items()},
    }
    # Both halves of a room receive everything sent in it; each process expected only half.
    return merged


async def fresh_pg(url: str) -> str:
    name = f"mygemini_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.rsplit("/", 1)[0] + "/" + name


def row(name: str, rooms: int, result: dict[str, Any]) -> str:
    return (
        f"| {name} | {rooms} | {result['sockets']} | {result['deliveries_per_s']} | "
        f"{result['p50_ms']:.1f} | {result['p99_ms']:.1f} | {result['max_ms']:.1f} | "
        f"{json.dumps(result['errors'])} |"
    )


def sweep(
    name: str, urls: Sequence[str], rooms: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[list[str], int]:
    """More rooms per step until p99 passes the bound; returns the table rows and the most
    deliveries/s seen within it."""
    lines, best = [], 0
    for count in args.steps:
        if count > len(rooms):
            break
        result = fan_out(urls, rooms[:count], args.rate, args.seconds)
        lines.append(row(name, count, result))
        print(lines[-1], flush=True)
        within = result["p99_ms"] is not None and result["p99_ms"] <= args.p99_ms
        if within and not result["errors"]:
            best = max(best, result["deliveries_per_s"])
        else:
            break
    return lines, best


async def run(args: argparse.Namespace) -> None:
    most = max(args.steps)
    header = [
        f"rooms of 8, {args.rate} messages/s per member, {args.seconds} s per step, "
        f"bound p99 <= {args.p99_ms} ms",
        "| target | rooms | sockets | deliveries/s | p50 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    print("\n".join(header), flush=True)
    lines: list[str] = []
    best: dict[str, int] = {}
    base_env = {
        **os.environ,
        "MYGEMINI_LOG_LEVEL": "WARNING",
        "MYGEMINI_STUDIO__WARM_PREVIEWS": "false",
        "MYGEMINI_AUTH__JWT_SECRET": "bench-secret-bench-secret-bench-secret",
    }

    # 1. The plain Node relay.
    port = free_port()
    relay = subprocess.Popen(
        ["node", str(NODE_DIR / "relay.mjs"), str(port)], stdout=subprocess.PIPE
    )
    try:
        assert relay.stdout is not None and relay.stdout.readline().strip() == b"ready"
        rooms = [{"room_id": r + 1, "tokens": [None] * 8} for r in range(most)]
        name = "Node socket.io relay"
        rows, best[name] = sweep(name, [f"http://127.0.0.1:{port}"], rooms, args)
        lines += rows
    finally:
        relay.terminate()
        relay.wait(10)

    # 2. Ours, one embedded process.
    data = tempfile.mkdtemp(prefix="mygemini-bench-")
    env = {
        **base_env,
        "MYGEMINI_DATA_DIR": data,
        "MYGEMINI_DATABASE_URL": f"sqlite+aiosqlite:///{data}/b.db",
    }
    env.pop("MYGEMINI_REDIS_URL", None)
    port = free_port()
    ours = start_ours(env, port, migrate=True)
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_healthy(base)
        rooms = await seat_rooms(base, most, "e")
        name = "mygemini, 1 process (SQLite)"
        rows, best[name] = sweep(name, [base], rooms, args)
        lines += rows
    finally:
        ours.terminate()
        ours.wait(15)

    # 3. Ours, two processes + Redis + PostgreSQL.
    if args.database and args.redis:
        db = await fresh_pg(args.database)
        data = tempfile.mkdtemp(prefix="mygemini-bench-")
        env = {
            **base_env,
            "MYGEMINI_DATA_DIR": data,
            "MYGEMINI_DATABASE_URL": db,
            "MYGEMINI_REDIS_URL": args.redis,
        }
        ports = [free_port(), free_port()]
        procs = [start_ours(env, ports[0], migrate=True)]
        try:
            await wait_healthy(f"http://127.0.0.1:{ports[0]}")
            procs.append(start_ours(env, ports[1], migrate=False))
            bases = [f"http://127.0.0.1:{p}" for p in ports]
            await wait_healthy(bases[1])
            rooms = await seat_rooms(bases[0], most, "s")
            name = "mygemini, 2 processes + Redis (PostgreSQL)"
            rows, best[name] = sweep(name, bases, rooms, args)
            lines += rows
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(15)
    print()
    print("\n".join(header + lines))
    relay_best = best.get("Node socket.io relay", 0)
    print(f"\nmost deliveries/s with p99 <= {args.p99_ms} ms:")
    for name, value in best.items():
        ratio = f" ({value / relay_best:.2f} of the relay)" if relay_best else ""
        print(f"- {name}: {value}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--steps",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 2, 4, 8, 16, 32],
        help="rooms of 8 per step, comma-separated (a target stops past the bound)",
    )
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--p99-ms", type=float, default=50.0)
    parser.add_argument("--database", default="")
    parser.add_argument("--redis", default="")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""`notification.new` pushes: 200 connected people each followed once, all at the same moment,
side by side with a hand-written peer.

    .venv/bin/python bench/push_bench.py                    # embedded: SQLite, in-process pub-sub
    .venv/bin/python bench/push_bench.py \\
        --database postgresql+asyncpg://postgres@127.0.0.1:5432/helper_push \\
        --redis redis://127.0.0.1:6393/0

Starts `mygemini serve` and the peer (bench/peers/push_peer.py: Starlette + python-socketio, one
INSERT then emit; through Redis pub/sub too with `--redis`) on free loopback ports against the
same database, whose people the script writes itself (no password hashing: it signs their access
tokens with the key it gives both).
`--people` people connect a python-socketio client (websocket transport) to each server; then,
round after round, alternating ours and the peer, `--people` others each send
`PUT /api/users/{nickname}/follow` for a different connected person over connections opened
beforehand, all written in one go. Latency per person: from the moment its follow request is
written to the moment its `notification.new` arrives. Each round prints p50/p99/max; then the
medians over the rounds and ours / peer. A first round each is a warm-up, not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import Server, cpu_seconds, free_port, start

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mygemini.core.security import create_access_token  # noqa: E402

SECRET = "bench-push-jwt-secret-0123456789abcdef-0123456789"
BIN = Path(sys.executable).parent


@dataclass
class Person:
    id: int
    nickname: str
    token: str


@dataclass
class Round:
    latencies_ms: list[float]
    missing: int
    cpu_ms: float
    # When each follow's HTTP answer came back (ms after it was sent), sorted.
    answered_ms: list[float]

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Audience:
    """The connected people of one server, and when each one's push arrived."""

    clients: list[socketio.AsyncClient] = field(default_factory=list)
    arrived: dict[int, float] = field(default_factory=dict)


def add_people(database: str, tag: str, count: int) -> list[Person]:
    """Write `count` people straight into the users table; their ids, in order."""
    rows = [(f"p{tag}{i}", f"p{tag}{i}".casefold()) for i in range(count)]
    if database.startswith("sqlite"):
        with sqlite3.connect(database.split(":///", 1)[1]) as conn:
            conn.executemany(
                "INSERT INTO users (nickname, nickname_key, bio, onboarded, created_at, "
                "updated_at) VALUES (?, ?, '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                rows,
            )
            got = conn.execute(
                "SELECT id, nickname FROM users WHERE nickname LIKE ? ORDER BY id", (f"p{tag}%",)
            ).fetchall()
    else:
        got = asyncio.run(_add_pg(database, tag, rows))
    return [Person(int(i), str(n), create_access_token(int(i), SECRET, 120)) for i, n in got]


async def _add_pg(database: str, tag: str, rows: list[tuple[str, str]]) -> list[tuple[int, str]]:
    conn = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.executemany(
            "INSERT INTO users (nickname, nickname_key, bio, onboarded, created_at, updated_at) "
            "VALUES ($1, $2, '', true, now(), now())",
            rows,
        )
        got = await conn.fetch(
            "SELECT id, nickname FROM users WHERE nickname LIKE $1 ORDER BY id", f"p{tag}%"
        )
    finally:
        await conn.close()
    return [(int(r[0]), str(r[1])) for r in got]


async def connect_all(server: Server, people: list[Person]) -> Audience:
    audience = Audience()
    gate = asyncio.Semaphore(20)

    async def one(person: Person) -> None:
        client = socketio.AsyncClient(reconnection=False)

        async def arrived(_: object) -> None:
            audience.arrived.setdefault(person.id, time.perf_counter())

        client.on("notification.new", arrived)

        async with gate:
            await client.connect(
                server.base, auth={"token": person.token}, transports=["websocket"], wait_timeout=30
            )
        audience.clients.append(client)

    await asyncio.gather(*(one(p) for p in people))
    return audience


async def follow_all(
    server: Server, followers: list[Person], targets: list[Person], audience: Audience, wait: float
) -> Round:
    """Every follower follows its target at once; each target's follow-to-push latency."""
    host, port = server.base.removeprefix("http://").split(":")
    streams = await asyncio.gather(*(asyncio.open_connection(host, int(port)) for _ in followers))
    requests = [
        (
            f"PUT /api/users/{t.nickname}/follow HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {f.token}\r\nContent-Length: 0\r\n\r\n"
        ).encode()
        for f, t in zip(followers, targets, strict=True)
    ]
    audience.arrived.clear()
    cpu = cpu_seconds(server.pid)
    sent: dict[int, float] = {}
    for (_, writer), request, target in zip(streams, requests, targets, strict=True):
        sent[target.id] = time.perf_counter()
        writer.write(request)

    async def answer(reader: asyncio.StreamReader) -> tuple[bytes, float]:
        head = await reader.readuntil(b"\r\n\r\n")
        return head, time.perf_counter()

    answers = await asyncio.gather(*(answer(reader) for reader, _ in streams))
    statuses = [head for head, _ in answers]
    answered = sorted((at - sent[t.id]) * 1000 for (_, at), t in zip(answers, targets, strict=True))
    deadline = time.perf_counter() + wait
    while len(audience.arrived) < len(targets) and time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
    cpu_ms = (cpu_seconds(server.pid) - cpu) * 1000
    for _, writer in streams:
        writer.close()
    bad = [s.split(b"\r\n", 1)[0] for s in statuses if b" 204 " not in s.split(b"\r\n", 1)[0]]
    if bad:
        print(f"  {len(bad)} follows not answered 204, e.g. {bad[0]!r}", flush=True)
    latencies = [(audience.arrived[t] - sent[t]) * 1000 for t in sent if t in audience.arrived]
    return Round(latencies, len(targets) - len(latencies), cpu_ms / len(targets), answered)


def env_for(args: argparse.Namespace, data_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "MYGEMINI_DATA_DIR": data_dir,
        "MYGEMINI_LOG_LEVEL": "WARNING",
        "MYGEMINI_STUDIO__WARM_PREVIEWS": "false",
        "MYGEMINI_AUTH__JWT_SECRET": SECRET,
        "PEER_JWT_SECRET": SECRET,
        "PEER_DATABASE_URL": args.database,
    }
    if args.database.startswith("postgresql"):
        env["MYGEMINI_DATABASE_URL"] = args.database
    if args.redis:
        env["MYGEMINI_REDIS_URL"] = args.redis
        env["PEER_REDIS_URL"] = args.redis
    return env


def summary(label: str, rounds: list[Round]) -> tuple[float, float]:
    p50 = statistics.median(r.pct(0.5) for r in rounds)
    p99 = statistics.median(r.pct(0.99) for r in rounds)
    cpu = statistics.median(r.cpu_ms for r in rounds)
    missing = sum(r.missing for r in rounds)
    print(
        f"{label:<6} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  server CPU {cpu:5.2f} ms/push  "
        f"(p99 per round: {', '.join(f'{r.pct(0.99):.0f}' for r in rounds)}; "
        f"missing {missing})"
    )
    return p50, p99


async def measure(
    args: argparse.Namespace, ours: Server, peer: Server, people: list[Person]
) -> None:
    targets, followers = people[: args.people], people[args.people :]
    audiences = {
        "ours": await connect_all(ours, targets),
        "peer": await connect_all(peer, targets),
    }
    servers = {"ours": ours, "peer": peer}
    print(f"{args.people} people connected to each server", flush=True)
    results: dict[str, list[Round]] = {"ours": [], "peer": []}
    try:
        for n in range(args.rounds + 1):
            # Ours needs new follows each round (following again is a no-op, no push).
            batch = followers[n * args.people : (n + 1) * args.people]
            for name in ("ours", "peer"):
                got = await follow_all(servers[name], batch, targets, audiences[name], args.wait)
                label = "warm-up" if n == 0 else f"round {n}"
                print(
                    f"{label} {name}: p50 {got.pct(0.5):.1f} ms, p99 {got.pct(0.99):.1f} ms, "
                    f"max {max(got.latencies_ms, default=float('nan')):.1f} ms, "
                    f"missing {got.missing}, server CPU {got.cpu_ms:.2f} ms/push; HTTP answers "
                    f"p50 {statistics.median(got.answered_ms):.1f} ms",
                    flush=True,
                )
                if n:
                    results[name].append(got)
                await asyncio.sleep(args.pause)
    finally:
        for audience in audiences.values():
            await asyncio.gather(*(c.disconnect() for c in audience.clients))
    print(f"\nmedians of {args.rounds} rounds, {args.people} follows at once:")
    o50, o99 = summary("ours", results["ours"])
    p50, p99 = summary("peer", results["peer"])
    print(f"ours / peer: p50 {o50 / p50:.1f}x, p99 {o99 / p99:.1f}x")


async def run(args: argparse.Namespace) -> None:
    print(f"load average before: {os.getloadavg()}", flush=True)
    data_dir = tempfile.mkdtemp(prefix="push-bench-")
    try:
        if not args.database:
            args.database = f"sqlite+aiosqlite:///{Path(data_dir) / 'mygemini.db'}"
        env = env_for(args, data_dir)
        port = free_port()
        ours = await start("ours", [str(BIN / "mygemini"), "serve", "--port", str(port)], env, port)
        try:
            tag = f"{os.getpid() % 10000}x"
            count = args.people * (args.rounds + 2)
            people = await asyncio.to_thread(add_people, args.database, tag, count)
            port = free_port()
            argv = [str(BIN / "uvicorn"), "--app-dir", str(ROOT / "bench/peers"), "push_peer:app"]
            argv += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
            peer = await start("peer", argv, env, port)
            try:
                await measure(args, ours, peer, people)
            finally:
                peer.stop()
        finally:
            ours.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database", default="", help="empty: SQLite in a temporary data dir")
    parser.add_argument("--redis", default="")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wait", type=float, default=30, help="seconds to wait for the pushes")
    parser.add_argument("--pause", type=float, default=1, help="seconds between runs")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

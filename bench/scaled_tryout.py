"""The scaled-out mode tried from outside: two `mygemini serve` processes and two `mygemini worker`
processes (and the `mygemini scheduler`) on PostgreSQL and a Redis of the script's own, the
built-in renderer, stars on.

    .venv/bin/python bench/scaled_tryout.py [--people 30] \\
        [--database postgresql://postgres@127.0.0.1:5432/postgres]

`--people` people sign up (Korean nicknames) and each spends the whole sign-up grant on
summons, sent back to back and alternating between the two API processes, while the official
Node socket.io-client (tests/node/finished_listener.mjs, one connection per person to the first
API process) listens for `generation.finished`. Between two summons: a worker is killed -9 and
started again, Redis is killed -9 and started again empty 3 s later (it keeps no data: the job
stream is gone), the second API process is killed -9 and started again. The jobs already queued
or running meet each fault; no summon is sent to a process while it is down. Then, as each
person's server tells it: every summon was accepted and its job succeeded, each success named
its own gemini and the person holds exactly those, each person was charged exactly once per job
(balance and ledger), one more summon is refused for want of stars, and no `generation.finished`
reached anyone but its owner. Also printed: how many of those pushes the Node client saw. Pushes
sent while Redis was down are not replayed; the studio page polls an unfinished job every 2 s as
well (web/src/features/studio/useGeneration.ts), so such a job still shows its end there.

Prints what it saw and exits non-zero if a check fails; it asserts nothing about time. The
heartbeat timeout is 15 s here (60 s by default) so a killed worker's job comes back sooner.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import free_port, sign_up_people, wait_until_healthy

from mygemini.config import StudioSettings
from mygemini.wallet.service import SIGNUP_GRANT

ROOT = Path(__file__).resolve().parents[1]
MYGEMINI = str(Path(sys.executable).with_name("mygemini"))
LISTENER = ROOT / "tests/node/finished_listener.mjs"
# Each person spends the whole sign-up grant, at the default price of a summon.
COST = StudioSettings().generation_cost
SUMMONS = SIGNUP_GRANT // COST


def _wait_until(what: str, ok: Any, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if ok():
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up")


class Cluster:
    """Redis, two API processes, two workers and the scheduler (the job sweeper: README's
    scaled-out deployment), each of which can be killed and started again."""

    def __init__(self, env: dict[str, str], data: Path) -> None:
        self.env, self.data = env, data
        self.redis_port = int(env["MYGEMINI_REDIS_URL"].rsplit(":", 1)[1].split("/")[0])
        self.api_ports = (free_port(), free_port())
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.log = open(data / "cluster.log", "ab")  # noqa: SIM115 (closed in stop)

    def url(self, api: int) -> str:
        return f"http://127.0.0.1:{self.api_ports[api]}"

    def start(self, name: str) -> None:
        if name == "redis":
            argv = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            argv += ["--save", "", "--appendonly", "no"]
        elif name.startswith("api"):
            argv = [MYGEMINI, "serve", "--port", str(self.api_ports[int(name[3:])])]
        elif name == "scheduler":
            argv = [MYGEMINI, "scheduler"]
        else:
            argv = [MYGEMINI, "worker"]
        self.procs[name] = subprocess.Popen(
            argv, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        if name == "redis":
            _wait_until("redis", lambda: _redis_ping(self.redis_port))
        elif name.startswith("api"):
            wait_until_healthy(self.procs[name], self.url(int(name[3:])))

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.kill()
        proc.wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs.clear()
        self.log.close()


def _redis_ping(port: int) -> bool:
    out = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, timeout=5
    )
    return out.stdout.strip() == "PONG"


async def _all(c: httpx.AsyncClient, path: str, headers: dict[str, str], key: str) -> list[Any]:
    """Every item of a cursor-paged list."""
    items: list[Any] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        r = await c.get(path, params=params, headers=headers)
        assert r.status_code == 200, (path, r.status_code, r.text)
        body = r.json()
        items += body[key]
        cursor = body.get("next_cursor")
        if not cursor:
            return items


async def tryout(cluster: Cluster, people: int) -> bool:
    a, b = (httpx.AsyncClient(base_url=cluster.url(i), timeout=30) for i in (0, 1))
    async with a, b:
        preset = (await a.get("/api/studio/catalog")).json()["presets"][0]["attributes"]
        auth = await sign_up_people(a, people, nickname="확장", email="s")
        tokens = [h["Authorization"].removeprefix("Bearer ") for h in auth]

        config = cluster.data / "listener.json"
        config.write_text(json.dumps({"url": cluster.url(0), "tokens": tokens, "seconds": 900}))
        listener = await asyncio.create_subprocess_exec(
            "node",
            str(LISTENER),
            str(config),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            cwd=LISTENER.parent,
        )
        seen: list[dict[str, Any]] = []

        async def read() -> None:
            assert listener.stdout is not None
            while line := await listener.stdout.readline():
                seen.append(json.loads(line))

        reader = asyncio.create_task(read())
        deadline = time.monotonic() + 60
        while len({s["p"] for s in seen if s.get("connected")}) < people:
            if listener.returncode is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"the Node listener did not connect everyone (exit {listener.returncode}; "
                    f"`make tests/node/node_modules/.installed`?): {seen[-3:]}"
                )
            await asyncio.sleep(0.1)

        total = people * SUMMONS
        faults = {
            total // 5: ("worker1", "worker 2 killed -9, started again"),
            2 * total // 5: ("redis", "Redis killed -9, started again empty 3 s later"),
            3 * total // 5: ("api1", "API 2 killed -9, started again"),
        }
        answers: Counter[int] = Counter()
        accepted: dict[int, int] = {}
        t0 = time.perf_counter()
        for n in range(total):
            person, api = n % people, (a, b)[n % 2]
            r = await api.post(
                "/api/studio/generations",
                json={"recipe": {"attributes": preset}},
                headers=auth[person],
            )
            answers[r.status_code] += 1
            if r.status_code == 202:
                accepted[r.json()["id"]] = person
            if n in faults:
                which, what = faults[n]
                print(f"after summon {n + 1}, at {datetime.now(UTC):%H:%M:%S.%f}: {what}")
                cluster.kill(which)
                if which == "redis":
                    await asyncio.sleep(3)
                cluster.start(which)
        print(f"{total} summons sent in {time.perf_counter() - t0:.1f} s; answers {dict(answers)}")

        deadline = time.monotonic() + 300
        while True:
            jobs = [g for h in auth for g in await _all(a, "/api/studio/generations", h, "items")]
            unfinished = [g for g in jobs if g["status"] in ("queued", "running")]
            if not unfinished or time.monotonic() > deadline:
                break
            await asyncio.sleep(2)
        statuses = Counter(g["status"] for g in jobs)
        print(
            f"jobs the servers know: {len(jobs)} ({len(accepted)} answered 202), statuses "
            f"{dict(statuses)}; all ended {time.perf_counter() - t0:.1f} s after the first summon"
        )

        ok = (
            not unfinished
            and answers == Counter({202: total})
            and {g["id"] for g in jobs} == set(accepted)
            and statuses["succeeded"] == len(jobs)
        )
        twice = charged_wrong = 0
        for person, h in enumerate(auth):
            mine = [g for g in jobs if accepted.get(g["id"]) == person]
            geminis = await _all(a, "/api/me/geminis", h, "items")
            made = Counter(g["gemini_id"] for g in mine if g["status"] == "succeeded")
            # Each success names its own gemini, and the person holds exactly those.
            twice += (
                None in made
                or any(n > 1 for n in made.values())
                or set(made) != {g["id"] for g in geminis}
            )
            wallet = await a.get("/api/wallet", params={"limit": 100}, headers=h)
            body = wallet.json()
            charges = Counter(e["reference"] for e in body["entries"] if e["delta"] < 0)
            spent = sum(-e["delta"] for e in body["entries"] if e["delta"] < 0)
            refunds = sum(
                e["delta"]
                for e in body["entries"]
                if e["reason"] != "signup_grant" and e["delta"] > 0
            )
            expected = SIGNUP_GRANT - COST * sum(1 for g in mine if g["status"] == "succeeded")
            charged_wrong += (
                body["balance"] != expected
                or any(n > 1 for n in charges.values())
                or spent - refunds != SIGNUP_GRANT - body["balance"]
            )
        print(f"people with a gemini missing or doubled: {twice}; charged wrongly: {charged_wrong}")
        ok = ok and twice == 0 and charged_wrong == 0

        r = await b.post(
            "/api/studio/generations", json={"recipe": {"attributes": preset}}, headers=auth[0]
        )
        print(f"one more summon with no stars left: {r.status_code}")
        ok = ok and r.status_code == 402

        await asyncio.sleep(2)  # the last pushes
        assert listener.stdin is not None
        listener.stdin.close()
        await listener.wait()
        await reader
        told = Counter(s["id"] for s in seen if "id" in s)
        # A push reaches only its owner's connections: one told to anyone else is a leak.
        not_theirs = [s for s in seen if "id" in s and accepted.get(s["id"]) != s["p"]]
        drops = Counter(s["disconnected"] for s in seen if "disconnected" in s)
        print(
            f"Node socket.io-client: generation.finished for {len(told)}/{len(accepted)} jobs "
            f"({sum(n > 1 for n in told.values())} told twice, {len(not_theirs)} told to "
            f"someone else); disconnects {dict(drops)}"
        )
        missed = sorted(set(accepted) - set(told))
        if missed:
            ended = {g["id"]: (g["finished_at"] or "unfinished")[11:23] for g in jobs}
            print("  not told: " + ", ".join(f"{i} (ended {ended.get(i)})" for i in missed))
        ok = ok and not not_theirs
    return ok


async def _database(admin: str, create: bool, name: str) -> None:
    conn = await asyncpg.connect(admin)
    try:
        if create:
            await conn.execute(f'CREATE DATABASE "{name}"')
        else:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    if shutil.which("node") is None or shutil.which("redis-server") is None:
        raise SystemExit("needs node and redis-server")

    # A SIGTERM (a timeout's) stops the cluster and drops the database as Ctrl-C would.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    admin = args.database.replace("postgresql+asyncpg://", "postgresql://")
    name = f"mygemini_tryout_{uuid.uuid4().hex[:8]}"
    # Kept afterwards: the processes' log and every stored picture, for a look.
    data = Path(tempfile.mkdtemp(prefix="mygemini-scaled-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYGEMINI_")}
    env.update(
        MYGEMINI_DATA_DIR=str(data),
        MYGEMINI_DATABASE_URL=admin.rsplit("/", 1)[0].replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        + f"/{name}",
        MYGEMINI_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
        MYGEMINI_AUTH__JWT_SECRET="scaled-tryout-" + uuid.uuid4().hex * 2,
        MYGEMINI_STUDIO__MAX_UNFINISHED_PER_PERSON="100000",
        MYGEMINI_STUDIO__WARM_PREVIEWS="false",
        MYGEMINI_JOBS__HEARTBEAT_TIMEOUT_SECONDS="15",
        MYGEMINI_JOBS__HEARTBEAT_INTERVAL_SECONDS="3",
    )
    cluster = Cluster(env, data)
    ok = False
    try:
        asyncio.run(_database(admin, True, name))
        subprocess.run(
            [MYGEMINI, "migrate"], env=env, check=True, stdout=cluster.log, stderr=subprocess.STDOUT
        )
        for proc in ("redis", "api0", "api1", "worker0", "worker1", "scheduler"):
            cluster.start(proc)
        ok = asyncio.run(tryout(cluster, args.people))
    finally:
        cluster.stop()
        asyncio.run(_database(admin, False, name))
        print(f"logs: {data}/cluster.log")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

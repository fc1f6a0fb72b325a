"""Shared by the HTTP benches: servers started on free ports, `wrk` runs parsed, the servers' CPU
time read from /proc around each run, PostgreSQL backends sampled from pg_stat_activity.

`wrk` (Debian's `apt-get install wrk`, 4.1) is the load generator for throughput: it costs ~0.03 ms
CPU per request where the old httpx client cost 1.2-1.6 ms and capped even the peer. wrk has no
open-loop mode (wrk2 is not packaged): a fixed rate runs `openloop` (bench/openloop.c, compiled
with gcc on first use), which sends each request when it is due whatever the server does and
measures its latency from that moment, so a server that falls behind is charged for the wait
(no coordinated omission). It costs ~0.02-0.08 ms CPU per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

OPENLOOP_SOURCE = Path(__file__).with_name("openloop.c")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn --workers runs the app in children)."""
    found = [pid]
    for p in found:
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        found.extend(int(c) for c in children)
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live descendants."""
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


async def migrated_sqlite(data: Path) -> str:
    """A SQLite database in `data`, migrated to the newest schema: its URL."""
    from alembic import command

    from mygemini.migrations import alembic_config

    url = f"sqlite+aiosqlite:///{data}/b.db"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")
    return url


def rss_mib(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process and its descendants, MiB (`field="VmHWM"`: each one's peak
    since it started, or since `echo 5 > /proc/<pid>/clear_refs`)."""
    total = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def start(name: str, argv: Sequence[str], env: dict[str, str], port: int) -> Server:
    process = subprocess.Popen(
        list(argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as http:
        for _ in range(150):
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}")
            try:
                await http.get(f"{base}/api/feed?limit=1")
                return Server(name, base, process)
            except httpx.HTTPError:
                await asyncio.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{name} did not answer")


def wait_until_healthy(process: subprocess.Popen[bytes], base: str, within: float = 60) -> None:
    """Block until `base`'s /api/health answers below 500 (a tryout's `mygemini serve`); exits
    the script if the process ends first or the time runs out."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{base}: the server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/health", timeout=1).status_code < 500:
                return
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise SystemExit(f"{base}: the server did not start")


async def sign_up_people(
    client: httpx.AsyncClient, count: int, nickname: str, email: str
) -> list[dict[str, str]]:
    """`count` people signed up through the API (nicknames `<nickname><i>`, emails
    `<email><i>@example.com`); each one's Authorization header."""
    people = []
    for i in range(count):
        r = await client.post(
            "/api/auth/signup",
            json={
                "email": f"{email}{i}@example.com",
                "password": "tryout-pass-1",
                "nickname": f"{nickname}{i}",
            },
        )
        assert r.status_code == 201, r.text
        people.append({"Authorization": "Bearer " + r.json()["access_token"]})
    return people


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_ms_per_request: float
    errors: int
    backends_max: int = 0
    backends_seen: int = 0
    # the load generator's own CPU per request (openloop reports it)
    generator_cpu_ms: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert m, text
    return float(m.group(1)) * _UNITS[m.group(2)]


def _rate_script(connections: int, rate: float, headers: dict[str, str]) -> str:
    lines = [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    if rate:
        delay = connections / rate * 1000
        lines.append(f"function delay() return {delay:.3f} end")
    path = Path(tempfile.mkstemp(suffix=".lua")[1])
    path.write_text("\n".join(lines) + "\n")
    return str(path)


async def wrk(
    server: Server,
    path: str,
    *,
    connections: int,
    seconds: float,
    rate: float = 0,
    headers: dict[str, str] | None = None,
    database: str = "",
) -> Run:
    """One wrk run against `server`; CPU and backends measured around it."""
    assert shutil.which("wrk"), "install wrk: apt-get install -y wrk"
    script = _rate_script(connections, rate, headers or {})
    sampler = BackendSampler(database) if database else None
    if sampler:
        await sampler.start()
    before = cpu_seconds(server.pid)
    proc = await asyncio.create_subprocess_exec(
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        script,
        server.base + path,
        stdout=asyncio.subprocess.PIPE,
    )
    out = (await proc.communicate())[0].decode()
    used = cpu_seconds(server.pid) - before
    if sampler:
        await sampler.stop()
    os.unlink(script)
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).group(1))  # type: ignore[union-attr]
    took = re.search(r"requests in ([\d.]+)(ms|s|m)", out)
    assert took, out
    secs = float(took.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[took.group(2)]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    run = Run(requests, secs, p50, p99, used * 1000 / max(1, requests), errors)
    if sampler:
        run.backends_max, run.backends_seen = sampler.most, len(sampler.pids)
    return run


def openloop_binary() -> str:
    """bench/openloop.c compiled (once per version of the source) into the temp directory."""
    source = OPENLOOP_SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:12]
    binary = Path(tempfile.gettempdir()) / f"mygemini-openloop-{digest}"
    if not binary.exists():
        assert shutil.which("gcc"), "openloop needs gcc: apt-get install -y gcc"
        draft = binary.with_name(binary.name + f".{os.getpid()}")
        subprocess.run(["gcc", "-O2", "-o", str(draft), str(OPENLOOP_SOURCE)], check=True)
        draft.replace(binary)
    return str(binary)


async def openloop(
    server: Server,
    path: str,
    *,
    rate: float,
    seconds: float,
    connections: int,
    warmup: float = 1.0,
    headers: dict[str, str] | None = None,
    database: str = "",
) -> Run:
    """`rate` requests a second for `seconds` (after `warmup` seconds not counted), open loop;
    latency from each request's due time. CPU and backends measured around it."""
    argv = [openloop_binary(), "-r", str(rate), "-d", str(seconds), "-w", str(warmup)]
    argv += ["-c", str(connections)]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    sampler = BackendSampler(database) if database else None
    if sampler:
        await sampler.start()
    before = cpu_seconds(server.pid)
    proc = await asyncio.create_subprocess_exec(
        *argv, server.base + path, stdout=asyncio.subprocess.PIPE
    )
    out = (await proc.communicate())[0].decode()
    used = cpu_seconds(server.pid) - before
    if sampler:
        await sampler.stop()
    got = dict(line.split("=", 1) for line in out.split())
    completed = int(got["completed"])
    run = Run(
        requests=completed,
        seconds=float(got["seconds"]),
        p50_ms=float(got["p50_ms"]),
        p99_ms=float(got["p99_ms"]),
        cpu_ms_per_request=used * 1000 / max(1, completed),
        errors=int(got["errors"]),
        generator_cpu_ms=float(got["cpu_ms_per_request"]),
    )
    if sampler:
        run.backends_max, run.backends_seen = sampler.most, len(sampler.pids)
    return run


@dataclass
class BackendSampler:
    """Client backends of one database, every 0.25 s: the most at once and every pid seen (a
    steady pool shows the same pids throughout; churn shows many)."""

    database: str
    most: int = 0
    pids: set[int] = field(default_factory=set)
    _task: asyncio.Task[None] | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop())

    async def stop(self) -> None:
        self._stop.set()
        if self._task:
            await self._task

    async def _loop(self) -> None:
        dsn = self.database.replace("postgresql+asyncpg://", "postgresql://")
        name = dsn.rsplit("/", 1)[1]
        conn = await asyncpg.connect(dsn.rsplit("/", 1)[0] + "/postgres")
        try:
            while not self._stop.is_set():
                rows = await conn.fetch(
                    "SELECT pid FROM pg_stat_activity WHERE datname = $1 "
                    "AND backend_type = 'client backend'",
                    name,
                )
                self.most = max(self.most, len(rows))
                self.pids.update(r["pid"] for r in rows)
                await asyncio.sleep(0.25)
        finally:
            await conn.close()


def median_run(runs: Sequence[Run]) -> Run:
    """Field by field medians of several runs."""
    return Run(
        requests=int(statistics.median(r.requests for r in runs)),
        seconds=statistics.median(r.seconds for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        cpu_ms_per_request=statistics.median(r.cpu_ms_per_request for r in runs),
        errors=sum(r.errors for r in runs),
        backends_max=max(r.backends_max for r in runs),
        backends_seen=max(r.backends_seen for r in runs),
        generator_cpu_ms=statistics.median(r.generator_cpu_ms for r in runs),
    )


def rate_of(runs: Sequence[Run]) -> float:
    return statistics.median(r.rate for r in runs)


def line(label: str, runs: Sequence[Run]) -> str:
    m = median_run(runs)
    text = (
        f"{label:<44} {rate_of(runs):>8.0f} {m.p50_ms:>7.1f} {m.p99_ms:>7.1f} "
        f"{m.cpu_ms_per_request:>7.2f} {m.errors:>5}"
    )
    if m.backends_seen:
        text += f"  backends max {m.backends_max}, seen {m.backends_seen}"
    if m.generator_cpu_ms:
        text += f"  (openloop {m.generator_cpu_ms:.3f} ms CPU/req)"
    return text


HEADER = (
    f"{'run (median of rounds)':<44} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
    f"{'cpu ms':>7} {'errs':>5}"
)


def now() -> float:
    return time.perf_counter()
